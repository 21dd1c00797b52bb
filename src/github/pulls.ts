/**
 * Pull requests: find the one from a branch, create, update. The client
 * first, failures as `GitHubError` with the status.
 */
import type {GitHubClient} from './client.js'
import {attempt, githubError, isRequestError, reasonOf} from './errors.js'
import {fullName, type RepositoryName} from './repos.js'

export interface PullRequest {
  number: number
  url: string
  state: 'open' | 'closed'
  merged: boolean
  draft: boolean
  title: string
  body: string
  /** `owner:branch` it comes from. */
  head: string
  base: string
}

interface PullData {
  number: number
  html_url: string
  state: string
  merged_at?: string | null
  draft?: boolean
  title: string
  body?: string | null
  head: {label: string}
  base: {ref: string}
}

function toPullRequest(data: PullData): PullRequest {
  return {
    number: data.number,
    url: data.html_url,
    state: data.state === 'open' ? 'open' : 'closed',
    merged: Boolean(data.merged_at),
    draft: Boolean(data.draft),
    title: data.title,
    body: data.body ?? '',
    head: data.head.label,
    base: data.base.ref
  }
}

/**
 * Pull requests on `repository` from `head` (`owner:branch`), newest first:
 * open ones before closed ones.
 */
export async function findPullRequests(client: GitHubClient, repository: RepositoryName, head: string): Promise<PullRequest[]> {
  const data = await attempt(`list the pull requests of ${fullName(repository)}`, () =>
    client.paginate(client.rest.pulls.list, {...repository, head, state: 'all', per_page: 100})
  )
  return (data as PullData[])
    .map(toPullRequest)
    .filter((pull) => pull.head.toLowerCase() === head.toLowerCase())
    .sort((a, b) => Number(b.state === 'open') - Number(a.state === 'open') || b.number - a.number)
}

export async function createPullRequest(
  client: GitHubClient,
  repository: RepositoryName,
  pull: {head: string; base: string; title: string; body: string; draft: boolean}
): Promise<PullRequest> {
  try {
    const {data} = await client.rest.pulls.create({...repository, ...pull})
    return toPullRequest(data as PullData)
  } catch (error) {
    // A request that reached GitHub but whose answer was lost is retried and
    // then meets its own pull request: find it instead of failing.
    if (isRequestError(error) && error.status === 422 && /already exists/i.test(reasonOf(error))) {
      const open = (await findPullRequests(client, repository, pull.head)).find((candidate) => candidate.state === 'open')
      if (open) return open
    }

    throw githubError(error, `open a pull request on ${fullName(repository)} from ${pull.head}`)
  }
}

export async function updatePullRequest(
  client: GitHubClient,
  repository: RepositoryName,
  number: number,
  changes: {title?: string; body?: string; base?: string}
): Promise<PullRequest> {
  const {data} = await attempt(`update pull request #${number} on ${fullName(repository)}`, () =>
    client.rest.pulls.update({...repository, pull_number: number, ...changes})
  )
  return toPullRequest(data as PullData)
}
