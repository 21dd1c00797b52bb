/**
 * A GitHub REST API double on 127.0.0.1 that keeps state: accounts and
 * tokens, repositories with permissions, forks (ready only after a few
 * requests, as GitHub prepares them in the background), git blobs, trees,
 * commits and refs (named as git names them), and pull requests. It fails on
 * command (a status with headers, or a connection dropped before or after
 * the work is done), runs actions after chosen requests (a base branch that
 * moves during a run) and logs every request.
 *
 * Only what `minutes publish` calls is modelled, and the way GitHub answers
 * it (status codes, messages, the 422 for a second pull request).
 */
import {createHash} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo, Socket} from 'node:net'

export type Permission = 'admin' | 'push' | 'pull'

export interface UserSeed {
  login: string
  token: string
  id?: number
  name?: string | null
  email?: string | null
  /** May this account create forks? Default: true. */
  canFork?: boolean
}

export interface RepositorySeed {
  owner: string
  name: string
  defaultBranch?: string
  /** Files on the default branch: path → content. */
  files?: Record<string, string | Uint8Array>
  collaborators?: Record<string, Permission>
  private?: boolean
  /** Does the repository allow forks? Default: true. */
  allowForking?: boolean
}

export interface RequestMatch {
  method?: string
  /** Matched against the path without query: a string must be equal, a RegExp must match. */
  path: string | RegExp
}

export interface Failure extends RequestMatch {
  status?: number
  headers?: Record<string, string>
  /** Message of the JSON error body. */
  message?: string
  /** Drop the connection instead of answering: before doing the work, or after it. */
  drop?: 'before' | 'after'
  /** How many matching requests fail. Default: 1. */
  times?: number
}

export interface LoggedRequest {
  method: string
  path: string
  query: Record<string, string>
  status: number | 'dropped'
  authorization: string | undefined
  body: unknown
}

interface Blob {
  type: 'blob'
  content: Buffer
}
interface TreeEntryState {
  name: string
  mode: string
  type: 'blob' | 'tree'
  sha: string
}
interface Tree {
  type: 'tree'
  entries: TreeEntryState[]
}
interface PersonState {
  name: string
  email: string
  date: string
}
interface CommitState {
  type: 'commit'
  tree: string
  parents: string[]
  message: string
  author: PersonState
  committer: PersonState
}
type GitObject = Blob | Tree | CommitState

interface RepositoryState {
  id: number
  owner: string
  name: string
  defaultBranch: string
  private: boolean
  allowForking: boolean
  collaborators: Map<string, Permission>
  refs: Map<string, string>
  /** Key of the repository this is a fork of. */
  parent: string | undefined
  /** Git requests still answered "409 Git Repository is empty" (a fork being prepared). */
  pending: number
}

export interface PullState {
  number: number
  /** Key of the repository the head branch is in. */
  headRepository: string
  headRef: string
  headLabel: string
  base: string
  state: 'open' | 'closed'
  merged: boolean
  draft: boolean
  title: string
  body: string
  user: string
}

interface UserState {
  login: string
  token: string
  id: number
  name: string | null
  email: string | null
  canFork: boolean
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {}
  ) {
    super(message)
  }
}

/* Git objects, as git names them (`<type> <size>\0<body>`), written here independently of src/. */
function hashObject(type: string, body: Buffer): string {
  return createHash('sha1').update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body])).digest('hex')
}

function treeBody(entries: TreeEntryState[]): Buffer {
  const key = (entry: TreeEntryState) => Buffer.from(entry.type === 'tree' ? `${entry.name}/` : entry.name)
  const sorted = [...entries].sort((a, b) => Buffer.compare(key(a), key(b)))
  return Buffer.concat(
    sorted.map((entry) => Buffer.concat([Buffer.from(`${entry.type === 'tree' ? '40000' : entry.mode} ${entry.name}\0`), Buffer.from(entry.sha, 'hex')]))
  )
}

