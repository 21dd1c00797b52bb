/**
 * Publish a set of files as one pull request on the minutes repository:
 * create or update, never two. The branch is named from the content, so a
 * second run finds the first run's branch and pull request and completes or
 * updates them; all files go into one signed-off commit made through the Git
 * data API. With `dryRun` only reads are made.
 *
 *   repository, account ─► head repository (itself, or the account's fork)
 *   base ref ─► base tree ─► predicted tree ─► same as the branch? ─► done
 *                                     └► blobs ─► tree ─► commit ─► ref ─► pull request
 */
import type {Config} from '../config/schema.js'
import {UsageError} from '../errors.js'
import {defaultConfig} from '../config/schema.js'
import type {GitHubClient} from '../github/client.js'
import {GitHubError} from '../github/client.js'
import {blobSha} from '../github/git-objects.js'
import {createBlob, createBranch, createCommit, createTree, findBranch, getCommit, moveBranch, readTree, type Person, type TreeFile} from '../github/git.js'
import {createPullRequest, findPullRequests, updatePullRequest, type PullRequest} from '../github/pulls.js'
import {createFork, findFork, getAccount, getRepository, waitForFork, type Repository, type RepositoryName} from '../github/repos.js'
import {bodyData, renderBody} from './body.js'
import type {PublishFile} from './files.js'
import {accountIdentity} from './identity.js'
import {branchName, commitMessage, commitSubject} from './plan.js'
import {predictTree, type FileStatus} from './tree.js'

export interface PublishOptions {
  /** The minutes repository (`SovereignCloudStack/minutes`). */
  repository: RepositoryName
  /** Base branch. Default: the repository's default branch. */
  base?: string | undefined
  /** Branch name. Default: derived from the paths (`minutes/iaas-20230726`). */
  branch?: string | undefined
  /** Open the pull request as a draft. Default: false. */
  draft?: boolean | undefined
  /** Only read: report what would be done. Default: false. */
  dryRun?: boolean | undefined
  /** Who signs the commit off and authors it. Default: the account's name and noreply address. */
  signoff?: Person | undefined
  /** API URL, for the noreply address on GitHub Enterprise. Default: `https://api.github.com`. */
  apiUrl?: string | undefined
  /** Configuration (team names for the body). Default: the defaults. */
  config?: Config | undefined
  /** Pull request body template, name or file. Default: `pr-body`. */
  template?: string | undefined
  /** The command the pull request body names (`sync` for `minutes sync`). Default: `publish`. */
  command?: string | undefined
  /** Folder template paths are resolved from. Default: the working folder. */
  cwd?: string | undefined
  /** Progress, one line each. */
  onProgress?: ((message: string) => void) | undefined
  /** Factor for the waits for a new fork (2 s, growing, up to 5 min). Default: 1. */
  waitScale?: number | undefined
}

/** `created`: a new pull request; `updated`: a new commit on its branch; `unchanged`: nothing to do. */
export type PublishStatus = 'created' | 'updated' | 'unchanged'

export interface PublishResult {
  /** `owner/name` of the minutes repository. */
  repository: string
  base: string
  branch: string
  /** `owner/name` the branch is in: the repository, or the account's fork. */
  headRepository: string
  fork: boolean
  /** The fork did not exist (and was created, or would be with `dryRun`). */
  forkCreated: boolean
  /** Commit the branch points to; `undefined` in a dry run that would make one. */
  commit: string | undefined
  pullRequest: {number: number; url: string; draft: boolean; state: 'open' | 'closed'; merged: boolean} | undefined
  status: PublishStatus
  /** Why it is unchanged: the branch already has it, or the base already has every file. */
  reason: 'published' | 'same-tree' | 'on-base'
  dryRun: boolean
  files: Array<{path: string; size: number; status: FileStatus}>
  message: string
  title: string
  body: string
}

const maxAttempts = 3

const decoder = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})

/** The content as text when it is UTF-8 without NUL bytes (so GitHub stores exactly these bytes); else `undefined`. */
function utf8(content: Uint8Array): string | undefined {
  if (content.includes(0)) return undefined
  try {
    return decoder.decode(content)
  } catch {
    return undefined
  }
}

function describePull(pull: PullRequest | undefined): PublishResult['pullRequest'] {
  return pull ? {number: pull.number, url: pull.url, draft: pull.draft, state: pull.state, merged: pull.merged} : undefined
}

/**
 * Publish `files` (repository paths with content) as one pull request on
 * `options.repository`. Safe to run again after any failure.
 */
