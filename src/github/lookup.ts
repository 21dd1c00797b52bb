/**
 * Looking up issues, pull requests, discussions and accounts on GitHub, many
 * at a time: with a token, aliased GraphQL queries (`batchSize` lookups per
 * request, so 1,000 references cost 10 requests, not 1,000); without one,
 * the REST endpoints an unauthenticated client may use, within the rate
 * limit it has left. Only GitHub's own "not found" makes a lookup `missing`;
 * every other failure leaves it `unknown`, so nothing is reported missing
 * because of a bad token or network.
 */
import pLimit from 'p-limit'
import type {GitHubClient} from './client.js'
import {GitHubError} from './client.js'
import {connectionReason, statusOf} from './errors.js'
import {MinutesError} from '../errors.js'

export type LookupItem =
  | {kind: 'issue' | 'discussion'; owner: string; repo: string; number: number}
  | {kind: 'user'; login: string}

export type LookupResult =
  /** `url` is GitHub's own: the current repository name and the real kind. */
  | {status: 'found'; type: 'Issue' | 'PullRequest' | 'Discussion' | 'User' | 'Organization'; url: string}
  /** `repository`: the repository's current `owner/name` when it exists. */
  | {status: 'missing'; what: 'repository' | 'number' | 'user'; repository?: string}
  | {status: 'unknown'; reason: string}

export function lookupKey(item: LookupItem): string {
  return item.kind === 'user' ? `user:${item.login.toLowerCase()}` : `${item.kind}:${item.owner}/${item.repo}#${item.number}`.toLowerCase()
}

export interface LookupReport {
  results: Map<string, LookupResult>
  /** Requests made. */
  requests: number
  /** What could not be looked up and why, for people. */
  notes: string[]
}

/** Lookups per GraphQL request. GitHub allows far more nodes; 100 keeps each reply small and quick. */
const defaultBatchSize = 100

interface GraphqlError {
  type?: string
  path?: Array<string | number>
  message: string
}

function literal(value: string): string {
  return JSON.stringify(value)
}

const issueFields = '__typename ... on Issue { url } ... on PullRequest { url }'

/** One aliased query for a batch; `aliases` maps each alias path back to its key. */
function buildQuery(items: Array<{key: string; item: LookupItem}>): {query: string; aliases: Map<string, string>} {
  const aliases = new Map<string, string>()
  const repositories = new Map<string, {owner: string; repo: string; fields: string[]; alias: string}>()
  const users: string[] = []
  for (const {key, item} of items) {
    if (item.kind === 'user') {
      const alias = `u${users.length}`
      users.push(`${alias}: repositoryOwner(login: ${literal(item.login)}) { __typename login url }`)
      aliases.set(alias, key)
      continue
    }

    const name = `${item.owner}/${item.repo}`.toLowerCase()
    let repository = repositories.get(name)
    if (!repository) {
      repository = {owner: item.owner, repo: item.repo, fields: [], alias: `r${repositories.size}`}
      repositories.set(name, repository)
    }

    const alias = `${item.kind === 'issue' ? 'i' : 'd'}${item.number}`
    if (aliases.has(`${repository.alias}.${alias}`)) continue
    repository.fields.push(
      item.kind === 'issue' ? `${alias}: issueOrPullRequest(number: ${item.number}) { ${issueFields} }` : `${alias}: discussion(number: ${item.number}) { url }`
    )
    aliases.set(`${repository.alias}.${alias}`, key)
  }

  const parts = ['rateLimit { remaining resetAt cost }']
  for (const repository of repositories.values()) {
    parts.push(`${repository.alias}: repository(owner: ${literal(repository.owner)}, name: ${literal(repository.repo)}) { nameWithOwner ${repository.fields.join(' ')} }`)
  }

  parts.push(...users)
  return {query: `query { ${parts.join(' ')} }`, aliases}
}

type GraphqlData = Record<string, unknown>

