/**
 * The online rules: every issue, pull request and discussion reference of
 * the checked files is looked up on GitHub (once per target, cached on
 * disk), and with `users` every participant handle. GitHub's answer gives
 * `reference-missing`, `reference-kind` (with the canonical URL as fix),
 * `repository-moved` (with the new place as fix) and `participant-unknown`.
 */
import {createClient, defaultApiUrl} from '../github/client.js'
import {lookupGraphql, lookupKey, lookupRest, type LookupItem, type LookupResult} from '../github/lookup.js'
import type {Reference} from '../transforms/references.js'
import {canonicalText, parseTargetUrl, type GitHubTarget} from '../util/github-reference.js'
import {LookupCache} from './cache.js'
import type {FileResult} from './offline.js'
import {createProblem, type Fix, type Problem} from './problem.js'

export interface OnlineOptions {
  /** GitHub token; without one, unauthenticated REST within its rate limit. */
  token: string | undefined
  /** API base URL. Default: `https://api.github.com`. */
  apiUrl?: string
  /** Cache folder; `undefined` caches nothing on disk. */
  cacheDir: string | undefined
  /** An open cache to use instead of `cacheDir` (several runs in one process, `--fix`). */
  cache?: LookupCache
  /** Also look up participant handles (`participant-unknown`). Default: `false`. */
  users?: boolean
  /** Organisation whose repositories are written `repo#N` (for fixed link texts). Default: `SovereignCloudStack`. */
  org?: string
  /** Lookups per GraphQL request. Default: 100. */
  batchSize?: number
  /** Retries on 5xx and network errors. Default: 3. */
  retries?: number
  /** Longest rate-limit wait, in seconds. Default: 300. */
  maxWait?: number
  /** Progress and waits, for people. */
  onProgress?: (message: string) => void
  /** Clock, for the cache. Default: `Date.now`. */
  now?: () => number
}

export interface OnlineReport {
  problems: Problem[]
  /** What could not be checked and why. */
  notes: string[]
  /** Requests made to GitHub. */
  requests: number
  /** Distinct lookups, and how many of them the cache answered. */
  lookups: number
  cached: number
  /**
   * Distinct lookups that could not be made or answered (rate limit,
   * network, refused token, no token for discussions), by reason; empty when
   * every lookup was answered.
   */
  unchecked: Array<{reason: string; lookups: number}>
}

function itemOf(reference: Reference): LookupItem {
  return {kind: reference.kind === 'discussions' ? 'discussion' : 'issue', owner: reference.owner, repo: reference.repo, number: reference.number}
}

function apiUrlOf(options: OnlineOptions): string {
  return (options.apiUrl ?? defaultApiUrl).replace(/\/+$/, '')
}

/**
 * `options.cache`, else the cache of `options.cacheDir` for the API. Open it
 * once and pass it as `cache` to share it between runs (`--fix` checks twice).
 */
export async function openCache(options: OnlineOptions): Promise<LookupCache> {
  return options.cache ?? LookupCache.open(options.cacheDir, apiUrlOf(options), options.now)
}

export async function checkOnline(files: FileResult[], options: OnlineOptions): Promise<OnlineReport> {
  const apiUrl = apiUrlOf(options)
  const items = new Map<string, LookupItem>()
  for (const file of files) {
    for (const reference of file.data.references) {
      const item = itemOf(reference)
      items.set(lookupKey(item), item)
    }

    if (options.users) {
      for (const participant of file.data.participants) {
        if (participant.handle) {
          const item: LookupItem = {kind: 'user', login: participant.handle}
          items.set(lookupKey(item), item)
        }
      }
    }
  }

  const notes: string[] = []
  const cache = await openCache(options)
  const results = new Map<string, LookupResult>()
  const wanted: LookupItem[] = []
  for (const [key, item] of items) {
    const cached = cache.get(key)
    if (cached) results.set(key, cached)
    else wanted.push(item)
  }

  const cachedCount = results.size
  let requests = 0
  if (wanted.length > 0) {
    const client = createClient({
      token: options.token,
      baseUrl: apiUrl,
      retries: options.retries ?? 3,
      maxWait: options.maxWait ?? 300,
      ...(options.onProgress ? {onWait: options.onProgress} : {})
    })
    if (!options.token) {
      notes.push('no GitHub token (GITHUB_TOKEN, GH_TOKEN or `gh auth token`): looked up through unauthenticated REST, one request per reference within its rate limit; discussions not checked')
    }

    options.onProgress?.(`looking up ${wanted.length} references and handles on GitHub (${cachedCount} cached)`)
    const report = options.token
      ? await lookupGraphql(client, wanted, options.batchSize === undefined ? {} : {batchSize: options.batchSize})
      : await lookupRest(client, wanted)
    requests = report.requests
    notes.push(...report.notes)
    for (const [key, result] of report.results) {
      results.set(key, result)
      cache.set(key, result)
    }

    await cache.save().catch((error: unknown) => notes.push(`cache not saved: ${error instanceof Error ? error.message : String(error)}`))
  }

  const problems: Problem[] = []
  const unknown = new Map<string, number>()
  for (const file of files) {
    for (const reference of file.data.references) {
      const result = results.get(lookupKey(itemOf(reference)))
      if (!result || result.status === 'unknown') {
        const reason = result?.status === 'unknown' ? result.reason : 'not looked up'
        unknown.set(reason, (unknown.get(reason) ?? 0) + 1)
        continue
      }

      const problem = referenceProblem(file, reference, result, options.org ?? 'SovereignCloudStack')
      if (problem) problems.push(problem)
    }

    if (!options.users) continue
    for (const participant of file.data.participants) {
      if (!participant.handle) continue
      const result = results.get(lookupKey({kind: 'user', login: participant.handle}))
      if (result?.status === 'missing') {
        problems.push(
          createProblem(file.file, 'participant-unknown', participant.line, 1, `Unexpected participant \`@${participant.handle}\`, expected a GitHub account; GitHub has no user or organisation of that name`)
        )
      }
    }
  }

  for (const [reason, count] of unknown) {
    if (reason !== 'not looked up') notes.push(`${count} ${count === 1 ? 'reference' : 'references'} not checked: ${reason}`)
  }

  const unchecked = new Map<string, number>()
  for (const key of items.keys()) {
    const result = results.get(key)
    if (result && result.status !== 'unknown') continue
    const reason = result?.reason ?? 'not looked up'
    unchecked.set(reason, (unchecked.get(reason) ?? 0) + 1)
  }

  return {
    problems,
    notes: [...new Set(notes)],
    requests,
    lookups: items.size,
    cached: cachedCount,
    unchecked: [...unchecked].map(([reason, lookups]) => ({reason, lookups}))
  }
}

