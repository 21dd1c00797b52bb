/**
 * The one HTTP client of the tool (notes and pictures): Node's global
 * `fetch` with what users expect of a command-line tool around it.
 *
 * - Only `http:` and `https:` URLs; none with a user name or password in them.
 * - A timeout for each attempt that covers the whole exchange, from connecting
 *   to the last byte of the body, so a server that hangs half way through a
 *   reply is caught too.
 * - Retries with exponential backoff (p-retry) on connection errors and 5xx
 *   replies. Timeouts are not retried: the user asked to wait that long at
 *   most, and a hanging server rarely answers the second time.
 * - Redirects are followed by hand (`redirect: 'manual'`), so that callers
 *   can refuse one (HedgeDoc's redirect to `/` when a note needs a login),
 *   loops are named as such, and credentials are never sent to another origin.
 * - A body size limit, checked against `Content-Length` before reading and
 *   while reading.
 * - Credentials (the values of `Cookie` and `Authorization`) never appear in a
 *   message: every `HttpError` is redacted, and so is its cause.
 *
 * Written here around fetch rather than with ky or got: ky 2 and got 16 need
 * Node 22; got 14 would still leave the login-redirect, loop and redaction
 * rules to write, and is a large dependency next to the fetch Node already
 * has. The retries are p-retry's.
 */
import {STATUS_CODES} from 'node:http'
import pRetry from 'p-retry'
import {InputError} from '../errors.js'

export interface HttpOptions {
  /** Milliseconds for each attempt, from connecting to the last byte. Default: 30 000. */
  timeout?: number
  /** Retries after a connection error or a 5xx reply. Default: 2. */
  retries?: number
  /** Milliseconds before the first retry; doubled for each further one. Default: 500. */
  retryDelay?: number
  /**
   * Request headers. `Cookie` and `Authorization` are credentials: they are
   * sent only to the origin of the first URL (not after a redirect to another
   * one) and redacted from every message.
   */
  headers?: Record<string, string>
  /** Largest body accepted, in bytes. Default: no limit. */
  maxBytes?: number
  /** Redirects followed at most. Default: 5. */
  maxRedirects?: number
  /**
   * Called before each redirect is followed (`to` is absolute); throw to
   * refuse it. Default: every redirect to an `http:`/`https:` URL is followed.
   */
  onRedirect?: (to: URL, from: URL, status: number) => void
  /** Cancels the request. */
  signal?: AbortSignal
}

export interface HttpResponse {
  /** Final URL, after redirects (credentials stripped). */
  url: string
  status: number
  headers: Headers
  body: Uint8Array
}

export type HttpErrorCode =
  /** Not an `http:`/`https:` URL, or not a URL at all. */
  | 'url'
  /** A user name or password in the URL. */
  | 'credentials'
  | 'timeout'
  /** Connection refused, reset, DNS or TLS failure. */
  | 'network'
  /** Too many redirects, a loop, or a redirect to a URL that cannot be followed. */
  | 'redirect'
  /** The server asked for a login (HedgeDoc 1.x: a redirect to `/`). */
  | 'login'
  /** A reply with a status or content the caller cannot use. */
  | 'status'
  | 'too-large'

/** Credentials are replaced by this in every message. */
export const redacted = '[redacted]'

export class HttpError extends InputError {
  readonly code: HttpErrorCode
  /** URL the error is about, without credentials. */
  readonly url: string
  /** HTTP status of the reply, when there was one. */
  readonly status: number | undefined

  constructor(
    message: string,
    options: {code: HttpErrorCode; url: string; status?: number; hint?: string; cause?: unknown; secrets?: readonly string[]}
  ) {
    const secrets = options.secrets ?? []
    super(redact(message, secrets), {
      ...(options.hint === undefined ? {} : {hint: redact(options.hint, secrets)}),
      ...(options.cause === undefined ? {} : {cause: redactError(options.cause, secrets)})
    })
    this.name = 'HttpError'
    this.code = options.code
    this.url = redact(options.url, secrets)
    this.status = options.status
    if (this.stack) this.stack = redact(this.stack, secrets)
  }
}

/** `url` as it may be shown: no user name or password. Unparsable input is returned as is. */
export function displayUrl(url: string | URL): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return String(url)
  }

  parsed.username = ''
  parsed.password = ''
  return parsed.href
}

