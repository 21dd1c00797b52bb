// `minutes sync` against the HedgeDoc double (the teams' running pads) and
// the GitHub REST double (the minutes repository), in process.
import {existsSync} from 'node:fs'
import {mkdir, mkdtemp, readFile, readdir, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {runProgram} from '../src/cli/program.js'
import {MinutesError} from '../src/errors.js'
import {convert} from '../src/pipeline/convert.js'
import {GitHubDouble} from './doubles/github-rest.js'
import {memoryContext, root, runBin} from './helpers/cli.js'
import {buildPad} from './helpers/pads.js'
import {closedAfterEach, hedgedocDouble, png, type DoubleNote} from './helpers/servers.js'

const token = 'ghp_maintainer0000000000000000000000001'
const upstream = 'SovereignCloudStack/minutes'
const notesFolder = join(root, 'fixtures', 'meetings', 'notes')
const [note0306, note0313, note0320] = await Promise.all(['20240306.md', '20240313.md', '20240320.md'].map((name) => readFile(join(notesFolder, name), 'utf8')))
const served = closedAfterEach()

let double: GitHubDouble
let folder: string
let pads: Record<string, DoubleNote>
let hedgedoc: Awaited<ReturnType<typeof hedgedocDouble>>

/** The fixture notes with their picture on the double. */
function onDouble(note: string): string {
  return note.replace('https://input.scs.community/uploads/', `${hedgedoc.url}/uploads/`)
}

beforeEach(async () => {
  pads = {
    iaasPad: {content: ''},
    containerPad: {content: '', permission: 'private'},
    iamPad: {content: ''}
  }
  hedgedoc = await served(hedgedocDouble({notes: pads, uploads: {'upload_0123456789abcdef.png': {body: png, type: 'image/png'}}}))
  pads.iaasPad!.content = buildPad([onDouble(note0306!), note0313!])
  pads.containerPad!.content = buildPad([note0313!])
  pads.iamPad!.content = buildPad([note0320!.replace('2024-03-20', '2024-03-21')])
  double = await new GitHubDouble().start()
  double.addUser({login: 'mia', token, id: 11, name: 'Mia Maintainer'})
  double.addRepository({
    owner: 'SovereignCloudStack',
    name: 'minutes',
    files: {'README.md': '# Minutes\n', 'iaas/20240306.md': '# 2024-03-06\n\nCorrected in the repository.\n'},
    collaborators: {mia: 'push'}
  })
  folder = await mkdtemp(join(tmpdir(), 'minutes-sync-'))
  await writeConfig({iaas: {name: 'Team IaaS', pads: [`${hedgedoc.url}/iaasPad`]}, iam: {pads: [`${hedgedoc.url}/iamPad`]}})
})

afterEach(async () => {
  await double.close()
})

async function writeConfig(teams: Record<string, unknown>): Promise<void> {
  await writeFile(join(folder, 'minutes.config.json'), JSON.stringify({hedgedoc: hedgedoc.url, teams}))
}

function environment(): Record<string, string | undefined> {
  return {GITHUB_TOKEN: token, MINUTES_WAIT_SCALE: '0.001', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GH_CONFIG_DIR: folder}
}

async function run(args: string[]) {
  const {context, stdout, stderr} = memoryContext({cwd: folder, env: environment()})
  try {
    const code = await runProgram(['node', 'minutes', 'sync', ...args, '--concurrency', '2'], context)
    return {code, stdout: stdout(), stderr: stderr()}
  } catch (error) {
    if (!(error instanceof MinutesError)) throw error
    return {code: error.exitCode, stdout: stdout(), stderr: stderr() + error.message}
  }
}

const github = (args: string[]) => run([...args, '--api-url', double.url])

/** The minutes `convert` writes for a note of its own. */
async function minutesOf(note: string): Promise<string> {
  return (await convert(note)).markdown
}

describe('sync into a checkout (--out)', () => {
  it('writes the meetings the folder lacks, pictures beside them; a second run changes nothing', async () => {
    await mkdir(join(folder, 'minutes'))
    const first = await run(['--out', 'minutes'])
    expect(first.code).toBe(0)
    expect((await readdir(join(folder, 'minutes', 'iaas'))).sort()).toEqual(['20240306.md', '20240313.md', 'upload_0123456789abcdef.png'])
    expect(await readFile(join(folder, 'minutes', 'iaas', '20240313.md'), 'utf8')).toBe(await minutesOf(note0313!))
    expect(await readFile(join(folder, 'minutes', 'iaas', '20240306.md'), 'utf8')).toContain('![upload_0123456789abcdef.png](upload_0123456789abcdef.png)')
    expect(await readFile(join(folder, 'minutes', 'iam', '20240321.md'), 'utf8')).toBe(await minutesOf(note0320!.replace('2024-03-20', '2024-03-21')))
    expect(first.stdout.split('\n').filter(Boolean).sort()).toEqual(
      ['iaas/20240306.md', 'iaas/20240313.md', 'iaas/upload_0123456789abcdef.png', 'iam/20240321.md'].map((path) => join(folder, 'minutes', path))
    )
    expect(first.stderr).toContain('iaas: 2 meetings in 1 pad: 2 new')

    const before = (await stat(join(folder, 'minutes', 'iaas', '20240313.md'))).mtimeMs
    const second = await run(['--out', 'minutes'])
    expect(second.code).toBe(0)
    expect(second.stdout).toBe('')
    expect(second.stderr).toContain(`${join(folder, 'minutes')}: up to date`)
    expect((await stat(join(folder, 'minutes', 'iaas', '20240313.md'))).mtimeMs).toBe(before)
  })

  it('a checkout that does not exist is refused, naming it', async () => {
    const result = await run(['--out', 'minuets'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`--out minuets: no such folder (${join(folder, 'minuets')})`)
    expect(existsSync(join(folder, 'minuets'))).toBe(false)
  })

  it('a private pad gives a clear error naming the team; the other teams are still synced, exit 1', async () => {
    await writeConfig({iaas: {pads: [`${hedgedoc.url}/iaasPad`]}, container: {pads: [`${hedgedoc.url}/containerPad`]}})
    await mkdir(join(folder, 'minutes'))
    const result = await run(['--out', 'minutes'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`error container: cannot read the pad ${hedgedoc.url}/containerPad: .*login.*; the team is not synced`))
    expect(await readdir(join(folder, 'minutes'))).toEqual(['iaas'])
  })

  it('two meetings of one date, in two pads of a team, are reported with both places and neither is written', async () => {
    await writeConfig({iaas: {pads: [`${hedgedoc.url}/iaasPad`, `${hedgedoc.url}/containerPad`]}})
    pads.containerPad!.permission = 'freely'
    await mkdir(join(folder, 'minutes'))
    const result = await run(['--out', 'minutes', '--images', 'keep'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`error iaas: two meetings on 2024-03-13 \\(${hedgedoc.url}/iaasPad:\\d+ and ${hedgedoc.url}/containerPad:\\d+\\); neither is written`))
    expect(result.stderr.match(/two meetings on/g)).toHaveLength(1)
    expect(await readdir(join(folder, 'minutes', 'iaas'))).toEqual(['20240306.md'])
  })

  it('--team T --pad FILE: a pad exported to a file; --since leaves older meetings out', async () => {
    await writeFile(join(folder, 'pad.md'), buildPad([note0306!, note0313!, note0320!]))
    await mkdir(join(folder, 'minutes'))
    const result = await run(['--team', 'board', '--pad', 'pad.md', '--out', 'minutes', '--since', '2024-03-10', '--images', 'keep'])
    expect(result.code).toBe(0)
    expect((await readdir(join(folder, 'minutes', 'board'))).sort()).toEqual(['20240313.md', '20240320.md'])
    expect(result.stderr).toContain('board: 3 meetings in 1 pad: 2 new, 1 before 2024-03-10')
    expect((await run(['--pad', 'pad.md', '--out', 'minutes'])).stderr).toContain('--pad needs --team')
  })
})

describe('sync to GitHub', () => {
  it('opens one pull request from minutes/sync with the new meetings; a meeting on the base is not touched', async () => {
    const result = await github([])
    expect(result.code).toBe(0)
    const pulls = double.pullsOf(upstream)
    expect(pulls).toHaveLength(1)
    expect(pulls[0]!.headRef).toBe('minutes/sync')
    expect(result.stdout).toMatch(new RegExp(`/pull/${pulls[0]!.number}\n$`))
    expect(double.paths(upstream, 'minutes/sync')).toEqual(['README.md', 'iaas/20240306.md', 'iaas/20240313.md', 'iam/20240321.md'])
    expect(double.file(upstream, 'minutes/sync', 'iaas/20240306.md')).toBe('# 2024-03-06\n\nCorrected in the repository.\n')
    expect(double.file(upstream, 'minutes/sync', 'iaas/20240313.md')).toBe(await minutesOf(note0313!))
    expect(result.stderr).toContain('iaas: 2 meetings in 1 pad: 1 new, 1 already in SovereignCloudStack/minutes')
  })

  it('a second run changes nothing; a new meeting grows the same pull request by one file', async () => {
    await github([])
    const writes = double.writes().length
    const second = await github([])
    expect(second.code).toBe(0)
    expect(double.writes()).toHaveLength(writes)
    expect(second.stderr).toMatch(/SovereignCloudStack\/minutes: up to date: pull request #\d+ already has every meeting/)

    pads.iaasPad!.content = buildPad([onDouble(note0306!), note0313!, note0320!])
    const third = await github([])
    expect(third.code).toBe(0)
    const pulls = double.pullsOf(upstream)
    expect(pulls).toHaveLength(1)
    expect(double.paths(upstream, 'minutes/sync')).toEqual(['README.md', 'iaas/20240306.md', 'iaas/20240313.md', 'iaas/20240320.md', 'iam/20240321.md'])
    expect(pulls[0]!.state).toBe('open')
  })

  it('after a merge, the next new meeting opens a new pull request', async () => {
    await github([])
    const first = double.pullsOf(upstream)[0]!
    double.merge(upstream, first.number)
    const nothing = await github([])
    expect(nothing.stderr).toContain('SovereignCloudStack/minutes: up to date')
    expect(double.pullsOf(upstream)).toHaveLength(1)

    pads.iaasPad!.content = buildPad([onDouble(note0306!), note0313!, note0320!])
    const result = await github([])
    expect(result.code).toBe(0)
    const pulls = double.pullsOf(upstream)
    expect(pulls).toHaveLength(2)
    const second = pulls.find((pull) => pull.number !== first.number)!
    expect(second.state).toBe('open')
    // Only the new meeting: the merged ones are on the base.
    expect(double.paths(upstream, 'minutes/sync')).toContain('iaas/20240320.md')
    expect(double.commit(double.branch(upstream, 'minutes/sync')!).parents).toEqual([double.branch(upstream, 'main')])
  })

  it('--update proposes a meeting whose pad text converts differently and names it in the body; --since leaves older ones out', async () => {
    const result = await github(['--update', '--since', '2024-03-01', '--images', 'keep'])
    expect(result.code).toBe(0)
    expect(double.file(upstream, 'minutes/sync', 'iaas/20240306.md')).toBe(await minutesOf(note0306!.replace('https://input.scs.community/uploads/', `${hedgedoc.url}/uploads/`)))
    const pull = double.pullsOf(upstream)[0]!
    expect(pull.body).toContain('Changed since they were published')
    expect(pull.body).toContain('- `iaas/20240306.md`: Team IaaS, 2024-03-06')
    expect(pull.body).toContain('Published with `minutes sync`')

    const later = await github(['--since', '2024-03-20'])
    expect(later.stderr).toContain('iaas: 2 meetings in 1 pad: nothing new, 2 before 2024-03-20')
  })

  it('a dry run makes no write request and says what would be published; --format json describes the run', async () => {
    const result = await github(['--dry-run', '--format', 'json'])
    expect(result.code).toBe(0)
    expect(double.writes()).toEqual([])
    const json = JSON.parse(result.stdout) as {dryRun: boolean; targets: Array<{target: string; status: string; files: Array<{path: string}>; teams: Array<{team: string; meetings: Array<{date: string; status: string}>}>}>}
    expect(json.dryRun).toBe(true)
    expect(json.targets[0]!.target).toBe(upstream)
    expect(json.targets[0]!.status).toBe('created')
    expect(json.targets[0]!.files.map((file) => file.path)).toEqual(['iaas/20240313.md', 'iam/20240321.md'])
    expect(json.targets[0]!.teams.find((team) => team.team === 'iaas')!.meetings).toEqual([
      expect.objectContaining({date: '2024-03-13', status: 'new'}),
      expect.objectContaining({date: '2024-03-06', status: 'exists'})
    ])
    expect(result.stderr).toContain('dry run: nothing was written; would publish iaas/20240313.md, iam/20240321.md')
  })

  it('a private pad fails its team only: the others are published, exit 1', async () => {
    await writeConfig({iaas: {pads: [`${hedgedoc.url}/iaasPad`]}, container: {pads: [`${hedgedoc.url}/containerPad`]}})
    const result = await github(['--images', 'keep'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('error container: cannot read the pad')
    expect(double.paths(upstream, 'minutes/sync')).toContain('iaas/20240313.md')
  })
})

const corpus = join(root, '..', 'shared', 'corpus')

describe('a pad of corpus notes', () => {
  // Notes whose first line is a dated H1, one meeting each, headings that can
  // go one level down (no setext, no H6), one per date: served as one pad.
  it.runIf(existsSync(corpus))('every meeting synced from the pad is byte for byte the conversion of its own note', async () => {
    const notes = new Map<string, string>()
    for (const team of (await readdir(corpus)).sort()) {
      for (const name of (await readdir(join(corpus, team)).catch(() => [])).filter((entry) => /^\d{8}\.md$/.test(entry)).sort()) {
        const text = await readFile(join(corpus, team, name), 'utf8')
        if (!/^# \d{4}-\d{2}-\d{2}[ \t]*\n/.test(text) || /^#{6} |^ {0,3}(?:=+|-+)[ \t]*$/m.test(text)) continue
        const date = text.slice(2, 12)
        if (!notes.has(date) && notes.size < 200) notes.set(date, text)
      }
    }

    // Every fifth, in date order: a pad of 40 meetings over the teams and years.
    const picked = [...notes.entries()].sort(([a], [b]) => a.localeCompare(b)).filter((_, index) => index % 5 === 0).map(([, text]) => text)
    pads.iaasPad!.content = buildPad(picked)
    await writeConfig({iaas: {pads: [`${hedgedoc.url}/iaasPad`]}})
    await mkdir(join(folder, 'minutes'))
    const result = await run(['--out', 'minutes', '--images', 'keep'])
    expect(result.code).toBe(0)
    expect((await readdir(join(folder, 'minutes', 'iaas'))).length).toBe(picked.length)
    for (const note of picked) {
      const name = `${note.slice(2, 12).replaceAll('-', '')}.md`
      expect(await readFile(join(folder, 'minutes', 'iaas', name), 'utf8'), name).toBe(await minutesOf(note))
    }
  })
})

describe('the bin', () => {
  it('exit code, stdout and stderr of a run into a checkout', async () => {
    await mkdir(join(folder, 'minutes'))
    const result = await runBin(['sync', '--team', 'iam', '--out', 'minutes'], {cwd: folder})
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(join(folder, 'minutes', 'iam', '20240321.md') + '\n')
    expect(result.stderr).toContain('iam: 1 meeting in 1 pad: 1 new')
  })
})