function commitBody(commit: CommitState): Buffer {
  const stamp = (person: PersonState) => `${person.name} <${person.email}> ${Math.floor(Date.parse(person.date) / 1000)} +0000`
  return Buffer.from(
    [`tree ${commit.tree}`, ...commit.parents.map((parent) => `parent ${parent}`), `author ${stamp(commit.author)}`, `committer ${stamp(commit.committer)}`, '', commit.message].join('\n')
  )
}

export class GitHubDouble {
  /** Base URL to give octokit (`--api-url`). */
  url = ''
  readonly requests: LoggedRequest[] = []
  /** Requests a new fork answers with 409 before it is ready. */
  forkDelay = 2
  readonly objects = new Map<string, GitObject>()
  readonly repositories = new Map<string, RepositoryState>()
  readonly pulls = new Map<string, PullState[]>()
  private readonly users = new Map<string, UserState>()
  private readonly failures: Array<Failure & {left: number}> = []
  private readonly hooks: Array<RequestMatch & {action: () => void; left: number}> = []
  private readonly sockets = new Set<Socket>()
  private server: Server | undefined
  private nextId = 1000
  private clock = Date.parse('2023-07-26T12:00:00Z')

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.handle(request, response)
    })
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  addUser(seed: UserSeed): void {
    this.users.set(seed.token, {
      login: seed.login,
      token: seed.token,
      id: seed.id ?? this.nextId++,
      name: seed.name === undefined ? seed.login : seed.name,
      email: seed.email ?? null,
      canFork: seed.canFork ?? true
    })
  }

  addRepository(seed: RepositorySeed): RepositoryState {
    const state: RepositoryState = {
      id: this.nextId++,
      owner: seed.owner,
      name: seed.name,
      defaultBranch: seed.defaultBranch ?? 'main',
      private: seed.private ?? false,
      allowForking: seed.allowForking ?? true,
      collaborators: new Map(Object.entries(seed.collaborators ?? {})),
      refs: new Map(),
      parent: undefined,
      pending: 0
    }
    this.repositories.set(key(seed.owner, seed.name), state)
    const tree = this.writeFlatTree(new Map(Object.entries(seed.files ?? {}).map(([path, content]) => [path, {mode: '100644', sha: this.writeBlob(Buffer.from(content))}])))
    const commit = this.writeCommit({tree, parents: [], message: 'Initial commit', author: undefined})
    state.refs.set(state.defaultBranch, commit)
    return state
  }

  /** Fail the next matching request(s). */
  fail(failure: Failure): void {
    this.failures.push({...failure, left: failure.times ?? 1})
  }

  /** Forget the failures not used up yet. */
  clearFailures(): void {
    this.failures.length = 0
  }

  /** Run `action` after the next matching request(s) have been answered. */
  after(match: RequestMatch, action: () => void, times = 1): void {
    this.hooks.push({...match, action, left: times})
  }

  /** Someone else pushes a commit with these files to `branch`. */
  pushCommit(repository: string, branch: string, files: Record<string, string>, message = 'Add other minutes'): string {
    const state = this.repository(repository)
    const parent = state.refs.get(branch)!
    const flat = this.flatten((this.objects.get(parent) as CommitState).tree)
    for (const [path, content] of Object.entries(files)) flat.set(path, {mode: '100644', sha: this.writeBlob(Buffer.from(content))})
    const commit = this.writeCommit({tree: this.writeFlatTree(flat), parents: [parent], message, author: undefined})
    state.refs.set(branch, commit)
    return commit
  }

  /** Merge a pull request: its files land on the base in a new commit. */
  merge(repository: string, number: number): void {
    const pull = this.pulls.get(key(...split(repository)))!.find((candidate) => candidate.number === number)!
    const head = this.repositories.get(pull.headRepository)!.refs.get(pull.headRef)!
    const state = this.repository(repository)
    const base = state.refs.get(pull.base)!
    const flat = this.flatten((this.objects.get(base) as CommitState).tree)
    for (const [path, entry] of this.flatten((this.objects.get(head) as CommitState).tree)) flat.set(path, entry)
    state.refs.set(pull.base, this.writeCommit({tree: this.writeFlatTree(flat), parents: [base, head], message: `Merge pull request #${number}`, author: undefined}))
    pull.state = 'closed'
    pull.merged = true
  }

  repository(name: string): RepositoryState {
    const state = this.repositories.get(key(...split(name)))
    if (!state) throw new Error(`no repository ${name} in the double`)
    return state
  }

  branch(repository: string, branch: string): string | undefined {
    return this.repositories.get(key(...split(repository)))?.refs.get(branch)
  }

  commit(sha: string): CommitState {
    return this.objects.get(sha) as CommitState
  }

  /** Content of `path` at the tip of `branch`, or `undefined`. */
  file(repository: string, branch: string, path: string): string | undefined {
    const sha = this.branch(repository, branch)
    if (!sha) return undefined
    const entry = this.flatten(this.commit(sha).tree).get(path)
    return entry ? (this.objects.get(entry.sha) as Blob).content.toString('utf8') : undefined
  }

  /** The bytes of a file at the tip of `branch`. */
  bytes(repository: string, branch: string, path: string): Buffer | undefined {
    const sha = this.branch(repository, branch)
    if (!sha) return undefined
    const entry = this.flatten(this.commit(sha).tree).get(path)
    return entry ? (this.objects.get(entry.sha) as Blob).content : undefined
  }

  /** Every path at the tip of `branch`. */
  paths(repository: string, branch: string): string[] {
    return [...this.flatten(this.commit(this.branch(repository, branch)!).tree).keys()].sort()
  }

  pullsOf(repository: string): PullState[] {
    return this.pulls.get(key(...split(repository))) ?? []
  }

  /** Requests other than GET and HEAD. */
  writes(): LoggedRequest[] {
    return this.requests.filter((request) => request.method !== 'GET' && request.method !== 'HEAD')
  }

  // ---- git objects ----

  private writeBlob(content: Buffer): string {
    const sha = hashObject('blob', content)
    this.objects.set(sha, {type: 'blob', content})
    return sha
  }

  private writeTree(entries: TreeEntryState[]): string {
    const sha = hashObject('tree', treeBody(entries))
    this.objects.set(sha, {type: 'tree', entries})
    return sha
  }

  private writeCommit(options: {tree: string; parents: string[]; message: string; author: {name: string; email: string; date?: string} | undefined; committer?: {name: string; email: string} | undefined}): string {
    this.clock += 60_000
    const date = new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z')
    const author = {name: options.author?.name ?? 'Minutes Bot', email: options.author?.email ?? 'bot@example.com', date: options.author?.date ?? date}
    const committer = options.committer ? {...options.committer, date} : {...author, date}
    const commit: CommitState = {type: 'commit', tree: options.tree, parents: options.parents, message: options.message, author, committer}
    const sha = hashObject('commit', commitBody(commit))
    this.objects.set(sha, commit)
    return sha
  }

  /** Every file of a tree: path → mode and blob. */
  private flatten(treeSha: string, prefix = '', into = new Map<string, {mode: string; sha: string}>()): Map<string, {mode: string; sha: string}> {
    const tree = this.objects.get(treeSha) as Tree
    for (const entry of tree.entries) {
      if (entry.type === 'tree') this.flatten(entry.sha, `${prefix}${entry.name}/`, into)
      else into.set(`${prefix}${entry.name}`, {mode: entry.mode, sha: entry.sha})
    }

    return into
  }

  /** Write the trees for a flat list of files; returns the root tree. */
  private writeFlatTree(files: Map<string, {mode: string; sha: string}>): string {
    interface Folder {
      files: TreeEntryState[]
      folders: Map<string, Folder>
    }
    const root: Folder = {files: [], folders: new Map()}
    for (const [path, entry] of files) {
      const parts = path.split('/')
      const name = parts.pop()!
      let folder = root
      for (const part of parts) {
        if (!folder.folders.has(part)) folder.folders.set(part, {files: [], folders: new Map()})
        folder = folder.folders.get(part)!
      }

      folder.files.push({name, mode: entry.mode, type: 'blob', sha: entry.sha})
    }

    const write = (folder: Folder): string =>
      this.writeTree([...folder.files, ...[...folder.folders].map(([name, child]) => ({name, mode: '040000', type: 'tree' as const, sha: write(child)}))])
    return write(root)
  }

  // ---- HTTP ----

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://double.test')
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    let body: unknown
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      body = text
    }

    const method = request.method ?? 'GET'
    // Octokit sends `heads/minutes/iaas-20230726` as `heads%2Fminutes%2Fiaas-20230726`; GitHub reads both.
    const path = decodeURIComponent(url.pathname)
    const entry: LoggedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      authorization: request.headers.authorization,
      body
    }
    this.requests.push(entry)

    const failure = this.failures.find((candidate) => candidate.left > 0 && matches(candidate, method, path))
    if (failure) failure.left--
    if (failure?.drop === 'before') {
      entry.status = 'dropped'
      request.socket.destroy()
      return
    }

    let status: number
    let data: unknown
    let headers: Record<string, string> = {}
    if (failure && failure.drop === undefined) {
      status = failure.status ?? 500
      headers = failure.headers ?? {}
      data = {message: failure.message ?? 'Server Error', documentation_url: 'https://docs.github.com/rest'}
    } else {
      try {
        ;[status, data] = this.route(method, path, url.searchParams, body, request.headers.authorization)
      } catch (error) {
        if (!(error instanceof HttpError)) throw error
        status = error.status
        data = {message: error.message, documentation_url: 'https://docs.github.com/rest', ...error.extra}
      }
    }

    if (failure?.drop === 'after') {
      entry.status = 'dropped'
      request.socket.destroy()
    } else {
      entry.status = status
      response.writeHead(status, {'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', ...headers})
      response.end(JSON.stringify(data))
    }

    for (const hook of this.hooks) {
      if (hook.left > 0 && matches(hook, method, path)) {
        hook.left--
        hook.action()
      }
    }
  }

  private user(authorization: string | undefined): UserState {
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(authorization ?? '')?.[1]
    if (!token) throw new HttpError(401, 'Requires authentication')
    const user = this.users.get(token)
    if (!user) throw new HttpError(401, 'Bad credentials')
    return user
  }

  private permission(repository: RepositoryState, user: UserState): Permission | undefined {
    if (repository.owner.toLowerCase() === user.login.toLowerCase()) return 'admin'
    return repository.collaborators.get(user.login) ?? (repository.private ? undefined : 'pull')
  }

  private visible(owner: string, name: string, user: UserState): RepositoryState {
    const repository = this.repositories.get(key(owner, name))
    if (!repository || !this.permission(repository, user)) throw new HttpError(404, 'Not Found')
    return repository
  }

  private writable(repository: RepositoryState, user: UserState): void {
    const permission = this.permission(repository, user)
    if (permission !== 'admin' && permission !== 'push') throw new HttpError(403, 'Resource not accessible by personal access token')
  }

  private gitReady(repository: RepositoryState): void {
    if (repository.pending > 0) {
      repository.pending--
      throw new HttpError(409, 'Git Repository is empty.')
    }
  }

  private object<T extends GitObject['type']>(sha: string, type: T): Extract<GitObject, {type: T}> {
    const object = this.objects.get(sha)
    if (!object || object.type !== type) throw new HttpError(404, 'Not Found')
    return object as Extract<GitObject, {type: T}>
  }

  private repositoryJson(repository: RepositoryState, user: UserState): Record<string, unknown> {
    const permission = this.permission(repository, user)
    const parent = repository.parent ? this.repositories.get(repository.parent) : undefined
    return {
      id: repository.id,
      name: repository.name,
      full_name: `${repository.owner}/${repository.name}`,
      owner: {login: repository.owner},
      private: repository.private,
      fork: Boolean(parent),
      default_branch: repository.defaultBranch,
      html_url: `${this.url}/${repository.owner}/${repository.name}`,
      permissions: {admin: permission === 'admin', maintain: permission === 'admin', push: permission === 'admin' || permission === 'push', triage: Boolean(permission), pull: Boolean(permission)},
      ...(parent ? {parent: {full_name: `${parent.owner}/${parent.name}`}, source: {full_name: `${parent.owner}/${parent.name}`}} : {})
    }
  }

  private pullJson(upstream: RepositoryState, pull: PullState): Record<string, unknown> {
    const head = this.repositories.get(pull.headRepository)!
    return {
      number: pull.number,
      html_url: `${this.url}/${upstream.owner}/${upstream.name}/pull/${pull.number}`,
      state: pull.state,
      draft: pull.draft,
      merged_at: pull.merged ? new Date(this.clock).toISOString() : null,
      title: pull.title,
      body: pull.body,
      user: {login: pull.user},
      head: {label: pull.headLabel, ref: pull.headRef, sha: head.refs.get(pull.headRef) ?? null, repo: {full_name: `${head.owner}/${head.name}`}},
      base: {ref: pull.base, sha: upstream.refs.get(pull.base) ?? null, repo: {full_name: `${upstream.owner}/${upstream.name}`}}
    }
  }

  private route(method: string, path: string, query: URLSearchParams, body: unknown, authorization: string | undefined): [number, unknown] {
    const user = this.user(authorization)
    const input = (body ?? {}) as Record<string, unknown>
    if (method === 'GET' && path === '/user') {
      return [200, {login: user.login, id: user.id, name: user.name, email: user.email}]
    }

    const match = /^\/repos\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(path)
    if (!match) throw new HttpError(404, 'Not Found')
    const [, owner, name, rest = ''] = match as unknown as [string, string, string, string | undefined]
    const repository = this.visible(owner, name, user)

    if (rest === '' && method === 'GET') return [200, this.repositoryJson(repository, user)]

    if (rest === 'forks' && method === 'POST') {
      const existing = [...this.repositories.values()].find((candidate) => candidate.parent === key(owner, name) && candidate.owner.toLowerCase() === user.login.toLowerCase())
      if (existing) return [202, this.repositoryJson(existing, user)]
      if (!repository.allowForking || !user.canFork) throw new HttpError(403, 'Forking is disabled for this repository or account')
      let forkName = repository.name
      for (let suffix = 1; this.repositories.has(key(user.login, forkName)); suffix++) forkName = `${repository.name}-${suffix}`
      const fork: RepositoryState = {
        id: this.nextId++,
        owner: user.login,
        name: forkName,
        defaultBranch: repository.defaultBranch,
        private: repository.private,
        allowForking: true,
        collaborators: new Map(),
        refs: new Map(input.default_branch_only ? [[repository.defaultBranch, repository.refs.get(repository.defaultBranch)!]] : repository.refs),
        parent: key(owner, name),
        pending: this.forkDelay
      }
      this.repositories.set(key(user.login, forkName), fork)
      return [202, this.repositoryJson(fork, user)]
    }

    if (rest.startsWith('git/')) return this.git(method, rest.slice(4), repository, user, input)
    if (rest === 'pulls' || rest.startsWith('pulls/')) return this.pullRoute(method, rest, query, repository, user, input)
    throw new HttpError(404, 'Not Found')
  }

  private git(method: string, rest: string, repository: RepositoryState, user: UserState, input: Record<string, unknown>): [number, unknown] {
    if (method !== 'GET') this.writable(repository, user)
    this.gitReady(repository)
    const refJson = (branch: string) => ({ref: `refs/heads/${branch}`, object: {sha: repository.refs.get(branch), type: 'commit'}})

    if (method === 'GET' && rest.startsWith('ref/')) {
      const ref = rest.slice(4)
      const branch = ref.startsWith('heads/') ? ref.slice(6) : undefined
      if (!branch || !repository.refs.has(branch)) throw new HttpError(404, 'Not Found')
      return [200, refJson(branch)]
    }

    if (method === 'POST' && rest === 'refs') {
      const ref = String(input.ref ?? '')
      const sha = String(input.sha ?? '')
      if (!ref.startsWith('refs/heads/') || ref.split('/').length < 3) throw new HttpError(422, 'Reference name is invalid')
      const branch = ref.slice('refs/heads/'.length)
      if (repository.refs.has(branch)) throw new HttpError(422, 'Reference already exists')
      this.object(sha, 'commit')
      repository.refs.set(branch, sha)
      return [201, refJson(branch)]
    }

    if (method === 'PATCH' && rest.startsWith('refs/')) {
      const ref = rest.slice(5)
      const branch = ref.startsWith('heads/') ? ref.slice(6) : ''
      const current = repository.refs.get(branch)
      if (!current) throw new HttpError(422, 'Reference does not exist')
      const sha = String(input.sha ?? '')
      const commit = this.object(sha, 'commit')
      if (!input.force && !commit.parents.includes(current) && sha !== current) throw new HttpError(422, 'Update is not a fast forward')
      repository.refs.set(branch, sha)
      return [200, refJson(branch)]
    }

    if (method === 'POST' && rest === 'blobs') {
      const content = input.encoding === 'base64' ? Buffer.from(String(input.content), 'base64') : Buffer.from(String(input.content ?? ''))
      return [201, {sha: this.writeBlob(content)}]
    }

    if (method === 'GET' && rest.startsWith('blobs/')) {
      const blob = this.object(rest.slice(6), 'blob')
      return [200, {sha: rest.slice(6), size: blob.content.length, encoding: 'base64', content: blob.content.toString('base64')}]
    }

    if (method === 'POST' && rest === 'trees') {
      const flat = input.base_tree ? (this.object(String(input.base_tree), 'tree'), this.flatten(String(input.base_tree))) : new Map()
      for (const item of (input.tree ?? []) as Array<{path: string; mode: string; type: string; sha?: string | null; content?: string}>) {
        if (item.sha === null) flat.delete(item.path)
        else if (item.content !== undefined) flat.set(item.path, {mode: item.mode, sha: this.writeBlob(Buffer.from(item.content))})
        else {
          this.object(String(item.sha), 'blob')
          flat.set(item.path, {mode: item.mode, sha: String(item.sha)})
        }
      }

      const sha = this.writeFlatTree(flat)
      return [201, {sha, tree: this.treeJson(sha)}]
    }

    if (method === 'GET' && rest.startsWith('trees/')) {
      const sha = rest.slice(6)
      this.object(sha, 'tree')
      return [200, {sha, tree: this.treeJson(sha), truncated: false}]
    }

    if (method === 'POST' && rest === 'commits') {
      const tree = String(input.tree ?? '')
      this.object(tree, 'tree')
      const parents = ((input.parents ?? []) as string[]).map(String)
      for (const parent of parents) this.object(parent, 'commit')
      const author = input.author as {name: string; email: string; date?: string} | undefined
      const sha = this.writeCommit({
        tree,
        parents,
        message: String(input.message ?? ''),
        author: author ?? {name: user.name ?? user.login, email: user.email ?? `${user.id}+${user.login}@users.noreply.github.com`}
      })
      return [201, this.commitJson(sha)]
    }

    if (method === 'GET' && rest.startsWith('commits/')) {
      const sha = rest.slice(8)
      this.object(sha, 'commit')
      return [200, this.commitJson(sha)]
    }

    throw new HttpError(404, 'Not Found')
  }

  private treeJson(sha: string): unknown[] {
    return (this.objects.get(sha) as Tree).entries.map((entry) => ({
      path: entry.name,
      mode: entry.mode,
      type: entry.type,
      sha: entry.sha,
      ...(entry.type === 'blob' ? {size: (this.objects.get(entry.sha) as Blob).content.length} : {})
    }))
  }

  private commitJson(sha: string): Record<string, unknown> {
    const commit = this.objects.get(sha) as CommitState
    return {sha, tree: {sha: commit.tree}, parents: commit.parents.map((parent) => ({sha: parent})), message: commit.message, author: commit.author, committer: commit.committer}
  }

  private pullRoute(method: string, rest: string, query: URLSearchParams, upstream: RepositoryState, user: UserState, input: Record<string, unknown>): [number, unknown] {
    const upstreamKey = key(upstream.owner, upstream.name)
    const pulls = this.pulls.get(upstreamKey) ?? []
    this.pulls.set(upstreamKey, pulls)

    if (method === 'GET' && rest === 'pulls') {
      const state = query.get('state') ?? 'open'
      const head = query.get('head')?.toLowerCase()
      const base = query.get('base')
      const found = pulls
        .filter((pull) => (state === 'all' || pull.state === state) && (!head || pull.headLabel.toLowerCase() === head) && (!base || pull.base === base))
        .sort((a, b) => b.number - a.number)
      return [200, found.map((pull) => this.pullJson(upstream, pull))]
    }

    if (method === 'POST' && rest === 'pulls') {
      const head = String(input.head ?? '')
      const base = String(input.base ?? '')
      if (!input.title) throw new HttpError(422, 'Validation Failed', {errors: [{resource: 'PullRequest', field: 'title', code: 'missing_field'}]})
      const [headOwner, headRef] = head.includes(':') ? (head.split(/:(.*)/s) as [string, string]) : [upstream.owner, head]
      const headRepository =
        headOwner.toLowerCase() === upstream.owner.toLowerCase()
          ? upstreamKey
          : [...this.repositories].find(([, candidate]) => candidate.parent === upstreamKey && candidate.owner.toLowerCase() === headOwner.toLowerCase())?.[0]
      const headState = headRepository ? this.repositories.get(headRepository) : undefined
      if (!upstream.refs.has(base)) throw new HttpError(422, 'Validation Failed', {errors: [{resource: 'PullRequest', field: 'base', code: 'invalid'}]})
      if (!headState?.refs.has(headRef)) throw new HttpError(422, 'Validation Failed', {errors: [{resource: 'PullRequest', field: 'head', code: 'invalid'}]})
      const label = `${headState.owner}:${headRef}`
      if (pulls.some((pull) => pull.state === 'open' && pull.headLabel.toLowerCase() === label.toLowerCase() && pull.base === base)) {
        throw new HttpError(422, 'Validation Failed', {errors: [{resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${label}.`}]})
      }

      if (headState.refs.get(headRef) === upstream.refs.get(base)) {
        throw new HttpError(422, 'Validation Failed', {errors: [{resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${headRef}`}]})
      }

      const pull: PullState = {
        number: pulls.length + 1,
        headRepository: headRepository!,
        headRef,
        headLabel: label,
        base,
        state: 'open',
        merged: false,
        draft: Boolean(input.draft),
        title: String(input.title),
        body: String(input.body ?? ''),
        user: user.login
      }
      pulls.push(pull)
      return [201, this.pullJson(upstream, pull)]
    }

    const number = Number(rest.slice('pulls/'.length))
    const pull = pulls.find((candidate) => candidate.number === number)
    if (!pull) throw new HttpError(404, 'Not Found')
    if (method === 'GET') return [200, this.pullJson(upstream, pull)]
    if (method === 'PATCH') {
      if (pull.user !== user.login) this.writable(upstream, user)
      if (typeof input.title === 'string') pull.title = input.title
      if (typeof input.body === 'string') pull.body = input.body
      if (typeof input.base === 'string') pull.base = input.base
      if (input.state === 'open' || input.state === 'closed') pull.state = input.state
      return [200, this.pullJson(upstream, pull)]
    }

    throw new HttpError(404, 'Not Found')
  }
}

function key(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase()
}

function split(name: string): [string, string] {
  const [owner, repo] = name.split('/') as [string, string]
  return [owner, repo]
}

function matches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false
  return typeof match.path === 'string' ? match.path === path : match.path.test(path)
}
