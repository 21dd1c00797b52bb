/**
 * The one factory for GitHub clients: @octokit/rest with the retry and
 * throttling plugins, a base URL (GitHub Enterprise, test servers) and a
 * token from the environment. Tokens are never printed.
 */
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'
import {retry} from '@octokit/plugin-retry'
import {throttling} from '@octokit/plugin-throttling'
import {Octokit} from '@octokit/rest'
import Bottleneck from 'bottleneck'
import {MinutesError} from '../errors.js'
import {registerSecret} from '../util/secrets.js'

/** GitHub's API; `--api-url` (GITHUB_API_URL) names another, such as GitHub Enterprise's. */
export const defaultApiUrl = 'https://api.github.com'

const MinutesOctokit = Octokit.plugin(retry, throttling)
/** The plugins add behaviour, not methods: the client is an Octokit. */
export type GitHubClient = Octokit

export interface ClientOptions {
  /** Token; `undefined` for unauthenticated requests. */
  token: string | undefined
  /** API base URL. Default: `https://api.github.com`. */
  baseUrl?: string
  /** Called when a rate limit makes the client wait (for progress output). */
  onWait?: (message: string) => void
  /** Retries on 5xx and connection errors. Default: 3. */
  retries?: number
  /** Longest wait for a rate limit before giving up, in seconds. Default: 600. */
  maxWait?: number
  /**
   * Factor applied to every wait of the client: retry back-off (1 s, 4 s,
   * 9 s), `retry-after` and rate-limit resets, and the pause GitHub asks for
   * between two writes (1 s; 3 s before a write that notifies people, such
   * as opening a pull request). Default: 1, real time; tests pass 0.001.
   */
  waitScale?: number
}

/** A request as the throttling plugin reports it: the route and its parameters. */
type RouteRequest = {method: string; url: string} & Record<string, unknown>

/** `POST /repos/octo/minutes/pulls` rather than `POST /repos/{owner}/{repo}/pulls`. */
function describeRequest(request: RouteRequest): string {
  const url = request.url.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = request[name]
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole
  })
  return `${request.method} ${url}`
}

export function createClient(options: ClientOptions): GitHubClient {
  const maxWait = options.maxWait ?? 600
  const retries = options.retries ?? 3
  const scale = options.waitScale ?? 1
  const second = 1000 * scale
  // The throttling plugin spaces writes with limiters shared by every client
  // of the process; a scaled client gets limiters of its own.
  const pacing =
    scale === 1
      ? {}
      : {
          write: new Bottleneck.Group({maxConcurrent: 1, minTime: second}),
          notifications: new Bottleneck.Group({maxConcurrent: 1, minTime: 3 * second})
        }
  const client: Octokit = new MinutesOctokit({
    ...(options.token ? {auth: options.token} : {}),
    baseUrl: (options.baseUrl ?? defaultApiUrl).replace(/\/+$/, ''),
    userAgent: 'minutes (https://github.com/SovereignCloudStack/minutes)',
    log: {debug() {}, info() {}, warn() {}, error() {}},
    // 429 is a rate limit: the throttling plugin waits as GitHub says, so
    // the retry plugin does not retry it a second time at its own pace.
    retry: {retries, retryAfterBaseValue: second, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451]},
    throttle: {
      retryAfterBaseValue: second,
      ...pacing,
      onRateLimit(after: number, request: RouteRequest, _octokit: unknown, count: number) {
        if (after > maxWait || count >= retries) return false
        options.onWait?.(`GitHub rate limit reached; waiting ${after} s before retrying ${describeRequest(request)}`)
        return true
      },
      onSecondaryRateLimit(after: number, request: RouteRequest, _octokit: unknown, count: number) {
        if (after > maxWait || count >= retries) return false
        options.onWait?.(`GitHub secondary rate limit; waiting ${after} s before retrying ${describeRequest(request)}`)
        return true
      }
    }
  })
  const apiUrl = (options.baseUrl ?? defaultApiUrl).replace(/\/+$/, '')
  // Outside the retry plugin's wrap: sees each request's final outcome.
  client.hook.wrap('request', async (request, parameters) => {
    let response
    try {
      response = await request(parameters)
    } catch (error) {
      const status = (error as {status?: unknown}).status
      const reply = (error as {response?: {headers?: Record<string, unknown>; data?: unknown}}).response
      if (typeof status === 'number' && reply && !isJson(reply.headers)) throw notJson(apiUrl, status, reply.headers, reply.data, error)
      throw error
    }

    if (response.status !== 204 && response.status !== 304 && !isJson(response.headers)) throw notJson(apiUrl, response.status, response.headers, response.data)
    return response
  })
  return client
}

function isJson(headers: Record<string, unknown> | undefined): boolean {
  const type = String(headers?.['content-type'] ?? '')
  return type === '' || /\bjson\b/i.test(type)
}

/**
 * A proxy, a captive portal or a wrong --api-url answers with an HTML page:
 * a clear error naming the API URL and what came back, not a crash on
 * `undefined.login` later.
 */
function notJson(apiUrl: string, status: number, headers: Record<string, unknown> | undefined, data: unknown, cause?: unknown): GitHubError {
  const type = String(headers?.['content-type'] ?? '').split(';')[0]!.trim()
  const text = typeof data === 'string' ? data : ''
  const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim()
  const what = /html/i.test(type) || /^\s*<(!doctype|html)/i.test(text) ? `an HTML page${title ? ` ("${title}")` : ''}` : type || 'something else'
  return new GitHubError(`${apiUrl}: the GitHub API answered HTTP ${status} with ${what}, not JSON`, {
    status,
    hint: 'Check --api-url (GITHUB_API_URL): it should be the API, such as https://api.github.com; a proxy or captive portal may be in the way.',
    ...(cause === undefined ? {} : {cause})
  })
}

const run = promisify(execFile)

/**
 * A GitHub token from `GITHUB_TOKEN`, `GH_TOKEN`, or `gh auth token`;
 * `undefined` when there is none.
 */
export async function findToken(env: Record<string, string | undefined>): Promise<string | undefined> {
  const fromEnv = env.GITHUB_TOKEN?.trim() || env.GH_TOKEN?.trim()
  if (fromEnv) {
    registerSecret(fromEnv)
    return fromEnv
  }

  try {
    const {stdout} = await run('gh', ['auth', 'token'], {timeout: 5000, env: {...process.env, ...env}})
    registerSecret(stdout.trim())
    return stdout.trim() || undefined
  } catch {
    return undefined
  }
}

/** A GitHub API failure as the tool's error, with the status and what to do. */
export class GitHubError extends MinutesError {
  readonly status: number | undefined

  constructor(message: string, options: {status?: number; hint?: string; cause?: unknown} = {}) {
    super(message, {exitCode: 2, ...(options.hint ? {hint: options.hint} : {}), cause: options.cause})
    this.name = 'GitHubError'
    this.status = options.status
  }
}