export async function publishFiles(client: GitHubClient, files: readonly PublishFile[], options: PublishOptions): Promise<PublishResult> {
  if (files.length === 0) throw new UsageError('nothing to publish: no files')
  const progress = options.onProgress ?? (() => {})
  const dryRun = Boolean(options.dryRun)
  const config = options.config ?? defaultConfig
  const [account, upstream] = await Promise.all([getAccount(client), getRepository(client, options.repository)])
  const base = options.base ?? upstream.defaultBranch
  const branch = options.branch ?? branchName(files.map((file) => file.path))
  const signoff = options.signoff ?? accountIdentity(account, options.apiUrl)
  const blobs = files.map((file) => ({path: file.path, sha: blobSha(file.content)}))

  // Where the branch goes: the repository itself, else the account's fork.
  let head: Repository | undefined = upstream.canPush ? upstream : await findFork(client, upstream, account.login)
  const forkCreated = !upstream.canPush && head === undefined
  if (!upstream.canPush) {
    if (head) progress(`no push access to ${upstream.fullName}; using the fork ${head.fullName}`)
    else if (dryRun) progress(`no push access to ${upstream.fullName}; would fork it to ${account.login}`)
    else {
      progress(`no push access to ${upstream.fullName}; forking it to ${account.login}`)
      head = await createFork(client, upstream)
    }

    if (head && !dryRun) {
      const scale = options.waitScale ?? 1
      await waitForFork(client, head, {interval: 2000 * scale, timeout: 300_000 * scale, onWait: progress})
    }
  }

  const headName = head?.fullName ?? `${account.login}/${upstream.repo}`
  const headLabel = `${head?.owner ?? account.login}:${branch}`
  progress(`${dryRun ? 'dry run: ' : ''}publishing to ${upstream.fullName} (base ${base}) from the branch ${branch}${head === upstream ? '' : ` of ${headName}`}`)

  for (let attempt = 1; ; attempt++) {
    const baseSha = await findBranch(client, upstream, base)
    if (!baseSha) {
      throw new GitHubError(`base branch ${base} not found in ${upstream.fullName}`, {
        status: 404,
        ...(options.base ? {hint: 'Check --base: it names a branch of the repository.'} : {})
      })
    }

    const baseCommit = await getCommit(client, upstream, baseSha)
    const predicted = await predictTree((sha) => readTree(client, upstream, sha), baseCommit.tree, blobs)
    const changes = files.map((file) => ({path: file.path, size: file.content.byteLength, status: predicted.status.get(file.path) ?? 'added'}))
    const changed = files.filter((file) => predicted.status.get(file.path) !== 'unchanged')
    const headSha = head ? await findBranch(client, head, branch) : undefined
    const headCommit = head && headSha ? await getCommit(client, head, headSha) : undefined
    const pulls = await findPullRequests(client, upstream, headLabel)
    const open = pulls.find((pull) => pull.state === 'open')

    const onBase = predicted.sha === baseCommit.tree
    const message = onBase ? '' : commitMessage(changes, signoff)
    const title = onBase ? '' : commitSubject(changes)
    const body = onBase
      ? ''
      : await renderBody(bodyData({repository: upstream.fullName, base, branch, fork: head !== upstream, files, status: predicted.status, config, command: options.command}), {
          template: options.template,
          cwd: options.cwd ?? process.cwd()
        })
    const result = (status: PublishStatus, reason: PublishResult['reason'], commit: string | undefined, pull: PullRequest | undefined): PublishResult => ({
      repository: upstream.fullName,
      base,
      branch,
      headRepository: headName,
      fork: head !== upstream,
      forkCreated,
      commit,
      pullRequest: describePull(pull),
      status,
      reason,
      dryRun,
      files: changes,
      message,
      title,
      body
    })

    if (onBase) {
      progress(`every file is already on ${base} as it is; nothing to publish`)
      return result('unchanged', 'on-base', baseSha, open ?? pulls.find((pull) => pull.merged))
    }

    for (const change of changes) {
      if (change.status === 'unchanged') progress(`${change.path}: already on ${base} as it is`)
    }

    let sameTree = headCommit?.tree === predicted.sha
    // A run stopped between moving the branch and updating the pull request left it saying the old content.
    const pullCurrent = open !== undefined && open.title === title && open.body === body && open.base === base
    if (dryRun) {
      const status: PublishStatus = open ? (sameTree && pullCurrent ? 'unchanged' : 'updated') : 'created'
      return result(status, status === 'unchanged' ? 'same-tree' : 'published', sameTree ? headSha : undefined, open)
    }

    let commit = headSha
    if (!sameTree) {
      const target = head!
      progress(`uploading ${changed.length} file${changed.length === 1 ? '' : 's'}`)
      // Text goes inside the tree request; only pictures need a request of their own.
      const entries: TreeFile[] = []
      for (const file of changed) {
        const text = utf8(file.content)
        entries.push(text === undefined ? {path: file.path, sha: await createBlob(client, target, file.content, file.path)} : {path: file.path, content: text})
      }

      const tree = await createTree(client, target, baseCommit.tree, entries)
      // Trust GitHub's tree over the prediction (they agree unless a file mode differs).
      sameTree = tree === headCommit?.tree
      if (!sameTree) {
        commit = await createCommit(client, target, {message, tree, parents: [baseSha], author: signoff})
        const now = await findBranch(client, upstream, base)
        if (now !== baseSha) {
          if (attempt >= maxAttempts) {
            throw new GitHubError(`the base branch ${base} of ${upstream.fullName} kept moving while publishing (${attempt} tries)`, {
              hint: 'Run the same command again: publish picks up where it stopped.'
            })
          }

          progress(`${base} moved during the run; building again on its new head`)
          continue
        }

        if (headSha) await moveBranch(client, target, branch, commit)
        else await createBranch(client, target, branch, commit)
        progress(`${headSha ? 'updated' : 'created'} branch ${branch} at ${commit.slice(0, 7)}: ${title}`)
      }
    }

    if (open) {
      if (sameTree && pullCurrent) {
        progress(`unchanged: pull request #${open.number} already has these files`)
        return result('unchanged', 'same-tree', commit, open)
      }

      const updated = await updatePullRequest(client, upstream, open.number, {title, body, ...(open.base === base ? {} : {base})})
      progress(`updated pull request #${updated.number}: ${updated.url}`)
      return result('updated', 'published', commit, updated)
    }

    const closed = pulls[0]
    if (closed) progress(`pull request #${closed.number} from ${branch} was ${closed.merged ? 'merged' : 'closed'}; opening a new one`)
    const created = await createPullRequest(client, upstream, {head: headLabel, base, title, body, draft: Boolean(options.draft)})
    progress(`opened ${created.draft ? 'draft ' : ''}pull request #${created.number}: ${created.url}`)
    return result('created', 'published', commit, created)
  }
}