function describe(error: unknown): string {
  if (error instanceof MinutesError) return error.message
  const connection = connectionReason(error)
  if (connection) return connection
  // octokit's status 500 without a response is no answer, not a server error.
  if ((error as {response?: unknown}).response === undefined && statusOf(error) === 500) return `no answer (${(error as Error).message})`
  const status = statusOf(error)
  if (status !== undefined) return `${status} ${(error as Error).message}`
  return error instanceof Error ? error.message : String(error)
}

/**
 * Turn a failed lookup request into the tool's error: the status and what to
 * do. Not errors.ts's `githubError`, whose words are for publishing.
 */
function lookupError(error: unknown, what: string): GitHubError {
  const status = statusOf(error)
  const hint =
    status === 401
      ? 'The token was refused: check GITHUB_TOKEN / GH_TOKEN (or `gh auth login`).'
      : status === 403 || /rate limit/i.test(describe(error))
        ? 'GitHub refused or rate-limited the request; try again later, or with a token.'
        : 'Check the network and --api-url / GITHUB_API_URL.'
  return new GitHubError(`${what}: ${describe(error)}`, {...(status === undefined ? {} : {status}), hint, cause: error})
}

/** Run one query; GitHub answers partial data with per-path errors, which are results here, not failures. */
async function runQuery(client: GitHubClient, query: string): Promise<{data: GraphqlData; errors: GraphqlError[]}> {
  try {
    const data = await client.graphql<GraphqlData>(query)
    return {data: data ?? {}, errors: []}
  } catch (error) {
    // @octokit/graphql's GraphqlResponseError: partial data with errors.
    if (error instanceof Error && error.name === 'GraphqlResponseError') {
      const reply = error as Error & {data?: GraphqlData; errors?: GraphqlError[]}
      return {data: reply.data ?? {}, errors: reply.errors ?? []}
    }

    throw lookupError(error, 'GitHub GraphQL API')
  }
}

function errorAt(errors: GraphqlError[], path: string[]): GraphqlError | undefined {
  return errors.find((error) => error.path?.length === path.length && error.path.every((part, index) => part === path[index]))
}

/** Apply a batch's reply to `results`: found, missing (GitHub said NOT_FOUND) or unknown. */
function readReply(
  aliases: Map<string, string>,
  reply: {data: GraphqlData; errors: GraphqlError[]},
  results: Map<string, LookupResult>
): void {
  const {data, errors} = reply
  for (const [path, key] of aliases) {
    const [first, second] = path.split('.') as [string, string | undefined]
    const top = data[first] as Record<string, unknown> | null | undefined
    const topError = errorAt(errors, [first])
    if (second === undefined) {
      // A user or organisation.
      if (top && typeof top === 'object') {
        results.set(key, {status: 'found', type: top.__typename === 'Organization' ? 'Organization' : 'User', url: String(top.url)})
      } else if (topError?.type === 'NOT_FOUND') {
        results.set(key, {status: 'missing', what: 'user'})
      } else {
        results.set(key, {status: 'unknown', reason: topError ? `${topError.type ?? 'error'}: ${topError.message}` : 'no answer'})
      }

      continue
    }

    if (!top) {
      if (topError?.type === 'NOT_FOUND') results.set(key, {status: 'missing', what: 'repository'})
      else results.set(key, {status: 'unknown', reason: topError ? `${topError.type ?? 'error'}: ${topError.message}` : 'no answer'})
      continue
    }

    const node = top[second] as Record<string, unknown> | null | undefined
    const nodeError = errorAt(errors, [first, second])
    if (node && typeof node === 'object') {
      const type = node.__typename === 'PullRequest' ? 'PullRequest' : second.startsWith('d') ? 'Discussion' : 'Issue'
      results.set(key, {status: 'found', type, url: String(node.url)})
    } else if (nodeError?.type === 'NOT_FOUND' || (node === null && !nodeError)) {
      results.set(key, {status: 'missing', what: 'number', repository: String(top.nameWithOwner)})
    } else {
      results.set(key, {status: 'unknown', reason: nodeError ? `${nodeError.type ?? 'error'}: ${nodeError.message}` : 'no answer'})
    }
  }
}