/** Replace every secret (and its URL-encoded form) in `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text
  for (const secret of secrets) {
    if (secret.length < 4) continue
    for (const form of new Set([secret, encodeURIComponent(secret)])) result = result.replaceAll(form, redacted)
  }

  return result
}

/** The secrets in credential headers: each whole value and each cookie's value. */
export function secretsOf(headers: Record<string, string> | undefined): string[] {
  const secrets: string[] = []
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase()
    if (lower === 'authorization') {
      secrets.push(value, value.replace(/^\w+\s+/, ''))
    } else if (lower === 'cookie') {
      secrets.push(value)
      for (const pair of value.split(';')) {
        const cookie = pair.slice(pair.indexOf('=') + 1).trim()
        if (cookie) secrets.push(cookie)
      }
    }
  }

  return secrets.filter(Boolean).sort((a, b) => b.length - a.length)
}

function redactError(error: unknown, secrets: readonly string[]): Error {
  const original = error instanceof Error ? error : new Error(String(error))
  const copy = new Error(redact(original.message, secrets))
  copy.name = original.name
  copy.stack = redact(original.stack ?? copy.message, secrets)
  return copy
}

/** Parse `url` and make sure it can be fetched. */
function checkUrl(url: string | URL, secrets: readonly string[] = []): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new HttpError(`${String(url)}: not a URL`, {code: 'url', url: String(url), secrets})
  }

  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new HttpError(`${displayUrl(parsed)}: unsupported protocol "${parsed.protocol}", expected an http: or https: URL`, {
      code: 'url',
      url: displayUrl(parsed),
      secrets,
      hint: 'Pass the note as it appears in the browser, such as https://input.scs.community/<id>, or save it to a file.'
    })
  }

  if (parsed.username || parsed.password) {
    throw new HttpError(`${displayUrl(parsed)}: the URL contains a user name or password`, {
      code: 'credentials',
      url: displayUrl(parsed),
      secrets: [...secrets, decodeURIComponent(parsed.password), parsed.password].filter(Boolean),
      hint: 'Remove them from the URL; pass a HedgeDoc session with --cookie or MINUTES_HEDGEDOC_COOKIE instead.'
    })
  }

  return parsed
}

const redirectStatuses = new Set([301, 302, 303, 307, 308])
const credentialHeaders = new Set(['cookie', 'authorization'])

/** Thrown inside an attempt to make p-retry try again. */
class RetryableStatus extends Error {
  constructor(readonly response: HttpResponse) {
    super(`HTTP ${response.status}`)
  }
}

/**
 * Fetch `url`, following redirects, and read the whole body. Every final
 * status is returned, 4xx and 5xx too (after the retries), so the caller can
 * word the message; transport problems throw an `HttpError`.
 */
export async function fetchUrl(url: string | URL, options: HttpOptions = {}): Promise<HttpResponse> {
  const secrets = secretsOf(options.headers)
  const first = checkUrl(url, secrets)
  const maxRedirects = options.maxRedirects ?? 5
  const seen = new Set<string>()
  let current = first
  let headers = {...options.headers}

  for (let hop = 0; ; hop++) {
    seen.add(withoutHash(current))
    const response = await fetchOnce(current, headers, options, secrets)
    const location = response.headers.get('location')
    if (!redirectStatuses.has(response.status) || !location) return response

    let next: URL
    try {
      next = new URL(location, current)
    } catch {
      throw new HttpError(`${displayUrl(current)}: redirect to an invalid URL (HTTP ${response.status})`, {code: 'redirect', url: displayUrl(current), status: response.status, secrets})
    }

    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new HttpError(`${displayUrl(current)}: redirect to an unsupported URL ${displayUrl(next)}`, {code: 'redirect', url: displayUrl(current), status: response.status, secrets})
    }

    options.onRedirect?.(next, current, response.status)
    if (seen.has(withoutHash(next))) {
      throw new HttpError(`${displayUrl(first)}: redirect loop (${displayUrl(current)} → ${displayUrl(next)})`, {
        code: 'redirect',
        url: displayUrl(first),
        status: response.status,
        secrets,
        hint: 'The server is misconfigured or the URL is wrong; open it in a browser to see where it leads.'
      })
    }

    if (hop + 1 > maxRedirects) {
      throw new HttpError(`${displayUrl(first)}: more than ${maxRedirects} redirects`, {code: 'redirect', url: displayUrl(first), status: response.status, secrets})
    }

    if (next.origin !== current.origin) {
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !credentialHeaders.has(name.toLowerCase())))
    }

    current = next
  }
}

