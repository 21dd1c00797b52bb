/**
 * GitHub failures as the tool's errors: every step wraps octokit's
 * `RequestError` with `githubError(error, 'create the branch …')`, which
 * keeps the status and says what went wrong and what to do in words.
 */
import {MinutesError} from '../errors.js'
import {GitHubError} from './client.js'

/** What octokit's `RequestError` carries that we use. */
interface RequestErrorLike {
  status: number
  message: string
  response?: {headers?: Record<string, string | number | undefined>; data?: unknown}
}

export function isRequestError(error: unknown): error is RequestErrorLike {
  return error instanceof Error && typeof (error as {status?: unknown}).status === 'number'
}

/** Status of a request error, `undefined` for anything else. */
export function statusOf(error: unknown): number | undefined {
  return isRequestError(error) ? error.status : undefined
}

/** GitHub's own words: the message and any `errors[].message` of a 4xx. */
export function reasonOf(error: RequestErrorLike): string {
  const data = error.response?.data as {message?: unknown; errors?: unknown} | undefined
  const message = typeof data?.message === 'string' ? data.message : error.message.replace(/ - https:\/\/docs\.github\.com\S*$/, '')
  const details = Array.isArray(data?.errors)
    ? data.errors
        .map((item: unknown) => (typeof item === 'string' ? item : typeof (item as {message?: unknown})?.message === 'string' ? (item as {message: string}).message : undefined))
        .filter((item): item is string => Boolean(item))
    : []
  return details.length > 0 ? `${message}: ${details.join('; ')}` : message
}

const connectionWords: Record<string, string> = {
  ENOTFOUND: 'the host could not be reached: its name was not found (DNS)',
  EAI_AGAIN: 'the host could not be reached: its name could not be looked up (DNS, temporarily)',
  ECONNREFUSED: 'the host could not be reached: connection refused',
  ETIMEDOUT: 'the host could not be reached: connection timed out',
  EHOSTUNREACH: 'the host could not be reached: host unreachable',
  ENETUNREACH: 'the host could not be reached: network unreachable'
}

/**
 * A request that got no answer at all (octokit calls it status 500 without
 * a response) because the host could not be reached, in words: "the host
 * api.example.org could not be reached: …". `undefined` for anything else.
 */
export function connectionReason(error: unknown): string | undefined {
  if (!isRequestError(error) || error.response !== undefined) return undefined
  let code: string | undefined
  for (let cause: unknown = error; cause && !code; cause = (cause as {cause?: unknown}).cause) {
    const value = (cause as {code?: unknown}).code
    if (typeof value === 'string' && value in connectionWords) code = value
  }

  code ??= Object.keys(connectionWords).find((name) => error.message.includes(name))
  const host = /(?:ENOTFOUND|EAI_AGAIN)\s+(\S+)/.exec(error.message)?.[1]
  if (!code) return undefined
  const words = connectionWords[code]!
  return host ? words.replace('the host', `the host ${host}`) : words
}

function header(error: RequestErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name]
  return value === undefined ? undefined : String(value)
}

const retryHint = 'Run the same command again: publish picks up where it stopped.'

/**
 * Turn a failed request into a `GitHubError` saying what the tool could not
 * do (`doing`: "create the branch minutes/iaas-20230726 in owner/repo").
 * Tool errors pass through unchanged; anything else is a bug and is
 * rethrown as it is.
 */
export function githubError(error: unknown, doing: string): MinutesError {
  if (error instanceof MinutesError) return error
  if (!isRequestError(error)) throw error
  const {status} = error
  const reason = reasonOf(error)
  const options = {status, cause: error}

  if (status === 401) {
    return new GitHubError(`could not ${doing}: GitHub does not accept the token (401 ${reason})`, {
      ...options,
      hint: 'Set GITHUB_TOKEN or GH_TOKEN to a valid token, or log in again with `gh auth login`.'
    })
  }

  const remaining = header(error, 'x-ratelimit-remaining')
  if ((status === 403 || status === 429) && (remaining === '0' || /rate limit/i.test(reason))) {
    const secondary = /secondary rate/i.test(reason) || remaining !== '0'
    const reset = Number(header(error, 'x-ratelimit-reset'))
    const when = !secondary && Number.isFinite(reset) && reset > 0 ? ` (it resets at ${new Date(reset * 1000).toISOString()})` : ''
    return new GitHubError(`could not ${doing}: GitHub's ${secondary ? 'secondary ' : ''}rate limit is reached${when} (${status} ${reason})`, {
      ...options,
      hint: `Wait ${secondary ? 'a minute' : 'until then'} and run the same command again: publish picks up where it stopped.`
    })
  }

  if (status === 403) {
    return new GitHubError(`could not ${doing}: no permission (403 ${reason})`, {
      ...options,
      hint: 'The token needs the "repo" scope (classic) or "Contents" and "Pull requests" write access (fine-grained).'
    })
  }

  if (status === 404) return new GitHubError(`could not ${doing}: not found (404)`, options)
  if (status === 409 || status === 422) return new GitHubError(`could not ${doing}: GitHub refused (${status} ${reason})`, options)

  // @octokit/request reports a failed connection as status 500 without a response.
  if (error.response === undefined) {
    return new GitHubError(`could not ${doing}: ${connectionReason(error) ?? `no answer from GitHub (${reason})`}, also after retrying`, {...options, hint: retryHint})
  }

  if (status >= 500) {
    return new GitHubError(`could not ${doing}: GitHub failed (${status} ${reason}), also after retrying`, {...options, hint: retryHint})
  }

  return new GitHubError(`could not ${doing}: ${status} ${reason}`, options)
}

/** Run one request; failures become `githubError(…, doing)`. */
export async function attempt<T>(doing: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request()
  } catch (error) {
    throw githubError(error, doing)
  }
}