export interface LookupOptions {
  /** Lookups per GraphQL request. Default: 100. */
  batchSize?: number
}

/**
 * Look everything up with GraphQL (needs a token). A number missing as an
 * issue is looked up again as a discussion, and the reverse (GitHub
 * redirects `/issues/N` to a discussion). A request that fails ends the
 * lookups: what was not answered stays out of `results`, and a note says why.
 */
export async function lookupGraphql(client: GitHubClient, items: LookupItem[], options: LookupOptions = {}): Promise<LookupReport> {
  const batchSize = Math.max(1, options.batchSize ?? defaultBatchSize)
  const results = new Map<string, LookupResult>()
  const notes: string[] = []
  let requests = 0
  const unique = new Map<string, LookupItem>()
  for (const item of items) unique.set(lookupKey(item), item)

  async function run(entries: Array<{key: string; item: LookupItem}>): Promise<boolean> {
    for (let start = 0; start < entries.length; start += batchSize) {
      const batch = entries.slice(start, start + batchSize)
      const {query, aliases} = buildQuery(batch)
      requests++
      try {
        readReply(aliases, await runQuery(client, query), results)
      } catch (error) {
        const reason = error instanceof GitHubError ? `${error.message}${error.hint ? ` (${error.hint})` : ''}` : describe(error)
        notes.push(`${entries.length - start} lookups not made: ${reason}`)
        return false
      }
    }

    return true
  }

  const first = [...unique].map(([key, item]) => ({key, item}))
  if (await run(first)) {
    // Numbers missing in an existing repository: maybe the other kind.
    const again: Array<{key: string; item: LookupItem}> = []
    for (const {key, item} of first) {
      const result = results.get(key)
      if (item.kind === 'user' || result?.status !== 'missing' || result.what !== 'number') continue
      const other: LookupItem = {...item, kind: item.kind === 'issue' ? 'discussion' : 'issue'}
      again.push({key: `${key}~`, item: other})
    }

    if (again.length > 0 && (await run(again))) {
      for (const {key} of again) {
        const result = results.get(key)
        results.delete(key)
        // Found, or unknown, as the other kind; still missing stays missing.
        if (result && result.status !== 'missing') results.set(key.slice(0, -1), result)
      }
    } else {
      for (const {key} of again) {
        results.delete(key)
        // Not known to be missing as the other kind: not reported missing.
        results.set(key.slice(0, -1), {status: 'unknown', reason: 'could not look it up as the other kind'})
      }
    }
  }

  for (const key of unique.keys()) {
    if (!results.has(key)) results.set(key, {status: 'unknown', reason: 'not looked up'})
  }

  return {results, requests, notes}
}

interface RestState {
  requests: number
  repositories: Map<string, Promise<{exists: boolean; discussions: boolean; name: string | undefined} | undefined>>
}

async function restRepository(client: GitHubClient, state: RestState, owner: string, repo: string) {
  const name = `${owner}/${repo}`.toLowerCase()
  let pending = state.repositories.get(name)
  if (!pending) {
    pending = (async () => {
      state.requests++
      try {
        const {data} = await client.rest.repos.get({owner, repo})
        return {exists: true, discussions: Boolean(data.has_discussions), name: data.full_name}
      } catch (error) {
        if (statusOf(error) === 404) return {exists: false, discussions: false, name: undefined}
        throw error
      }
    })()
    state.repositories.set(name, pending)
  }

  return pending
}