function withoutHash(url: URL): string {
  return url.href.replace(/#.*$/, '')
}

/** One request (no redirects), with retries. */
async function fetchOnce(url: URL, headers: Record<string, string>, options: HttpOptions, secrets: readonly string[]): Promise<HttpResponse> {
  try {
    return await pRetry(
      async () => {
        const response = await attempt(url, headers, options, secrets)
        if (response.status >= 500) throw new RetryableStatus(response)
        return response
      },
      {
        retries: options.retries ?? 2,
        minTimeout: options.retryDelay ?? 500,
        factor: 2,
        randomize: true,
        ...(options.signal ? {signal: options.signal} : {}),
        shouldRetry: ({error}) => error instanceof RetryableStatus || (error instanceof HttpError && error.code === 'network' && retryableNetwork(error))
      }
    )
  } catch (error) {
    if (error instanceof RetryableStatus) return error.response
    throw error
  }
}

/** Errors worth trying again: the server may come back; a wrong host name or certificate will not. */
function retryableNetwork(error: HttpError): boolean {
  return !/host not found|certificate|TLS|bad port/i.test(error.message)
}

class Timeout extends Error {}

async function attempt(url: URL, headers: Record<string, string>, options: HttpOptions, secrets: readonly string[]): Promise<HttpResponse> {
  const timeout = options.timeout ?? 30_000
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Timeout()), timeout)
  const abort = () => controller.abort(options.signal?.reason)
  options.signal?.addEventListener('abort', abort, {once: true})
  const shown = displayUrl(url)

  try {
    const response = await fetch(url, {headers, redirect: 'manual', signal: controller.signal})
    const length = Number(response.headers.get('content-length'))
    if (options.maxBytes !== undefined && Number.isFinite(length) && length > options.maxBytes) {
      await response.body?.cancel().catch(() => undefined)
      throw tooLarge(shown, options.maxBytes, response.status, secrets)
    }

    const body = await readBody(response, options.maxBytes, shown, secrets, controller)
    return {url: shown, status: response.status, headers: response.headers, body}
  } catch (error) {
    if (error instanceof HttpError) throw error
    if (controller.signal.reason instanceof Timeout) {
      throw new HttpError(`${shown}: no complete answer within ${seconds(timeout)}`, {
        code: 'timeout',
        url: shown,
        secrets,
        hint: 'The server is slow or hangs; try again later, or allow more time with --timeout SECONDS.'
      })
    }

    if (options.signal?.aborted) throw error
    throw networkError(error, shown, secrets)
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', abort)
  }
}

async function readBody(
  response: Response,
  maxBytes: number | undefined,
  shown: string,
  secrets: readonly string[],
  controller: AbortController
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array()
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength
    if (maxBytes !== undefined && size > maxBytes) {
      controller.abort()
      throw tooLarge(shown, maxBytes, response.status, secrets)
    }

    chunks.push(chunk)
  }

  return Buffer.concat(chunks)
}

function tooLarge(shown: string, maxBytes: number, status: number, secrets: readonly string[]): HttpError {
  return new HttpError(`${shown}: larger than ${formatBytes(maxBytes)}`, {code: 'too-large', url: shown, status, secrets})
}

/** `20 MB`, `512 kB`, `12 bytes` (1 MB = 2^20 bytes, as the option means it). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} kB`
  return `${bytes} bytes`
}

function seconds(milliseconds: number): string {
  const value = Number((milliseconds / 1000).toFixed(3))
  return `${value} second${value === 1 ? '' : 's'}`
}

const networkReasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed, temporarily)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_HEADERS_TIMEOUT: 'no answer (headers timeout)',
  UND_ERR_BODY_TIMEOUT: 'the answer stopped (body timeout)'
}

function networkError(error: unknown, shown: string, secrets: readonly string[]): HttpError {
  const cause = (error as {cause?: unknown} | undefined)?.cause
  const code = (cause as {code?: unknown} | undefined)?.code
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error)
  let reason = typeof code === 'string' ? networkReasons[code] : undefined
  if (!reason && typeof code === 'string' && /CERT|TLS|SSL/.test(code + message)) reason = `TLS certificate problem (${code})`
  if (!reason && message === 'terminated') reason = 'connection closed by the server before the answer was complete'
  // fetch refuses some ports outright (https://fetch.spec.whatwg.org/#bad-port).
  if (!reason && message === 'bad port') reason = `port ${new URL(shown).port} is one that fetch refuses to use ("bad port")`
  reason ??= message
  return new HttpError(`${shown}: ${reason}`, {
    code: 'network',
    url: shown,
    cause: error,
    secrets,
    hint: 'Check the URL and your network connection, then try again.'
  })
}

/** The media type of a reply, lowercased, without parameters (`text/markdown`). */
export function mediaType(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
}

/** `404 Not Found` style text for a status (Node's `STATUS_CODES`); the bare number for one it does not know. */
export function statusText(status: number): string {
  const text = STATUS_CODES[status]
  return text ? `${status} ${text}` : String(status)
}
