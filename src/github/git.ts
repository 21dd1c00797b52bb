/**
 * The Git data API in small steps (refs, blobs, trees, commits): the client
 * first, failures as `GitHubError` with the status. Several files become one
 * commit without a clone.
 */
import type {GitHubClient} from './client.js'
import {attempt, githubError, isRequestError, reasonOf, statusOf} from './errors.js'
import type {TreeEntry} from './git-objects.js'
import {fullName, type RepositoryName} from './repos.js'

export interface Commit {
  sha: string
  /** SHA of the commit's tree. */
  tree: string
  parents: string[]
  message: string
}

export interface Person {
  name: string
  email: string
}

/** The commit a branch points to; `undefined` when there is no such branch. */
export async function findBranch(client: GitHubClient, repository: RepositoryName, branch: string): Promise<string | undefined> {
  try {
    const {data} = await client.rest.git.getRef({...repository, ref: `heads/${branch}`})
    return data.object.sha
  } catch (error) {
    if (statusOf(error) === 404) return undefined
    throw githubError(error, `read the branch ${branch} of ${fullName(repository)}`)
  }
}

export async function getCommit(client: GitHubClient, repository: RepositoryName, sha: string): Promise<Commit> {
  const {data} = await attempt(`read the commit ${sha.slice(0, 7)} in ${fullName(repository)}`, () =>
    client.rest.git.getCommit({...repository, commit_sha: sha})
  )
  return {sha: data.sha, tree: data.tree.sha, parents: data.parents.map((parent) => parent.sha), message: data.message}
}

/** The entries of one tree (one folder level). */
export async function readTree(client: GitHubClient, repository: RepositoryName, sha: string): Promise<TreeEntry[]> {
  const {data} = await attempt(`read the tree ${sha.slice(0, 7)} in ${fullName(repository)}`, () =>
    client.rest.git.getTree({...repository, tree_sha: sha})
  )
  return data.tree.map((item) => ({name: item.path, mode: item.mode, sha: item.sha}))
}

export async function createBlob(client: GitHubClient, repository: RepositoryName, content: Uint8Array, label: string): Promise<string> {
  const {data} = await attempt(`upload ${label} to ${fullName(repository)}`, () =>
    client.rest.git.createBlob({...repository, content: Buffer.from(content).toString('base64'), encoding: 'base64'})
  )
  return data.sha
}

/** A file for `createTree`: an uploaded blob, or UTF-8 text GitHub stores as a blob itself. */
export type TreeFile = {path: string; sha: string} | {path: string; content: string}

/** A tree: `base` with these files added or replaced (mode 100644). */
export async function createTree(client: GitHubClient, repository: RepositoryName, base: string, files: readonly TreeFile[]): Promise<string> {
  const {data} = await attempt(`create a tree in ${fullName(repository)}`, () =>
    client.rest.git.createTree({
      ...repository,
      base_tree: base,
      tree: files.map((file) => ({path: file.path, mode: '100644' as const, type: 'blob' as const, ...('sha' in file ? {sha: file.sha} : {content: file.content})}))
    })
  )
  return data.sha
}

export async function createCommit(
  client: GitHubClient,
  repository: RepositoryName,
  commit: {message: string; tree: string; parents: string[]; author?: Person | undefined}
): Promise<string> {
  const {data} = await attempt(`create a commit in ${fullName(repository)}`, () =>
    client.rest.git.createCommit({
      ...repository,
      message: commit.message,
      tree: commit.tree,
      parents: commit.parents,
      ...(commit.author ? {author: commit.author} : {})
    })
  )
  return data.sha
}

/** Create a branch at `sha`; when it exists already (a retried request that did arrive), move it there. */
export async function createBranch(client: GitHubClient, repository: RepositoryName, branch: string, sha: string): Promise<void> {
  try {
    await client.rest.git.createRef({...repository, ref: `refs/heads/${branch}`, sha})
  } catch (error) {
    if (isRequestError(error) && error.status === 422 && /already exists/i.test(reasonOf(error))) {
      await moveBranch(client, repository, branch, sha)
      return
    }

    throw githubError(error, `create the branch ${branch} in ${fullName(repository)}`)
  }
}

/** Point an existing branch at `sha`, also when that is not a fast-forward. */
export async function moveBranch(client: GitHubClient, repository: RepositoryName, branch: string, sha: string): Promise<void> {
  await attempt(`update the branch ${branch} in ${fullName(repository)}`, () =>
    client.rest.git.updateRef({...repository, ref: `heads/${branch}`, sha, force: true})
  )
}