async function restLookup(client: GitHubClient, state: RestState, item: LookupItem): Promise<LookupResult> {
  if (item.kind === 'user') {
    state.requests++
    try {
      const {data} = await client.rest.users.getByUsername({username: item.login})
      return {status: 'found', type: data.type === 'Organization' ? 'Organization' : 'User', url: data.html_url}
    } catch (error) {
      if (statusOf(error) === 404) return {status: 'missing', what: 'user'}
      throw error
    }
  }

  if (item.kind === 'discussion') return {status: 'unknown', reason: 'discussions need a token (GraphQL)'}
  state.requests++
  try {
    // Redirects of renamed repositories are followed; `html_url` names the current place and kind.
    const {data} = await client.rest.issues.get({owner: item.owner, repo: item.repo, issue_number: item.number})
    return {status: 'found', type: data.pull_request ? 'PullRequest' : 'Issue', url: data.html_url}
  } catch (error) {
    const status = statusOf(error)
    if (status !== 404 && status !== 410) throw error
    if (status === 410) return {status: 'missing', what: 'number'}
    const repository = await restRepository(client, state, item.owner, item.repo)
    if (!repository?.exists) return {status: 'missing', what: 'repository'}
    // Without GraphQL a discussion cannot be told from a missing issue.
    if (repository.discussions) return {status: 'unknown', reason: 'may be a discussion, which needs a token to look up'}
    return {status: 'missing', what: 'number', ...(repository.name ? {repository: repository.name} : {})}
  }
}

/**
 * Look things up without a token through REST, one request each: only as
 * many as the rate limit has left now (60 an hour for an address), keeping
 * one for a repository lookup. The rest stay unknown, with a note.
 */
export async function lookupRest(client: GitHubClient, items: LookupItem[]): Promise<LookupReport> {
  const results = new Map<string, LookupResult>()
  const notes: string[] = []
  const state: RestState = {requests: 0, repositories: new Map()}
  const unique = new Map<string, LookupItem>()
  for (const item of items) unique.set(lookupKey(item), item)

  let remaining = Number.POSITIVE_INFINITY
  let reset: Date | undefined
  try {
    const {data} = await client.rest.rateLimit.get()
    remaining = data.resources.core.remaining
    reset = new Date(data.resources.core.reset * 1000)
  } catch (error) {
    // GitHub Enterprise without rate limits answers 404 here: go on.
    if (statusOf(error) !== 404) {
      notes.push(`${unique.size} lookups not made: ${lookupError(error, 'GitHub REST API').message}`)
      for (const key of unique.keys()) results.set(key, {status: 'unknown', reason: 'GitHub unreachable'})
      return {results, requests: 1, notes}
    }
  }

  const discussions = [...unique.values()].filter((item) => item.kind === 'discussion').length
  if (discussions > 0) notes.push(`${discussions} discussion ${discussions === 1 ? 'reference' : 'references'} not checked: discussions need a token (GraphQL)`)
  const entries = [...unique].filter(([, item]) => item.kind !== 'discussion')
  // Keep a few requests for repository lookups after a 404.
  const budget = Math.max(0, remaining - Math.min(5, Math.ceil(remaining / 10)))
  const now = entries.slice(0, budget)
  const later = entries.slice(budget)
  if (later.length > 0) {
    notes.push(
      `${later.length} lookups not made: without a token GitHub allows ${remaining} more requests now` +
        `${reset ? ` (until ${reset.toISOString().slice(11, 16)} UTC)` : ''}; set GITHUB_TOKEN or GH_TOKEN (or run \`gh auth login\`) to check them all`
    )
  }

  const limit = pLimit(4)
  let failed: string | undefined
  await Promise.all(
    now.map(([key, item]) =>
      limit(async () => {
        if (failed) return
        try {
          results.set(key, await restLookup(client, state, item))
        } catch (error) {
          failed ??= lookupError(error, 'GitHub REST API').message
        }
      })
    )
  )
  if (failed) notes.push(`some lookups not made: ${failed}`)
  for (const [key, item] of unique) {
    if (!results.has(key)) results.set(key, {status: 'unknown', reason: item.kind === 'discussion' ? 'discussions need a token' : 'not looked up'})
  }

  return {results, requests: state.requests + 1, notes}
}
