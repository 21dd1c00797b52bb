// `minutes publish` against the GitHub REST double: the real octokit client
// (retry and throttling plugins included) talks HTTP to 127.0.0.1.
import {execFile} from 'node:child_process'
import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {runProgram} from '../src/cli/program.js'
import {MinutesError} from '../src/errors.js'
import {createClient} from '../src/github/client.js'
import {blobSha, treeSha} from '../src/github/git-objects.js'
import {branchName, commitMessage, commitSubject, formatSize} from '../src/publish/plan.js'
import {publishFiles} from '../src/publish/publish.js'
import {predictTree} from '../src/publish/tree.js'
import {hedgedocDouble, png} from './helpers/servers.js'
import {GitHubDouble} from './doubles/github-rest.js'
import {memoryContext, runBin} from './helpers/cli.js'

const run = promisify(execFile)

const maintainerToken = 'ghp_maintainer0000000000000000000000001'
const contributorToken = 'ghp_contributor000000000000000000000002'
const upstream = 'SovereignCloudStack/minutes'

const note = `# Team IaaS Weekly 2023-07-26

## Participants

- @jane-doe
- @john-smith
- @octocat

## Topics

### Storage

* Ceph upgrade planned
  * needs testing on the reference installation
* Numbers for the next call

### Standards

- [ ] @jane-doe: write the upgrade guide
- [ ] @octocat: review the standard draft
`

let double: GitHubDouble
let folder: string

beforeEach(async () => {
  double = await new GitHubDouble().start()
  double.addUser({login: 'mia', token: maintainerToken, id: 11, name: 'Mia Maintainer'})
  double.addUser({login: 'octocat', token: contributorToken, id: 583231, name: 'The Octocat'})
  double.addRepository({
    owner: 'SovereignCloudStack',
    name: 'minutes',
    files: {'README.md': '# Minutes\n', 'iaas/20230719.md': '# Team IaaS 2023-07-19\n', 'container/20230720.md': '# Team Container 2023-07-20\n'},
    collaborators: {mia: 'push'}
  })
  folder = await mkdtemp(join(tmpdir(), 'minutes-publish-'))
  await writeFile(join(folder, 'note.md'), note)
})

afterEach(async () => {
  await double.close()
})

/** Environment for a run: token, short waits, no git identity from the machine. */
function environment(token: string | undefined): Record<string, string | undefined> {
  return {
    ...(token ? {GITHUB_TOKEN: token} : {}),
    MINUTES_WAIT_SCALE: '0.001',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GH_CONFIG_DIR: folder
  }
}

/** Run `minutes publish ARGS` in process; a thrown tool error gives its exit code and `error`. */
async function publish(args: string[], options: {token?: string | undefined} = {}) {
  const {context, stdout, stderr} = memoryContext({cwd: folder, env: environment('token' in options ? options.token : maintainerToken)})
  try {
    const code = await runProgram(['node', 'minutes', 'publish', ...args, '--api-url', double.url], context)
    return {code, error: undefined, stdout: stdout(), stderr: stderr()}
  } catch (error) {
    if (!(error instanceof MinutesError)) throw error
    return {code: error.exitCode, error, stdout: stdout(), stderr: stderr()}
  }
}

/** Requests made since `start` (an index into the log). */
function since(start: number) {
  return double.requests.slice(start)
}

function writesSince(start: number) {
  return since(start).filter((request) => request.method !== 'GET')
}

describe('git object names', () => {
  it('names blobs and trees as git does, and the double agrees', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'minutes-git-'))
    const git = (...args: string[]) => run('git', args, {cwd: repo, env: {...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1'}})
    await git('init', '-q')
    const files: Record<string, string> = {'a.md': 'a\n', 'a-b/x.md': 'x\n', 'a/c.png': 'png', 'a.b': 'dot', 'iaas/20230726.md': note}
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(repo, path, '..'), {recursive: true})
      await writeFile(join(repo, path), content)
    }

    await git('add', '.')
    const expected = (await git('write-tree')).stdout.trim()
    expect(blobSha(Buffer.from(note))).toBe((await git('hash-object', 'iaas/20230726.md')).stdout.trim())

    // Predicted from an empty tree, the way publish predicts a commit.
    const empty = treeSha([])
    const predicted = await predictTree(
      async () => [],
      empty,
      Object.entries(files).map(([path, content]) => ({path, sha: blobSha(Buffer.from(content))}))
    )
    expect(predicted.sha).toBe(expected)

    const other = new GitHubDouble()
    other.addRepository({owner: 'a', name: 'b', files})
    expect(other.commit(other.branch('a/b', 'main')!).tree).toBe(expected)
  })

  it('refuses a file where the base has a folder, and a folder where it has a file', async () => {
    const sha = blobSha(Buffer.from('x\n'))
    // GitHub writes a folder's mode as 040000.
    const base = [
      {name: 'iaas', mode: '040000', sha: treeSha([])},
      {name: 'README.md', mode: '100644', sha}
    ]
    const read = async () => base
    await expect(predictTree(read, 'root', [{path: 'iaas', sha}])).rejects.toThrow('iaas: the repository has a folder of that name')
    await expect(predictTree(read, 'root', [{path: 'README.md/x.md', sha}])).rejects.toThrow(
      'README.md: the repository has a file of that name where a folder is needed'
    )
  })
})

