// `minutes migrate` with the real note reader, picture downloader and
// publish machinery, against HedgeDoc and GitHub doubles on 127.0.0.1: the
// spawned bin, so the worker threads are real too.
import {mkdir, mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {runBin} from './helpers/cli.js'
import {hedgedocDouble, png} from './helpers/servers.js'
import {GitHubDouble} from './doubles/github-rest.js'

const cleanup: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'minutes-migrate-net-'))
  cleanup.push(() => rm(dir, {recursive: true, force: true}))
  return dir
}

const upload = '5f0c4a2e-1111-4222-8333-944455556666.png'

async function server() {
  const notes = {
    teamWeekly0001: {content: `# Team IaaS 2024-03-06\n\n## Agenda\n\n- see [last week](SERVER/teamWeekly0000?both)\n\n![](/uploads/${upload} =300x)\n`},
    teamWeekly0000: {content: '# Team IaaS 2024-02-28\n\n## Agenda\n\n* kick-off\n'}
  }
  const double = await hedgedocDouble({notes, uploads: {[upload]: {body: png, type: 'image/png'}}})
  for (const note of Object.values(notes)) note.content = note.content.replace('SERVER', double.url)
  cleanup.push(() => double.close())
  return double
}

describe('migrate with the network', () => {
  it('reads --urls from HedgeDoc, links the notes to each other and downloads their pictures once', async () => {
    const hedgedoc = await server()
    const dir = await folder()
    await writeFile(join(dir, 'urls.txt'), `${hedgedoc.url}/teamWeekly0001?both\n${hedgedoc.url}/teamWeekly0000\n`)
    await writeFile(join(dir, 'minutes.config.json'), JSON.stringify({hedgedoc: hedgedoc.url}))

    const result = await runBin(['migrate', '--urls', 'urls.txt', '--out', 'out', '--layout', 'repo', '--team', 'iaas', '--quiet'], {cwd: dir})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect((await readdir(join(dir, 'out', 'iaas'))).sort()).toEqual(['20240228.md', '20240306.md', upload])
    const minutes = await readFile(join(dir, 'out', 'iaas', '20240306.md'), 'utf8')
    expect(minutes).toContain('[last week](20240228.md)')
    expect(minutes).toContain(`<img src="${upload}" alt="${upload}" width="300">`)
    expect(await readFile(join(dir, 'out', 'iaas', upload))).toEqual(png)
    expect(hedgedoc.requests.filter((request) => request.path.startsWith('/uploads/'))).toHaveLength(1)
    // Never a GET of the note itself, which can create a note.
    expect(hedgedoc.created).toEqual([])
  })

  it('--layout repo reports a picture that could not be downloaded, in the summary and the report', async () => {
    const hedgedoc = await server()
    const dir = await folder()
    await writeFile(join(dir, 'minutes.config.json'), JSON.stringify({hedgedoc: hedgedoc.url}))
    await mkdir(join(dir, 'notes', 'iaas'), {recursive: true})
    await writeFile(join(dir, 'notes', 'iaas', 'week.md'), '# Team IaaS 2024-03-13\n\n![](/uploads/gone.png)\n')
    const result = await runBin(['migrate', 'notes', '--out', 'out', '--layout', 'repo', '--report', 'report.json'], {cwd: dir})
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/\n\s+1 {2}pictures not downloaded \(their links to the server stay; see report\.json\)\n/)
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as {summary: {picturesFailed: number}; notes: Array<{picturesFailed: number; messages: Array<{ruleId: string; message: string}>}>}
    expect(report.summary.picturesFailed).toBe(1)
    expect(report.notes[0]!.picturesFailed).toBe(1)
    expect(report.notes[0]!.messages.find((message) => message.ruleId === 'image-download')?.message).toContain('/uploads/gone.png')
    expect(await readFile(join(dir, 'out', 'iaas', '20240313.md'), 'utf8')).toContain('/uploads/gone.png')
  })

  it('publishes the migrated folder as one pull request with --pr', async () => {
    const github = await new GitHubDouble().start()
    cleanup.push(() => github.close())
    const token = 'ghp_migrate000000000000000000000000000001'
    github.addUser({login: 'mia', token, id: 7, name: 'Mia Maintainer'})
    github.addRepository({owner: 'SovereignCloudStack', name: 'minutes', files: {'README.md': '# Minutes\n'}, collaborators: {mia: 'push'}})
    const dir = await folder()
    await writeFile(join(dir, 'iaas-0306.md'), '# Team IaaS 2024-03-06\n\n## Agenda\n\n* storage\n')
    await writeFile(join(dir, 'iaas-0313.md'), '# Team IaaS 2024-03-13\n\n## Agenda\n\n* network\n')

    const env = {GITHUB_TOKEN: token, MINUTES_WAIT_SCALE: '0.001', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GH_CONFIG_DIR: dir}
    const args = ['migrate', 'iaas-0306.md', 'iaas-0313.md', '--out', 'out', '--layout', 'repo', '--team', 'iaas', '--pr', '--api-url', github.url, '--quiet']
    const result = await runBin(args, {cwd: dir, env})
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const [pull, ...others] = github.pullsOf('SovereignCloudStack/minutes')
    expect(others).toEqual([])
    expect(result.stdout).toBe(`${github.url}/SovereignCloudStack/minutes/pull/${pull!.number}\n`)
    const branch = pull!.headRef
    expect(github.paths('SovereignCloudStack/minutes', branch).sort()).toEqual(['README.md', 'iaas/20240306.md', 'iaas/20240313.md'])

    // A second run changes nothing: the same pull request, no new commit.
    const head = github.branch('SovereignCloudStack/minutes', branch)
    const again = await runBin(args, {cwd: dir, env})
    expect(again.code).toBe(0)
    expect(github.pullsOf('SovereignCloudStack/minutes')).toHaveLength(1)
    expect(github.branch('SovereignCloudStack/minutes', branch)).toBe(head)
  })

  it('with --pr and no token, fails before converting anything', async () => {
    const dir = await folder()
    await writeFile(join(dir, 'iaas-0306.md'), '# Team IaaS 2024-03-06\n\n## Agenda\n\n* storage\n')
    const env = {GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GH_CONFIG_DIR: dir}
    const result = await runBin(['migrate', 'iaas-0306.md', '--out', 'out', '--layout', 'repo', '--team', 'iaas', '--pr', '--quiet'], {cwd: dir, env})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('no GitHub token: publishing needs one, also for --dry-run')
    expect(await readdir(dir)).not.toContain('out')
  })
})
