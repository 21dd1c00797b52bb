/**
 * The one redaction on everything that leaves the process: the tokens and
 * cookies the tool knows of are replaced by `[redacted]` in stdout and
 * stderr (runProgram wraps the context's streams, whatever the format), in
 * the GitHub job summary and in report files, also when a server echoes one
 * back in an answer that becomes a message.
 *
 * Secrets are registered where they are found: the environment's
 * (`GITHUB_TOKEN`, `GH_TOKEN`, `MINUTES_HEDGEDOC_COOKIE`,
 * `MINUTES_HEDGEDOC_TOKEN`, `HACKMD_TOKEN`), `gh auth token`'s, `--cookie`.
 */
import {redact, secretsOf} from '../net/http.js'

const secrets = new Set<string>()

/** Environment variables that hold credentials. */
export const secretVariables = ['GITHUB_TOKEN', 'GH_TOKEN', 'MINUTES_HEDGEDOC_COOKIE', 'MINUTES_HEDGEDOC_TOKEN', 'HACKMD_TOKEN'] as const

/** Remember a token (`kind: 'token'`) or a Cookie header's values (`'cookie'`) to redact. */
export function registerSecret(value: string | undefined, kind: 'token' | 'cookie' = 'token'): void {
  const text = value?.trim()
  if (!text) return
  for (const secret of secretsOf(kind === 'cookie' ? {cookie: text} : {authorization: `Bearer ${text}`})) secrets.add(secret)
  secrets.add(text)
}

/** Register the credentials of an environment. */
export function registerEnvironment(env: Record<string, string | undefined>): void {
  for (const name of secretVariables) registerSecret(env[name], name.endsWith('COOKIE') ? 'cookie' : 'token')
}

/** `text` without any registered secret. */
export function redactSecrets(text: string): string {
  if (secrets.size === 0) return text
  return redact(text, [...secrets].sort((a, b) => b.length - a.length))
}

/** `stream` with every string written to it redacted; everything else as it is. */
export function redactingStream<T extends NodeJS.WritableStream>(stream: T): T {
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? redactSecrets(chunk) : Buffer.isBuffer(chunk) ? Buffer.from(redactSecrets(chunk.toString('utf8'))) : chunk, ...rest)
      }

      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    }
  })
}