describe('names from the content', () => {
  it('names the branch after the minutes, whatever pictures come with them', () => {
    expect(branchName(['iaas/20230726.md'])).toBe('minutes/iaas-20230726')
    expect(branchName(['iaas/20230726.md', 'iaas/20230726-1.png'])).toBe('minutes/iaas-20230726')
    expect(branchName(['iaas/20230802.md', 'iaas/20230726.md'])).toBe('minutes/iaas-20230726-20230802')
    const several = branchName(['iaas/20230726.md', 'container/20230727.md'])
    expect(several).toMatch(/^minutes\/container-iaas-[\da-f]{8}$/)
    expect(branchName(['container/20230727.md', 'iaas/20230726.md'])).toBe(several)
    expect(branchName(['a/1.md', 'b/1.md', 'c/1.md', 'd/1.md'])).toMatch(/^minutes\/4-teams-[\da-f]{8}$/)
    expect(branchName(['iaas/Notes (old).md'])).toBe('minutes/iaas-Notes-old')
  })

  it('follows the repository convention for commit messages', () => {
    const jane = {name: 'Jane Doe', email: 'jane@example.com'}
    expect(commitMessage([{path: 'iaas/20230726.md', status: 'added'}], jane)).toBe('Add iaas/20230726.md\n\nSigned-off-by: Jane Doe <jane@example.com>\n')
    expect(commitSubject([{path: 'iaas/20230726.md', status: 'updated'}])).toBe('Update iaas/20230726.md')
    expect(
      commitMessage(
        [
          {path: 'iaas/20230726.md', status: 'added'},
          {path: 'iaas/20230726-1.png', status: 'added'}
        ],
        jane
      )
    ).toBe('Add iaas/20230726.md\n\n- iaas/20230726.md\n- iaas/20230726-1.png\n\nSigned-off-by: Jane Doe <jane@example.com>\n')
    expect(
      commitSubject([
        {path: 'iaas/20230726.md', status: 'added'},
        {path: 'container/20230727.md', status: 'updated'},
        {path: 'iam/20230728.md', status: 'unchanged'}
      ])
    ).toBe('Add and update iaas/20230726.md and container/20230727.md')
    expect(commitSubject(['a', 'b', 'c'].map((team) => ({path: `${team}/20230726.md`, status: 'added' as const})))).toBe('Add minutes of 3 meetings')
    expect(formatSize(999)).toBe('999 B')
    expect(formatSize(4210)).toBe('4.2 kB')
    expect(formatSize(1_250_000)).toBe('1.3 MB')
  })
})