const kindNames = {issues: 'an issue', pull: 'a pull request', discussions: 'a discussion'} as const

function referenceProblem(file: FileResult, reference: Reference, result: Exclude<LookupResult, {status: 'unknown'}>, org: string): Problem | undefined {
  const written = `${reference.owner}/${reference.repo}#${reference.number}`
  if (result.status === 'missing') {
    const message =
      result.what === 'repository'
        ? `Unexpected link to \`${written}\`: GitHub has no repository ${reference.owner}/${reference.repo} (or it is private), expected an existing one`
        : `Unexpected link to \`${written}\`: ${result.repository ?? `${reference.owner}/${reference.repo}`} has no issue, pull request or discussion #${reference.number}, expected an existing one`
    return createProblem(file.file, 'reference-missing', reference.line, reference.column, message)
  }

  const actual = parseTargetUrl(result.url)
  if (!actual) return undefined
  const moved =
    actual.owner.toLowerCase() !== reference.owner.toLowerCase() || actual.repo.toLowerCase() !== reference.repo.toLowerCase() || actual.number !== reference.number
  const kindDiffers = actual.kind !== reference.kind
  if (!moved && !kindDiffers) return undefined

  const url = canonicalUrl(reference.url, actual, kindDiffers)
  const fix = locateFix(file, reference, url, actual, org)
  if (moved) {
    const where = actual.number === reference.number ? `${actual.owner}/${actual.repo}` : `${actual.owner}/${actual.repo}#${actual.number}`
    return createProblem(
      file.file,
      'repository-moved',
      reference.line,
      reference.column,
      `Unexpected link to \`${written}\`, which moved to ${where}; expected \`${url}\``,
      fix
    )
  }

  return createProblem(
    file.file,
    'reference-kind',
    reference.line,
    reference.column,
    `Unexpected \`/${reference.kind}/\` URL for ${written}, which is ${kindNames[actual.kind]}; expected \`${url}\``,
    fix
  )
}

const prefix = /^https?:\/\/(?:www\.)?github\.com\/[^/]+\/[^/]+\/(?:issues|pulls?|discussions)\/\d+/

/**
 * The reference's URL at its canonical place, keeping a comment anchor or
 * query; a sub-page (`/files`) only when the kind did not change.
 */
function canonicalUrl(url: string, actual: GitHubTarget, kindChanged: boolean): string {
  const base = `https://github.com/${actual.owner}/${actual.repo}/${actual.kind}/${actual.number}`
  const match = prefix.exec(url)
  if (!match) return base
  let rest = url.slice(match[0].length)
  if (kindChanged) rest = rest.replace(/^\/[^?#]*/, '')
  return base + rest
}

/**
 * The edit that puts `url` in place of the reference's URL; the link text
 * too when it is the canonical text of the old target (`repo#12`), so text
 * and target keep agreeing. Found from the reference's line: the URL's
 * first occurrence from the start of that line.
 */
function locateFix(file: FileResult, reference: Reference, url: string, actual: GitHubTarget, org: string): Fix | undefined {
  if (reference.line === undefined) return undefined
  const {text} = file
  let lineStart = 0
  for (let line = 1; line < reference.line; line++) {
    const next = text.indexOf('\n', lineStart)
    if (next === -1) return undefined
    lineStart = next + 1
  }

  const start = text.indexOf(reference.url, lineStart)
  if (start === -1 || start - lineStart > 10_000) return undefined
  const end = start + reference.url.length
  const oldText = canonicalText(reference, org)
  const label = `[${oldText}](`
  const newText = canonicalText({...actual, comment: reference.comment}, org)
  if (newText !== oldText && reference.text === oldText && text.slice(start - label.length, start) === label) {
    return {description: `link \`${newText}\` to ${url}`, range: [start - label.length, end], text: `[${newText}](${url}`}
  }

  return {description: `link to ${url}`, range: [start, end], text: url}
}
