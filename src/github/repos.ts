/**
 * Repositories, the signed-in account and forks: small steps, the client
 * first, failures as `GitHubError` with the status.
 */
import type {GitHubClient} from './client.js'
import {GitHubError} from './client.js'
import {attempt, githubError, statusOf} from './errors.js'

/** `owner/name` of a repository. */
export interface RepositoryName {
  owner: string
  repo: string
}

export interface Repository extends RepositoryName {
  /** `owner/name`. */
  fullName: string
  defaultBranch: string
  /** The signed-in account may push branches to it. */
  canPush: boolean
  /** `owner/name` of the repository this one is a fork of. */
  parent: string | undefined
  htmlUrl: string
}

export interface Account {
  login: string
  id: number
  /** Display name, when the account has one. */
  name: string | undefined
  /** Public e-mail address, when the account shows one. */
  email: string | undefined
}

export function fullName(repository: RepositoryName): string {
  return `${repository.owner}/${repository.repo}`
}

/** Parse `OWNER/NAME`. */
export function parseRepositoryName(value: string): RepositoryName | undefined {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(value.trim())
  return match ? {owner: match[1]!, repo: match[2]!} : undefined
}

interface RepositoryData {
  name: string
  full_name: string
  owner: {login: string}
  default_branch?: string
  permissions?: {push?: boolean; admin?: boolean; maintain?: boolean}
  parent?: {full_name: string}
  html_url: string
}

function toRepository(data: RepositoryData): Repository {
  const permissions = data.permissions ?? {}
  return {
    owner: data.owner.login,
    repo: data.name,
    fullName: data.full_name,
    defaultBranch: data.default_branch ?? 'main',
    canPush: Boolean(permissions.push || permissions.admin || permissions.maintain),
    parent: data.parent?.full_name,
    htmlUrl: data.html_url
  }
}

/** The repository, with what the token may do there; `undefined` when GitHub does not show it. */
async function findRepository(client: GitHubClient, name: RepositoryName): Promise<Repository | undefined> {
  try {
    const {data} = await client.rest.repos.get({owner: name.owner, repo: name.repo})
    return toRepository(data as RepositoryData)
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw githubError(error, `read the repository ${fullName(name)}`)
  }
}

/** The repository, or an error saying it does not exist or is hidden from the token. */
export async function getRepository(client: GitHubClient, name: RepositoryName): Promise<Repository> {
  const repository = await findRepository(client, name)
  if (!repository) {
    throw new GitHubError(`repository ${fullName(name)} not found, or the token may not see it`, {
      status: 404,
      hint: 'Check --repo (or `repository` in the configuration) and that the token may read the repository.'
    })
  }

  return repository
}

/** The account the token belongs to. */
export async function getAccount(client: GitHubClient): Promise<Account> {
  const {data} = await attempt('read the signed-in GitHub account', () => client.rest.users.getAuthenticated())
  return {login: data.login, id: data.id, name: data.name ?? undefined, email: data.email ?? undefined}
}

/**
 * The account's fork of `upstream` under its usual name, if there is one.
 * (A fork renamed since is found by `createFork`, which GitHub answers
 * with the existing fork.)
 */
export async function findFork(client: GitHubClient, upstream: Repository, login: string): Promise<Repository | undefined> {
  const candidate = await findRepository(client, {owner: login, repo: upstream.repo})
  return candidate?.parent?.toLowerCase() === upstream.fullName.toLowerCase() ? candidate : undefined
}

/** Fork `upstream` into the account; GitHub returns the existing fork when there is one. */
export async function createFork(client: GitHubClient, upstream: Repository): Promise<Repository> {
  try {
    const {data} = await client.rest.repos.createFork({owner: upstream.owner, repo: upstream.repo, default_branch_only: true})
    return toRepository(data as RepositoryData)
  } catch (error) {
    if (statusOf(error) === 403 || statusOf(error) === 422) {
      const wrapped = githubError(error, `fork ${upstream.fullName}`)
      throw new GitHubError(`${wrapped.message}; the token may not push to ${upstream.fullName} and cannot fork it`, {
        status: statusOf(error)!,
        hint: `Ask the maintainers of ${upstream.fullName} for write access, or use a token that may create repositories (classic "repo" or "public_repo" scope).`,
        cause: error
      })
    }

    throw githubError(error, `fork ${upstream.fullName}`)
  }
}

/**
 * Forking happens in the background: wait until the fork's git data
 * answers (its default branch can be read). Waits `interval` ms between
 * tries, growing, up to `timeout` ms in all.
 */
export async function waitForFork(
  client: GitHubClient,
  fork: Repository,
  options: {interval: number; timeout: number; onWait?: (message: string) => void}
): Promise<void> {
  const started = Date.now()
  let delay = options.interval
  let told = false
  for (;;) {
    try {
      // No retries inside a try: this loop is the retry, with its own pace.
      await client.rest.git.getRef({owner: fork.owner, repo: fork.repo, ref: `heads/${fork.defaultBranch}`, request: {retries: 0}})
      return
    } catch (error) {
      const status = statusOf(error)
      // 404 (the repository or branch is not there yet) and 409 (its git data is empty) mean "not ready".
      if (status !== 404 && status !== 409) throw githubError(error, `read the fork ${fork.fullName}`)
    }

    if (Date.now() - started + delay > options.timeout) {
      throw new GitHubError(`the fork ${fork.fullName} is still not ready after ${Math.round(options.timeout / 1000)} s`, {
        hint: 'GitHub is slow to prepare it; run the same command again in a few minutes.'
      })
    }

    if (!told) options.onWait?.(`waiting for GitHub to prepare the fork ${fork.fullName}`)
    told = true
    await new Promise((resolve) => setTimeout(resolve, delay))
    delay = Math.min(delay * 2, options.interval * 8)
  }
}