describe('minutes publish with push access', () => {
  it('opens one pull request with one signed-off commit, then finds it unchanged', async () => {
    const first = await publish(['note.md', '--team', 'iaas', '--signoff', 'Jane Doe <jane@example.com>'])
    expect(first.code).toBe(0)
    expect(first.stdout).toBe(`${double.url}/SovereignCloudStack/minutes/pull/1\n`)
    expect(first.stderr).toContain('opened pull request #1: ')

    const head = double.branch(upstream, 'minutes/iaas-20230726')!
    const commit = double.commit(head)
    expect(commit.parents).toEqual([double.branch(upstream, 'main')])
    expect(commit.message).toBe('Add iaas/20230726.md\n\nSigned-off-by: Jane Doe <jane@example.com>\n')
    expect(commit.author).toMatchObject({name: 'Jane Doe', email: 'jane@example.com'})
    expect(double.file(upstream, 'minutes/iaas-20230726', 'iaas/20230726.md')).toContain('- Ceph upgrade planned\n')
    expect(double.paths(upstream, 'minutes/iaas-20230726')).toEqual(['README.md', 'container/20230720.md', 'iaas/20230719.md', 'iaas/20230726.md'])

    const [pull, ...others] = double.pullsOf(upstream)
    expect(others).toEqual([])
    expect(pull).toMatchObject({title: 'Add iaas/20230726.md', headLabel: 'SovereignCloudStack:minutes/iaas-20230726', base: 'main', state: 'open', draft: false})
    expect(pull!.body).toContain('| `iaas/20230726.md` |')
    expect(pull!.body).toMatch(/\| \d+ B \| added \|/)
    expect(pull!.body).toContain('- Team IaaS, 2023-07-26')
    expect(pull!.body).toContain('- 3 participants')
    expect(pull!.body).toContain('- 2 action items')
    expect(pull!.body).toContain('- `@jane-doe`: write the upgrade guide')

    const start = double.requests.length
    const second = await publish(['note.md', '--team', 'iaas', '--signoff', 'Jane Doe <jane@example.com>'])
    expect(second.code).toBe(0)
    expect(second.stdout).toBe(first.stdout)
    expect(second.stderr).toContain('unchanged: pull request #1 already has these files')
    expect(writesSince(start)).toEqual([])
    expect(double.branch(upstream, 'minutes/iaas-20230726')).toBe(head)
  })

  it('moves the branch to a new commit on the current base and updates the body when the note changed', async () => {
    await publish(['note.md', '--team', 'iaas'])
    const before = double.branch(upstream, 'minutes/iaas-20230726')!
    const base = double.pushCommit(upstream, 'main', {'container/20230727.md': '# Team Container 2023-07-27\n'})
    await writeFile(join(folder, 'note.md'), note.replace('- [ ] @octocat: review the standard draft\n', '- [ ] @octocat: review the standard draft\n- [ ] @john-smith: book a room\n'))

    const result = await publish(['note.md', '--team', 'iaas', '--format', 'json'])
    expect(result.code).toBe(0)
    const json = JSON.parse(result.stdout) as Record<string, unknown>
    const after = double.branch(upstream, 'minutes/iaas-20230726')!
    expect(json).toMatchObject({
      repository: upstream,
      base: 'main',
      branch: 'minutes/iaas-20230726',
      fork: false,
      commit: after,
      status: 'updated',
      pullRequest: {number: 1, url: `${double.url}/SovereignCloudStack/minutes/pull/1`}
    })
    expect(json.pullRequest).toEqual({number: 1, url: `${double.url}/SovereignCloudStack/minutes/pull/1`, draft: false, state: 'open', merged: false})
    expect(after).not.toBe(before)
    expect(double.commit(after).parents).toEqual([base])
    expect(double.file(upstream, 'minutes/iaas-20230726', 'container/20230727.md')).toBeDefined()
    expect(double.file(upstream, 'minutes/iaas-20230726', 'iaas/20230726.md')).toContain('@john-smith: book a room')
    expect(double.pullsOf(upstream)).toHaveLength(1)
    expect(double.pullsOf(upstream)[0]!.body).toContain('- 3 action items')
  })

  it('brings a pull request whose branch is behind its base up to date', async () => {
    await publish(['note.md', '--team', 'iaas'])
    const base = double.pushCommit(upstream, 'main', {'iam/20230727.md': '# Team IAM 2023-07-27\n'})
    const result = await publish(['note.md', '--team', 'iaas', '--format', 'json'])
    expect(JSON.parse(result.stdout)).toMatchObject({status: 'updated', pullRequest: {number: 1}})
    expect(double.commit(double.branch(upstream, 'minutes/iaas-20230726')!).parents).toEqual([base])
    expect(double.pullsOf(upstream)).toHaveLength(1)
  })

  it('signs off as git user.name and user.email, else as the account with its noreply address', async () => {
    await run('git', ['init', '-q'], {cwd: folder})
    await run('git', ['config', 'user.name', 'Gitta Config'], {cwd: folder})
    await run('git', ['config', 'user.email', 'gitta@example.org'], {cwd: folder})
    await publish(['note.md', '--team', 'iaas'])
    expect(double.commit(double.branch(upstream, 'minutes/iaas-20230726')!).message).toMatch(/\n\nSigned-off-by: Gitta Config <gitta@example\.org>\n$/)

    const client = createClient({token: maintainerToken, baseUrl: double.url, waitScale: 0.001})
    await publishFiles(client, [{path: 'iam/20230801.md', content: Buffer.from('# Team IAM 2023-08-01\n')}], {
      repository: {owner: 'SovereignCloudStack', repo: 'minutes'},
      apiUrl: double.url
    })
    const commit = double.commit(double.branch(upstream, 'minutes/iam-20230801')!)
    expect(commit.message).toBe('Add iam/20230801.md\n\nSigned-off-by: Mia Maintainer <11+mia@users.noreply.127.0.0.1>\n')
    expect(commit.author).toMatchObject({name: 'Mia Maintainer', email: '11+mia@users.noreply.127.0.0.1'})
  })

  it('opens a draft with --draft, on --base, from --repo', async () => {
    double.addRepository({owner: 'other', name: 'notes', defaultBranch: 'trunk', collaborators: {mia: 'admin'}})
    double.pushCommit('other/notes', 'trunk', {'x.md': 'x\n'})
    double.repository('other/notes').refs.set('staging', double.branch('other/notes', 'trunk')!)
    const result = await publish(['note.md', '--team', 'iaas', '--draft', '--repo', 'other/notes', '--base', 'staging'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`${double.url}/other/notes/pull/1\n`)
    expect(double.pullsOf('other/notes')[0]).toMatchObject({draft: true, base: 'staging'})
    expect(double.pullsOf(upstream)).toEqual([])
  })

  it('says when every file is already on the base, after the pull request was merged', async () => {
    await publish(['note.md', '--team', 'iaas'])
    double.merge(upstream, 1)
    const start = double.requests.length
    const result = await publish(['note.md', '--team', 'iaas'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('every file is already on main as it is; nothing to publish')
    expect(result.stdout).toBe(`${double.url}/SovereignCloudStack/minutes/pull/1\n`)
    expect(writesSince(start)).toEqual([])
  })
})

describe('minutes publish --dir', () => {
  it('publishes a laid-out folder, pictures included, as one commit and one pull request', async () => {
    const dir = join(folder, 'out')
    await mkdir(join(dir, 'iaas'), {recursive: true})
    await mkdir(join(dir, 'container'), {recursive: true})
    await writeFile(join(dir, 'iaas', '20230726.md'), '# Team IaaS 2023-07-26\n\n## Participants\n\n- @jane-doe\n\n![diagram](20230726-1.png)\n')
    await writeFile(join(dir, 'iaas', '20230726-1.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]))
    await writeFile(join(dir, 'container', '20230720.md'), '# Team Container 2023-07-20\n')
    await writeFile(join(dir, 'container', '20230727.md'), '# Team Container 2023-07-27\n')
    await writeFile(join(dir, 'report.json'), '{}')

    const start = double.requests.length
    const result = await publish(['--dir', 'out', '--format', 'json'])
    expect(result.code).toBe(0)
    const json = JSON.parse(result.stdout) as {branch: string; files: unknown[]; status: string}
    expect(json.status).toBe('created')
    expect(json.branch).toMatch(/^minutes\/container-iaas-[\da-f]{8}$/)
    expect(json.files).toEqual([
      {path: 'container/20230720.md', size: 28, status: 'unchanged'},
      {path: 'container/20230727.md', size: 28, status: 'added'},
      {path: 'iaas/20230726-1.png', size: 8, status: 'added'},
      {path: 'iaas/20230726.md', size: 81, status: 'added'}
    ])
    expect(result.stderr).toContain('left out 1 file outside team folders (report.json)')
    expect(result.stderr).toContain('container/20230720.md: already on main as it is')

    const commits = writesSince(start).filter((request) => request.path.endsWith('/git/commits'))
    expect(commits).toHaveLength(1)
    // Text goes inside the tree request; the picture, binary, as a blob of its own.
    const blobs = writesSince(start).filter((request) => request.path.endsWith('/git/blobs'))
    expect(blobs).toHaveLength(1)
    expect(double.file(upstream, json.branch, 'container/20230727.md')).toBe('# Team Container 2023-07-27\n')
    const commit = double.commit(double.branch(upstream, json.branch)!)
    expect(commit.message).toBe(
      'Add container/20230727.md and iaas/20230726.md\n\n- container/20230727.md\n- iaas/20230726-1.png\n- iaas/20230726.md\n\nSigned-off-by: Mia Maintainer <11+mia@users.noreply.127.0.0.1>\n'
    )
    const png = double.objects.get(blobSha(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3])))
    expect(png).toMatchObject({type: 'blob'})
    const [pull] = double.pullsOf(upstream)
    expect(pull!.title).toBe('Add container/20230727.md and iaas/20230726.md')
    expect(pull!.body).toContain('One more file is already on `main` as it is.')
    expect(pull!.body).toContain('| 3 files |')
  })
})

describe('minutes publish from a fork', () => {
  it('forks when the account may not push, waits for the fork, and opens the pull request from it', async () => {
    double.forkDelay = 3
    const first = await publish(['note.md', '--team', 'iaas'], {token: contributorToken})
    expect(first.code).toBe(0)
    expect(first.stderr).toContain('no push access to SovereignCloudStack/minutes; forking it to octocat')
    expect(first.stderr).toContain('waiting for GitHub to prepare the fork octocat/minutes')
    expect(double.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/forks'))).toHaveLength(1)
    expect(double.requests.filter((request) => request.status === 409).length).toBe(3)
    expect(double.branch(upstream, 'minutes/iaas-20230726')).toBeUndefined()
    expect(double.branch('octocat/minutes', 'minutes/iaas-20230726')).toBeDefined()
    expect(double.pullsOf(upstream)).toMatchObject([{headLabel: 'octocat:minutes/iaas-20230726', state: 'open'}])
    expect(double.commit(double.branch('octocat/minutes', 'minutes/iaas-20230726')!).message).toMatch(
      /Signed-off-by: The Octocat <583231\+octocat@users\.noreply\.127\.0\.0\.1>\n$/
    )

    const start = double.requests.length
    const second = await publish(['note.md', '--team', 'iaas', '--format', 'json'], {token: contributorToken})
    expect(JSON.parse(second.stdout)).toMatchObject({status: 'unchanged', fork: true, headRepository: 'octocat/minutes', pullRequest: {number: 1}})
    expect(writesSince(start)).toEqual([])
  })

  it('uses a fork that has another name', async () => {
    double.forkDelay = 0
    double.addRepository({owner: 'octocat', name: 'minutes'})
    const result = await publish(['note.md', '--team', 'iaas', '--format', 'json'], {token: contributorToken})
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({status: 'created', headRepository: 'octocat/minutes-1'})
    expect(double.pullsOf(upstream)).toMatchObject([{headLabel: 'octocat:minutes/iaas-20230726'}])
  })

  it('says so when the account can neither push nor fork', async () => {
    double.addUser({login: 'guest', token: 'ghp_guest000000000000000000000000000003', canFork: false})
    const result = await publish(['note.md', '--team', 'iaas'], {token: 'ghp_guest000000000000000000000000000003'})
    expect(result.code).toBe(2)
    expect(result.error?.message).toContain('could not fork SovereignCloudStack/minutes: no permission (403')
    expect(result.error?.message).toContain('may not push to SovereignCloudStack/minutes and cannot fork it')
    expect(double.pullsOf(upstream)).toEqual([])
  })
})

describe('minutes publish --dry-run', () => {
  it('shows the plan and makes no write request', async () => {
    const result = await publish(['note.md', '--team', 'iaas', '--dry-run', '--signoff', 'Jane Doe <jane@example.com>'])
    expect(result.code).toBe(0)
    expect(double.writes()).toEqual([])
    expect(result.stdout).toContain('repository:  SovereignCloudStack/minutes\n')
    expect(result.stdout).toContain('base:        main\n')
    expect(result.stdout).toContain('branch:      minutes/iaas-20230726\n')
    expect(result.stdout).toContain('fork:        no: the branch goes to SovereignCloudStack/minutes\n')
    expect(result.stdout).toContain('result:      would open a pull request\n')
    expect(result.stdout).toMatch(/ {2}\d+ B {2}iaas\/20230726\.md {2}\(added\)\n/)
    expect(result.stdout).toContain('--- commit message ---\nAdd iaas/20230726.md\n\nSigned-off-by: Jane Doe <jane@example.com>\n')
    expect(result.stdout).toContain('--- pull request title ---\nAdd iaas/20230726.md\n')
    expect(result.stdout).toContain('--- pull request body ---\nMinutes of Team IaaS on 2023-07-26.')
    expect(result.stderr).toContain('dry run: nothing was written')
  })

  it('tells about a fork it would create, and an update it would make, without writing', async () => {
    const fork = await publish(['note.md', '--team', 'iaas', '--dry-run', '--format', 'json'], {token: contributorToken})
    expect(JSON.parse(fork.stdout)).toMatchObject({dryRun: true, fork: true, forkCreated: true, headRepository: 'octocat/minutes', status: 'created', commit: null})
    expect(double.writes()).toEqual([])

    await publish(['note.md', '--team', 'iaas'])
    await writeFile(join(folder, 'note.md'), note + '\n## Next call\n\n2023-08-02\n')
    const start = double.requests.length
    const update = await publish(['note.md', '--team', 'iaas', '--dry-run'])
    expect(update.stdout).toContain(`result:      would update pull request #1 (${double.url}/SovereignCloudStack/minutes/pull/1)`)
    expect(writesSince(start)).toEqual([])
  })
})

describe('minutes publish: bad input and faults', () => {
  it('needs a token, and says how to set one', async () => {
    const result = await publish(['note.md', '--team', 'iaas'], {token: undefined})
    expect(result.code).toBe(2)
    expect(result.error?.message).toBe('no GitHub token: publishing needs one, also for --dry-run')
    expect(double.requests).toEqual([])
  })

  it('checks the token and --repo before downloading a note', async () => {
    const server = await hedgedocDouble({notes: {noteId: {content: note}}})
    try {
      const noToken = await publish([`${server.url}/noteId`, '--team', 'iaas'], {token: undefined})
      expect(noToken.error?.message).toBe('no GitHub token: publishing needs one, also for --dry-run')
      const badRepo = await publish([`${server.url}/noteId`, '--team', 'iaas', '--repo', 'minutes'])
      expect(badRepo.error?.message).toBe('invalid --repo "minutes": expected OWNER/NAME, such as SovereignCloudStack/minutes')
      expect(server.requests).toEqual([])
      expect(double.requests).toEqual([])
    } finally {
      await server.close()
    }
  })

  it('reports a bad token (401) without printing it, also with --verbose', async () => {
    const token = 'ghp_revoked000000000000000000000000000009'
    const result = await runBin(['publish', 'note.md', '--team', 'iaas', '--api-url', double.url, '--verbose'], {cwd: folder, env: environment(token)})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('GitHub does not accept the token (401 Bad credentials)')
    expect(result.stderr).toContain('Set GITHUB_TOKEN or GH_TOKEN')
    expect(result.stdout + result.stderr).not.toContain(token)
    expect(double.requests.length).toBeGreaterThan(0)
    expect(double.requests.every((request) => request.authorization === `token ${token}`)).toBe(true)
  })

  it('keeps the token out of errors even when the server repeats it', async () => {
    double.fail({method: 'GET', path: '/user', status: 400, message: `bad request with ${maintainerToken}`})
    const result = await runBin(['publish', 'note.md', '--team', 'iaas', '--api-url', double.url, '--verbose'], {cwd: folder, env: environment(maintainerToken)})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('bad request with [redacted]')
    expect(result.stderr).not.toContain(maintainerToken)
  })

  it('names a repository that does not exist, and a base branch that does not', async () => {
    const missing = await publish(['note.md', '--team', 'iaas', '--repo', 'SovereignCloudStack/minutes-typo'])
    expect(missing.code).toBe(2)
    expect(missing.error?.message).toBe('repository SovereignCloudStack/minutes-typo not found, or the token may not see it')
    const base = await publish(['note.md', '--team', 'iaas', '--base', 'develop'])
    expect(base.code).toBe(2)
    expect(base.error?.message).toBe('base branch develop not found in SovereignCloudStack/minutes')
    expect(double.writes()).toEqual([])
  })

  it('publishes a note by URL with its pictures in the same commit', async () => {
    const server = await hedgedocDouble({
      notes: {noteId: {content: note + '\n![](/uploads/diagram.png)\n'}},
      uploads: {'diagram.png': {body: png, type: 'image/png'}}
    })
    try {
      const result = await publish([`${server.url}/noteId?both`, '--team', 'iaas'], {token: maintainerToken})
      expect(result.code).toBe(0)
      const minutes = double.file(upstream, 'minutes/iaas-20230726', 'iaas/20230726.md')
      expect(minutes).toContain('![diagram.png](diagram.png)')
      expect(double.bytes(upstream, 'minutes/iaas-20230726', 'iaas/diagram.png')).toEqual(png)
      const [pull] = double.pullsOf(upstream)
      expect(pull!.body).toContain(`${server.url}/noteId`)
      expect(server.created).toEqual([])
    } finally {
      await server.close()
    }
  })

  it('checks the arguments before any request', async () => {
    const cases: Array<[string[], string]> = [
      [['--team', 'iaas'], 'nothing to publish: give NOTE files (with --team) or --dir DIR'],
      [['note.md'], 'publishing notes needs --team, such as --team iaas'],
      [['note.md', 'note.md', '--team', 'iaas'], 'two notes give iaas/20230726.md'],
      [['note.md', 'other.md', '--team', 'iaas', '--date', '2023-07-26'], '--date applies to one note; the others would get the same file name'],
      [['note.md', '--dir', '.'], 'give either NOTE files or --dir, not both'],
      [['--dir', '.', '--team', 'iaas'], '--team and --date are for NOTE files; --dir takes team and date from <team>/<YYYYMMDD>.md'],
      [['--dir', 'missing'], '--dir missing: no such file or directory'],
      [['note.md', '--team', 'IaaS'], 'invalid team "IaaS": expected a folder name of lowercase letters, digits and hyphens, such as "iaas"'],
      [['note.md', '--team', 'iaas', '--signoff', 'Jane'], 'invalid --signoff "Jane": expected "Name <email>", such as "Jane Doe <jane@example.com>"'],
      [['note.md', '--team', 'iaas', '--repo', 'minutes'], 'invalid --repo "minutes": expected OWNER/NAME, such as SovereignCloudStack/minutes']
    ]
    for (const [args, message] of cases) {
      const result = await publish(args)
      expect({args, code: result.code, message: result.error?.message}).toEqual({args, code: 2, message})
    }

    expect(double.requests).toEqual([])
  })

  it('waits out a primary and a secondary rate limit', async () => {
    double.fail({
      method: 'GET',
      path: '/user',
      status: 403,
      message: 'API rate limit exceeded for user ID 11.',
      headers: {'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1)}
    })
    double.fail({method: 'POST', path: '/repos/SovereignCloudStack/minutes/pulls', status: 403, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', headers: {'retry-after': '2'}})
    const result = await publish(['note.md', '--team', 'iaas'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('GitHub rate limit reached; waiting')
    expect(result.stderr).toContain('GitHub secondary rate limit; waiting 2 s before retrying POST /repos/SovereignCloudStack/minutes/pulls')
    expect(double.pullsOf(upstream)).toHaveLength(1)
  })

  it('gives up on a rate limit that lasts, and a second run completes', async () => {
    double.fail({
      method: 'POST',
      path: /\/git\/commits$/,
      status: 403,
      message: 'API rate limit exceeded for user ID 11.',
      headers: {'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1)},
      times: 10
    })
    const first = await publish(['note.md', '--team', 'iaas'])
    expect(first.code).toBe(2)
    expect(first.error?.message).toMatch(/^could not create a commit in SovereignCloudStack\/minutes: GitHub's rate limit is reached \(it resets at .*\) \(403 API rate limit exceeded/)
    double.clearFailures()
    const second = await publish(['note.md', '--team', 'iaas'])
    expect(second.code).toBe(0)
    expect(double.pullsOf(upstream)).toHaveLength(1)
  })

  it('gives up on a secondary rate limit that lasts, saying to wait', async () => {
    double.fail({method: 'GET', path: '/user', status: 429, message: 'You have exceeded a secondary rate limit.', headers: {'retry-after': '1'}, times: 10})
    const result = await publish(['note.md', '--team', 'iaas'])
    expect(result.code).toBe(2)
    expect(result.error?.message).toBe("could not read the signed-in GitHub account: GitHub's secondary rate limit is reached (429 You have exceeded a secondary rate limit.)")
    expect(result.error?.hint).toBe('Wait a minute and run the same command again: publish picks up where it stopped.')
    expect(double.writes()).toEqual([])
  })

  it('retries a 5xx and a dropped connection, and a retried pull request is not opened twice', async () => {
    double.fail({method: 'GET', path: '/repos/SovereignCloudStack/minutes', status: 502, message: 'Bad Gateway'})
    double.fail({method: 'POST', path: /\/git\/trees$/, drop: 'before'})
    double.fail({method: 'POST', path: /\/git\/refs$/, drop: 'after'})
    double.fail({method: 'POST', path: '/repos/SovereignCloudStack/minutes/pulls', drop: 'after'})
    const result = await publish(['note.md', '--team', 'iaas'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`${double.url}/SovereignCloudStack/minutes/pull/1\n`)
    expect(double.pullsOf(upstream)).toHaveLength(1)
    expect(double.requests.filter((request) => request.status === 'dropped')).toHaveLength(3)
  })

  it('stops on a server that keeps failing, and a second run gives the branch its pull request', async () => {
    double.fail({method: 'POST', path: '/repos/SovereignCloudStack/minutes/pulls', status: 503, message: 'Service Unavailable', times: 4})
    const first = await publish(['note.md', '--team', 'iaas'])
    expect(first.code).toBe(2)
    expect(first.error?.message).toBe(
      'could not open a pull request on SovereignCloudStack/minutes from SovereignCloudStack:minutes/iaas-20230726: GitHub failed (503 Service Unavailable), also after retrying'
    )
    expect(double.branch(upstream, 'minutes/iaas-20230726')).toBeDefined()
    expect(double.pullsOf(upstream)).toEqual([])

    const start = double.requests.length
    const second = await publish(['note.md', '--team', 'iaas'])
    expect(second.code).toBe(0)
    expect(writesSince(start).map((request) => `${request.method} ${request.path}`)).toEqual(['POST /repos/SovereignCloudStack/minutes/pulls'])
    expect(double.pullsOf(upstream)).toHaveLength(1)
  })

  it('stops on a connection that keeps dropping, and a second run brings the pull request up to date', async () => {
    await publish(['note.md', '--team', 'iaas'])
    const old = double.branch(upstream, 'minutes/iaas-20230726')!
    await writeFile(join(folder, 'note.md'), note.replace('Numbers for the next call', 'Numbers for the call on 2023-08-02'))
    double.fail({method: 'PATCH', path: /\/git\/refs\/heads\//, drop: 'before', times: 4})
    const first = await publish(['note.md', '--team', 'iaas'])
    expect(first.code).toBe(2)
    expect(first.error?.message).toMatch(/^could not update the branch minutes\/iaas-20230726 in SovereignCloudStack\/minutes: no answer from GitHub \(.+\), also after retrying$/)
    expect(double.branch(upstream, 'minutes/iaas-20230726')).toBe(old)

    const second = await publish(['note.md', '--team', 'iaas', '--format', 'json'])
    expect(JSON.parse(second.stdout)).toMatchObject({status: 'updated', pullRequest: {number: 1}})
    expect(double.file(upstream, 'minutes/iaas-20230726', 'iaas/20230726.md')).toContain('call on 2023-08-02')
    expect(double.pullsOf(upstream)).toHaveLength(1)
  })

  it('stops when the pull request cannot be updated, and a second run updates its title and body', async () => {
    await publish(['note.md', '--team', 'iaas'])
    await writeFile(join(folder, 'note.md'), note.replace('- [ ] @octocat: review the standard draft\n', '- [ ] @octocat: review the standard draft\n- [ ] @john-smith: book a room\n'))
    double.fail({method: 'PATCH', path: '/repos/SovereignCloudStack/minutes/pulls/1', status: 503, message: 'Service Unavailable', times: 4})
    const first = await publish(['note.md', '--team', 'iaas'])
    expect(first.code).toBe(2)
    expect(first.error?.message).toBe('could not update pull request #1 on SovereignCloudStack/minutes: GitHub failed (503 Service Unavailable), also after retrying')
    expect(double.file(upstream, 'minutes/iaas-20230726', 'iaas/20230726.md')).toContain('@john-smith: book a room')
    expect(double.pullsOf(upstream)[0]!.body).toContain('- 2 action items')

    const start = double.requests.length
    const second = await publish(['note.md', '--team', 'iaas', '--format', 'json'])
    expect(JSON.parse(second.stdout)).toMatchObject({status: 'updated', pullRequest: {number: 1}})
    expect(writesSince(start).map((request) => `${request.method} ${request.path}`)).toEqual(['PATCH /repos/SovereignCloudStack/minutes/pulls/1'])
    expect(double.pullsOf(upstream)[0]!.body).toContain('- 3 action items')
  })

  it('builds again on a base branch that moved during the run', async () => {
    let moved = ''
    double.after({method: 'POST', path: /\/git\/commits$/}, () => {
      moved = double.pushCommit(upstream, 'main', {'container/20230727.md': '# Team Container 2023-07-27\n'})
    })
    const result = await publish(['note.md', '--team', 'iaas'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('main moved during the run; building again on its new head')
    expect(double.commit(double.branch(upstream, 'minutes/iaas-20230726')!).parents).toEqual([moved])
    expect(double.pullsOf(upstream)).toHaveLength(1)
  })

  it('stops when the base keeps moving, and a second run completes', async () => {
    double.after({method: 'POST', path: /\/git\/commits$/}, () => double.pushCommit(upstream, 'main', {[`other/${Date.now()}-${Math.random()}.md`]: 'x\n'}), 3)
    const first = await publish(['note.md', '--team', 'iaas'])
    expect(first.code).toBe(2)
    expect(first.error?.message).toBe('the base branch main of SovereignCloudStack/minutes kept moving while publishing (3 tries)')
    expect(double.branch(upstream, 'minutes/iaas-20230726')).toBeUndefined()
    const second = await publish(['note.md', '--team', 'iaas'])
    expect(second.code).toBe(0)
    expect(double.commit(double.branch(upstream, 'minutes/iaas-20230726')!).parents).toEqual([double.branch(upstream, 'main')])
    expect(double.pullsOf(upstream)).toHaveLength(1)
  })
})

describe('minutes publish on the command line', () => {
  it('passes publish its options', async () => {
    const {context} = memoryContext()
    let received: Record<string, unknown> | undefined
    const code = await runProgram(
      ['node', 'minutes', 'publish', 'a.md', 'b.md', '--team', 'iaas', '--repo', 'o/r', '--base', 'b', '--draft', '-n', '--signoff', 'A <a@b.c>', '--format', 'json'],
      context,
      {
        async publish(options) {
          received = options
          return 0
        }
      }
    )
    expect(code).toBe(0)
    expect(received).toMatchObject({notes: ['a.md', 'b.md'], team: 'iaas', repo: 'o/r', base: 'b', draft: true, dryRun: true, signoff: 'A <a@b.c>', format: 'json'})
  })

  it('runs as a user would: the pull request URL on stdout, progress on stderr', async () => {
    const result = await runBin(['publish', 'note.md', '--team', 'iaas', '--api-url', double.url], {cwd: folder, env: environment(maintainerToken)})
    expect(result).toMatchObject({code: 0, stdout: `${double.url}/SovereignCloudStack/minutes/pull/1\n`})
    expect(result.stderr).toContain('created branch minutes/iaas-20230726')
    expect(result.stderr).toContain('opened pull request #1: ')
  })
})
