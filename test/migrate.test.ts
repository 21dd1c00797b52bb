// `minutes migrate`: options, a failing note in a batch, re-runs, links
// between notes, --layout repo, the report, in place, interruption, and the
// seams for URLs and pictures. Real worker threads (dist/, built by pretest)
// on the notes in fixtures/migrate/notes, copied to a temporary folder.
import {cp, mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {spawn} from 'node:child_process'
import {afterEach, describe, expect, it} from 'vitest'
import {runProgram} from '../src/cli/program.js'
import {seams} from '../src/commands/migrate.js'
import {defaultConfig} from '../src/config/schema.js'
import type {BatchImageResolver} from '../src/migrate/images.js'
import {linkTo, noteKey, readMapFile} from '../src/migrate/links.js'
import {manifestName} from '../src/migrate/manifest.js'
import {migrate} from '../src/migrate/migrate.js'
import {expandSources, readUrlList, type NoteReader} from '../src/migrate/sources.js'
import {convert} from '../src/pipeline/convert.js'
import type {MigrateReport} from '../src/report/migrate.js'
import {bin, memoryContext, root, runBin} from './helpers/cli.js'

const fixture = join(root, 'fixtures', 'migrate', 'notes')
const notes = ['container/20240104.md', 'container/kickoff-notes.md', 'iaas/20240103.md', 'iaas/20240110.md', 'sig-docs/undated.md']

const temporary: string[] = []
afterEach(async () => {
  for (const directory of temporary.splice(0)) await rm(directory, {recursive: true, force: true})
})

async function tempDir(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'minutes-migrate-'))
  temporary.push(directory)
  return directory
}

/** A copy of the fixture notes in a new folder: `{dir, notes: DIR/notes, out: DIR/out}`. */
async function workspace() {
  const dir = await tempDir()
  await cp(fixture, join(dir, 'notes'), {recursive: true})
  return {dir, notes: join(dir, 'notes'), out: join(dir, 'out')}
}

/** Every file under `directory`, relative, sorted (dot files too). */
async function files(directory: string): Promise<string[]> {
  const entries = await readdir(directory, {recursive: true, withFileTypes: true})
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1))
    .sort()
}

async function run(args: string[], cwd: string, context = memoryContext({cwd})) {
  const code = await runProgram(['node', 'minutes', 'migrate', ...args, '--concurrency', '2'], context.context)
  return {code, stdout: context.stdout(), stderr: context.stderr()}
}

async function readReport(path: string): Promise<MigrateReport> {
  return JSON.parse(await readFile(path, 'utf8')) as MigrateReport
}

describe('migrate: command line', () => {
  it('passes every option to the command', async () => {
    const {context} = memoryContext()
    let received: Record<string, unknown> | undefined
    const args = ['a', 'b/', '--out', 'o', '--layout', 'repo', '--team', 'iaas', '-j', '3', '--report', 'r.json', '--map', 'm.csv', '--force', '--urls', 'u.txt', '--pr', '-q']
    const code = await runProgram(['node', 'minutes', 'migrate', ...args], context, {
      async migrate(options) {
        received = options
        return 0
      }
    })
    expect(code).toBe(0)
    expect(received).toMatchObject({
      sources: ['a', 'b/'],
      out: 'o',
      layout: 'repo',
      team: 'iaas',
      concurrency: 3,
      report: 'r.json',
      map: 'm.csv',
      force: true,
      urls: 'u.txt',
      pr: true,
      quiet: true
    })
  })

  it.each([
    [['--out', 'o'], 'nothing to migrate'],
    [['notes'], 'Pass --out DIR, or --in-place'],
    [['notes', '--out', 'o', '--in-place'], '--out and --in-place cannot be used together'],
    [['notes', '--in-place', '--layout', 'repo'], 'cannot be used with --layout repo'],
    [['notes', '--out', 'o', '--team', 'iaas'], '--team places notes with --layout repo'],
    [['notes', '--out', 'o', '--layout', 'repo', '--team', 'Not A Team'], 'invalid team "Not A Team"'],
    [['notes', '--out', 'o', '--pr'], '--pr publishes to the minutes repository, so it needs --layout repo'],
    [['notes', '--out', 'o', '-j', '0'], '--concurrency must be a whole number of at least 1, got "0"'],
    [['notes', '--out', 'o', '--layout', 'flat'], "argument 'flat' is invalid"],
    [['missing-folder', '--out', 'o'], 'missing-folder: no such file or directory'],
    [['nothing-*.md', '--out', 'o'], 'nothing-*.md: no files match this pattern']
  ])('refuses %j with exit 2: %s', async (args, expected) => {
    const {dir} = await workspace()
    const result = await runBin(['migrate', ...args], {cwd: dir})
    expect(result.stderr).toContain(expected)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    await expect(stat(join(dir, 'o'))).rejects.toThrow()
  })

  it('reads --urls and names a bad line', async () => {
    const {dir} = await workspace()
    await writeFile(join(dir, 'bad.txt'), '# notes of 2024\nhttps://input.scs.community/team-iaas-2024\n  not-a-url\n')
    const bad = await runBin(['migrate', '--urls', 'bad.txt', '--out', 'o'], {cwd: dir})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('bad.txt:3:3: expected a note URL')

    await writeFile(join(dir, 'urls.txt'), 'https://input.scs.community/team-iaas-2024\n\nhttps://input.scs.community/container-weekly?view\n')
    expect(await readUrlList('urls.txt', dir)).toEqual([
      {kind: 'url', url: 'https://input.scs.community/team-iaas-2024', name: 'https://input.scs.community/team-iaas-2024'},
      {kind: 'url', url: 'https://input.scs.community/container-weekly?view', name: 'https://input.scs.community/container-weekly?view'}
    ])
  })
})

describe('migrate: a folder', () => {
  it('converts every note under --out, keeping relative paths; progress and summary on stderr only', async () => {
    const {dir, notes: source, out} = await workspace()
    const result = await run(['notes', '--out', 'out'], dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    expect(await files(out)).toEqual([manifestName, ...notes].sort())
    const plain = await readFile(join(out, 'sig-docs/undated.md'), 'utf8')
    expect(plain).toBe((await convert(await readFile(join(source, 'sig-docs/undated.md'), 'utf8'))).markdown)
    expect(result.stderr).toMatch(/^migrated 5 of 5 notes into out in /)
    expect(result.stderr).toMatch(/ {5}5 {2}converted\n/)
    expect(result.stderr).toMatch(/ {5}0 {2}failed\n/)
    expect(result.stderr).toContain('slowest: ')
  })

  it('goes on after a failing note in the middle of the batch, names it and exits 1', async () => {
    const {dir, out} = await workspace()
    await writeFile(join(dir, 'notes', 'iaas', '20240105.md'), Buffer.from([0x23, 0x20, 0x00, 0xff, 0xfe]))
    const result = await run(['notes', '--out', 'out'], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('notes/iaas/20240105.md: failed not a text file (it contains NUL bytes)\n')
    expect(result.stderr).toMatch(/ {5}5 {2}converted\n {5}0 {2}unchanged.*\n.*\n {5}1 {2}failed\n/)
    expect(await files(out)).toEqual([manifestName, ...notes].sort())
  })

  it('skips up-to-date notes on a re-run, redoes a changed one, and --force redoes them all', async () => {
    const {dir, notes: source, out} = await workspace()
    expect((await run(['notes', '--out', 'out'], dir)).code).toBe(0)
    const before = await stat(join(out, 'iaas/20240110.md'))

    const again = await run(['notes', '--out', 'out', '--report', 'again.json'], dir)
    expect(again.code).toBe(0)
    expect(again.stderr).toMatch(/ {5}5 {2}skipped/)
    expect((await stat(join(out, 'iaas/20240110.md'))).mtimeMs).toBe(before.mtimeMs)

    // A changed note is converted; one only touched (same text) is still skipped.
    await writeFile(join(source, 'sig-docs/undated.md'), '# Documentation ideas\n\n* write less\n')
    const later = new Date(Date.now() + 5000)
    await utimes(join(source, 'iaas/20240110.md'), later, later)
    const changed = await run(['notes', '--out', 'out', '--report', 'changed.json'], dir)
    expect(changed.code).toBe(0)
    const report = await readReport(join(dir, 'changed.json'))
    const statuses = Object.fromEntries(report.notes.map((note) => [note.source, note.status]))
    expect(statuses).toEqual({
      'notes/container/20240104.md': 'skipped',
      'notes/container/kickoff-notes.md': 'skipped',
      'notes/iaas/20240103.md': 'skipped',
      'notes/iaas/20240110.md': 'skipped',
      'notes/sig-docs/undated.md': 'converted'
    })
    expect(await readFile(join(out, 'sig-docs/undated.md'), 'utf8')).toBe('# Documentation ideas\n\n- write less\n')

    // A file edited in DIR is no longer up to date.
    await writeFile(join(out, 'iaas/20240103.md'), 'edited by hand\n')
    const edited = await run(['notes', '--out', 'out'], dir)
    expect(edited.stderr).toMatch(/ {5}1 {2}converted\n {5}0 {2}unchanged.*\n {5}4 {2}skipped/)
    expect(await readFile(join(out, 'iaas/20240103.md'), 'utf8')).toContain('# Team IaaS Weekly 2024-01-03')

    const forced = await run(['notes', '--out', 'out', '--force'], dir)
    expect(forced.stderr).toMatch(/ {5}0 {2}converted\n {5}5 {2}unchanged.*\n {5}0 {2}skipped/)
  })

  it('converts with the configuration and template given, in one worker with -j 1', async () => {
    const {dir, out} = await workspace()
    await writeFile(join(dir, 'team.config.json'), JSON.stringify({aliases: {'Bob Example': '@bobex'}}))
    await writeFile(join(dir, 'notes.liquid'), '# {{ title }}\n\nTeam: {{ teamName }}\n\n{{ body }}\n')
    const result = await runProgram(
      ['node', 'minutes', 'migrate', 'notes/iaas', '--out', 'out', '-c', 'team.config.json', '--template', 'notes.liquid', '-j', '1', '--layout', 'repo'],
      memoryContext({cwd: dir}).context
    )
    expect(result).toBe(0)
    const minutes = await readFile(join(out, 'iaas/20240103.md'), 'utf8')
    expect(minutes).toContain('Team: Team IaaS\n')
    expect(minutes).toContain('- @bobex (Bob Example)\n')
  })

  it('refuses an unknown template before converting anything', async () => {
    const {dir, out} = await workspace()
    const result = await runBin(['migrate', 'notes', '--out', 'out', '--template', 'fancy'], {cwd: dir})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unknown template "fancy"')
    await expect(stat(out)).rejects.toThrow()
  })

  it('leaves out the output folder when it is inside the source folder', async () => {
    const {notes: source} = await workspace()
    expect((await run(['.', '--out', 'migrated'], source)).code).toBe(0)
    const second = await run(['.', '--out', 'migrated', '--force'], source)
    expect(second.stderr).toMatch(/^migrated 5 of 5 notes/)
    expect(await files(join(source, 'migrated'))).toEqual([manifestName, ...notes].sort())
  })

  it('writes into the source folder itself: in place with --layout keep; with --layout repo, next to the notes, never taking them for notes', async () => {
    const {dir, notes: source} = await workspace()
    expect((await run(['notes', '--out', 'notes'], dir)).code).toBe(0)
    expect(await files(source)).toEqual([manifestName, ...notes].sort())
    expect(await readFile(join(source, 'sig-docs/undated.md'), 'utf8')).toBe('# Documentation ideas\n\n- write more\n- write better\n')

    const other = await workspace()
    expect((await run(['notes/iaas', 'notes/container', '--out', 'notes', '--layout', 'repo'], other.dir)).code).toBe(0)
    const again = await run(['notes/iaas', 'notes/container', '--out', 'notes', '--layout', 'repo', '--report', 'again.json'], other.dir)
    expect(again.code).toBe(0)
    const report = await readReport(join(other.dir, 'again.json'))
    expect(report.notes.map((note) => [note.source, note.status])).toEqual([
      ['notes/iaas/20240103.md', 'skipped'],
      ['notes/iaas/20240110.md', 'skipped'],
      ['notes/container/20240104.md', 'skipped'],
      ['notes/container/kickoff-notes.md', 'skipped']
    ])
    expect(await files(join(other.notes, 'container'))).toEqual(['20240104.md', '20240105.md', 'kickoff-notes.md'])
  })

  it('takes files and globs; a glob keeps paths below its fixed part', async () => {
    const {dir, out} = await workspace()
    const result = await run(['notes/iaas/20240103.md', 'notes/*/2024*.md', '--out', 'out'], dir)
    expect(result.code).toBe(0)
    // The file given first is placed by its name; the glob adds the others (each note once).
    expect(await files(out)).toEqual([manifestName, '20240103.md', 'container/20240104.md', 'iaas/20240110.md'].sort())
    const sources = await expandSources(['notes/*/2024*.md'], {cwd: dir})
    expect(sources.map((source) => [source.name, source.relative, source.folder])).toEqual([
      ['notes/container/20240104.md', 'container/20240104.md', 'container'],
      ['notes/iaas/20240103.md', 'iaas/20240103.md', 'iaas'],
      ['notes/iaas/20240110.md', 'iaas/20240110.md', 'iaas']
    ])
  })

  it('converts in place with --in-place, and skips on a re-run', async () => {
    const {dir, notes: source} = await workspace()
    const original = await readFile(join(source, 'iaas/20240103.md'), 'utf8')
    const result = await run(['notes', '--in-place'], dir)
    expect(result.code).toBe(0)
    expect(await files(source)).toEqual([manifestName, ...notes].sort())
    const converted = await readFile(join(source, 'iaas/20240103.md'), 'utf8')
    expect(converted).toContain('# Team IaaS Weekly 2024-01-03\n')
    expect(converted).not.toBe(original)
    const again = await run(['notes', '--in-place'], dir)
    expect(again.stderr).toMatch(/ {5}5 {2}skipped/)
  })
})

describe('migrate: --layout repo', () => {
  it('places notes as <team>/<YYYYMMDD>.md by their date, the team from the folder; an undated note fails', async () => {
    const {dir, out} = await workspace()
    const result = await run(['notes', '--out', 'out', '--layout', 'repo'], dir)
    expect(result.code).toBe(1)
    expect(await files(out)).toEqual([manifestName, 'container/20240104.md', 'container/20240105.md', 'iaas/20240103.md', 'iaas/20240110.md'])
    expect(result.stderr).toContain("notes/sig-docs/undated.md: failed no meeting date found in the note's title, front matter or file name\n")
    // Links follow the notes to their new places.
    expect(await readFile(join(out, 'container/20240104.md'), 'utf8')).toContain('[IaaS notes](../iaas/20240103.md)')
  })

  it('puts every note in --team; two notes of one date: the first keeps the file, the other fails naming it', async () => {
    const {dir, out} = await workspace()
    await writeFile(join(dir, 'notes', 'iaas', 'again-0103.md'), '# Team IaaS 2024-01-03 (continued)\n\nMore.\n')
    const result = await run(['notes/iaas', 'notes/container', '--out', 'out', '--layout', 'repo', '--team', 'sig-joint'], dir)
    expect(result.code).toBe(1)
    expect(await files(out)).toEqual([manifestName, 'sig-joint/20240103.md', 'sig-joint/20240104.md', 'sig-joint/20240105.md', 'sig-joint/20240110.md'])
    expect(result.stderr).toContain('notes/iaas/again-0103.md: failed sig-joint/20240103.md is already the minutes of notes/iaas/20240103.md')
    expect(await readFile(join(out, 'sig-joint/20240103.md'), 'utf8')).toContain('Team IaaS Weekly 2024-01-03')
  })
})

describe('migrate: --layout repo, re-run', () => {
  it('moves minutes whose date was corrected: the file written before goes, unless edited since', async () => {
    const {dir, notes: source, out} = await workspace()
    expect((await run(['notes/iaas', '--out', 'out', '--layout', 'repo'], dir)).code).toBe(0)
    await writeFile(join(source, 'iaas/20240110.md'), '# Team IaaS Weekly 2024-01-11\n\n* moved\n')
    expect((await run(['notes/iaas', '--out', 'out', '--layout', 'repo'], dir)).code).toBe(0)
    expect(await files(out)).toEqual([manifestName, 'iaas/20240103.md', 'iaas/20240111.md'])

    await writeFile(join(out, 'iaas/20240111.md'), '# Edited by hand\n')
    await writeFile(join(source, 'iaas/20240110.md'), '# Team IaaS Weekly 2024-01-12\n\n* moved again\n')
    expect((await run(['notes/iaas', '--out', 'out', '--layout', 'repo'], dir)).code).toBe(0)
    expect(await files(out)).toEqual([manifestName, 'iaas/20240103.md', 'iaas/20240111.md', 'iaas/20240112.md'])
  })
})

describe('migrate: links between notes', () => {
  it('rewrites links to notes of the batch (known by their front matter url) and keeps the others', async () => {
    const {dir, out} = await workspace()
    expect((await run(['notes', '--out', 'out', '--report', 'report.json'], dir)).code).toBe(0)
    const iaas = await readFile(join(out, 'iaas/20240103.md'), 'utf8')
    expect(iaas).toContain('[their notes](../container/20240104.md#kickoff)')
    expect(iaas).toContain('<https://input.scs.community/planning-2023>')
    const next = await readFile(join(out, 'iaas/20240110.md'), 'utf8')
    expect(next).toContain('[decisions of last week](20240103.md#decisions)')
    expect(next).toContain('[last week, view mode](20240103.md)')
    const report = await readReport(join(dir, 'report.json'))
    expect(report.summary).toMatchObject({linksRewritten: 4, linksKept: 1})
  })

  it('adds notes migrated earlier from --map, and redoes a note when a link target moves', async () => {
    const {dir, out} = await workspace()
    await writeFile(join(dir, 'map.csv'), 'url,path\nhttps://input.scs.community/planning-2023,archive/2023/planning.md\n"https://input.scs.community/other",other.md\n')
    expect((await run(['notes', '--out', 'out', '--map', 'map.csv'], dir)).code).toBe(0)
    expect(await readFile(join(out, 'iaas/20240103.md'), 'utf8')).toContain('[https://input.scs.community/planning-2023](../archive/2023/planning.md)')

    // Without the map the link stays; only that note is converted again.
    const again = await run(['notes', '--out', 'out', '--report', 'again.json'], dir)
    expect(await readFile(join(out, 'iaas/20240103.md'), 'utf8')).toContain('<https://input.scs.community/planning-2023>')
    const report = await readReport(join(dir, 'again.json'))
    expect(report.notes.filter((note) => note.status === 'converted').map((note) => note.source)).toEqual(['notes/iaas/20240103.md'])
    expect(again.code).toBe(0)
  })

  it('reads --map strictly, naming file, line and column', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'a.csv'), 'https://input.scs.community/x,iaas/20230726.md\n# comment\n\nhttps://input.scs.community/y/?view,"a, b.md"\n')
    expect([...(await readMapFile('a.csv', dir))]).toEqual([
      ['https://input.scs.community/x', 'iaas/20230726.md'],
      ['https://input.scs.community/y', 'a, b.md']
    ])
    await writeFile(join(dir, 'b.csv'), 'https://input.scs.community/x,iaas/1.md\nhttps://input.scs.community/y,../outside.md\n')
    await expect(readMapFile('b.csv', dir)).rejects.toThrow('b.csv:2:31: expected a path relative to the output folder')
    await writeFile(join(dir, 'c.csv'), 'just-one-column\n')
    await expect(readMapFile('c.csv', dir)).rejects.toThrow('c.csv:1:1: expected two columns "url,path"')
  })

  it('knows a note by its URL without view mode, trailing slash or fragment, and links to GitHub heading slugs', () => {
    expect(noteKey('https://input.scs.community/Team-IaaS/?both#Decisions')).toBe('https://input.scs.community/Team-IaaS')
    expect(noteKey('mailto:someone@example.com')).toBeUndefined()
    expect(linkTo('iaas', 'container/20240104.md', 'https://input.scs.community/x#What%E2%80%99s-ready-for-R6')).toBe('../container/20240104.md#whats-ready-for-r6')
    expect(linkTo('.', 'iaas/20240103.md', 'https://input.scs.community/x#')).toBe('iaas/20240103.md')
  })
})

describe('convert: resolveNoteLink', () => {
  const note = '# Weekly 2024-01-10\n\n* see [last week](https://input.scs.community/team-iaas-2024?view#Decisions)\n* and <https://input.scs.community/elsewhere>\n'

  it('points links to notes elsewhere, keeps their text, lists the old URL as removed, and reports only the others', async () => {
    const result = await convert(note, {resolveNoteLink: (url) => (url.includes('team-iaas-2024') ? '20240103.md#decisions' : undefined)})
    expect(result.markdown).toBe('# Weekly 2024-01-10\n\n- see [last week](20240103.md#decisions)\n- and <https://input.scs.community/elsewhere>\n')
    expect(result.data.removed).toContain('https://input.scs.community/team-iaas-2024?view#Decisions')
    expect(result.data.noteLinks.map((link) => [link.url, link.resolved])).toEqual([
      ['https://input.scs.community/team-iaas-2024?view#Decisions', '20240103.md#decisions'],
      ['https://input.scs.community/elsewhere', undefined]
    ])
    expect(result.messages.filter((message) => message.ruleId === 'hedgedoc-link').map((message) => message.line)).toEqual([4])
    expect((await convert(result.markdown)).markdown).toBe(result.markdown)
  })

  it('tells resolvers apart (processors are cached by function identity)', async () => {
    const first = await convert(note, {resolveNoteLink: () => 'a.md'})
    const second = await convert(note, {resolveNoteLink: () => 'b.md'})
    const none = await convert(note)
    expect(first.markdown).toContain('](a.md)')
    expect(second.markdown).toContain('](b.md)')
    expect(none.markdown).toContain('](https://input.scs.community/team-iaas-2024?view#Decisions)')
  })
})

describe('migrate: report', () => {
  it('writes every note: status, output, date, messages with line and column, links; and the summary', async () => {
    const {dir} = await workspace()
    await writeFile(join(dir, 'notes', 'iaas', '20240105.md'), Buffer.from([0xff, 0xfe, 0x41]))
    const result = await run(['notes', '--out', 'out', '--report', 'report.json'], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('with warnings (2 warnings, see report.json)')
    const report = await readReport(join(dir, 'report.json'))
    expect(report).toMatchObject({
      version: 1,
      command: 'migrate',
      out: join(dir, 'out'),
      layout: 'keep',
      interrupted: false,
      summary: {total: 6, converted: 5, unchanged: 0, skipped: 0, failed: 1, notDone: 0, withWarnings: 1, warnings: 2, linksRewritten: 4, linksKept: 1, picturesFailed: 0}
    })
    expect(report.notes.map((note) => note.source)).toEqual([
      'notes/container/20240104.md',
      'notes/container/kickoff-notes.md',
      'notes/iaas/20240103.md',
      'notes/iaas/20240105.md',
      'notes/iaas/20240110.md',
      'notes/sig-docs/undated.md'
    ])
    const failed = report.notes[3]!
    expect(failed).toMatchObject({status: 'failed', output: null, error: 'not valid UTF-8 text'})
    const iaas = report.notes[2]!
    expect(iaas).toMatchObject({status: 'converted', output: 'iaas/20240103.md', url: 'https://input.scs.community/team-iaas-2024?view', date: '2024-01-03', warnings: 2})
    if (!('messages' in iaas)) throw new Error('expected a converted note')
    expect(iaas.messages).toContainEqual({
      file: 'notes/iaas/20240103.md',
      line: 21,
      column: 21,
      ruleId: 'hedgedoc-link',
      severity: 'warning',
      message: expect.stringContaining('`https://input.scs.community/planning-2023`')
    })
    expect(iaas.links).toEqual([
      {url: 'https://input.scs.community/container-weekly?both#Kickoff', line: 20, column: 42, target: 'container/20240104.md'},
      {url: 'https://input.scs.community/planning-2023', line: 21, column: 21, target: null}
    ])
    expect(iaas.ms).toBeGreaterThan(0)
    expect(iaas.bytes).toBe((await stat(join(dir, 'notes/iaas/20240103.md'))).size)
  })
})

describe('migrate: output on a terminal', () => {
  it('draws a progress bar on a terminal, and none with --quiet', async () => {
    const {dir} = await workspace()
    const terminal = memoryContext({cwd: dir})
    Object.assign(terminal.context.stderr, {isTTY: true, columns: 100})
    const shown = await run(['notes', '--out', 'out'], dir, terminal)
    expect(shown.stderr).toMatch(/migrating .* \d\/5 notes \| \d+ notes\/s \| ETA/)

    const quiet = memoryContext({cwd: dir})
    Object.assign(quiet.context.stderr, {isTTY: true, columns: 100})
    const none = await run(['notes', '--out', 'out2', '--quiet'], dir, quiet)
    expect(none).toEqual({code: 0, stdout: '', stderr: ''})
  })
})

describe('migrate: --verbose', () => {
  it('prints every message as file:line:column, in the order of the notes, and no progress bar', async () => {
    const {dir} = await workspace()
    const terminal = memoryContext({cwd: dir, env: {NO_COLOR: '1'}})
    Object.assign(terminal.context.stderr, {isTTY: true, columns: 100})
    const result = await run(['notes', '--out', 'out', '--verbose'], dir, terminal)
    expect(result.code).toBe(0)
    const messages = result.stderr.slice(0, result.stderr.indexOf('migrated '))
    expect(messages.split('\n').map((line) => line.split(' [')[0]!.slice(0, 80))).toEqual([
      'notes/iaas/20240103.md:13:1: warning Unexpected participant `Bob Example` withou',
      'notes/iaas/20240103.md:21:21: warning Unexpected link to HedgeDoc note `https://',
      ''
    ])
    expect(result.stderr).not.toContain('notes/s | ETA')
  })
})

describe('migrate: seams', () => {
  it('reads notes from URLs through the note reader, at most 4 at once per server', async () => {
    const {dir, notes: source} = await workspace()
    const texts: Record<string, string> = {
      'https://input.scs.community/team-iaas-2024': await readFile(join(source, 'iaas/20240103.md'), 'utf8'),
      'https://input.scs.community/container-weekly': await readFile(join(source, 'container/20240104.md'), 'utf8'),
      'https://input.scs.community/s/kickoff': await readFile(join(source, 'container/kickoff-notes.md'), 'utf8'),
      'https://pad.example.org/notes-1': '# Meeting 2024-02-01\n\n* one\n',
      'https://input.scs.community/extra-1': '# Extra 2024-02-02\n\n* two\n',
      'https://input.scs.community/extra-2': '# Extra 2024-02-03\n\n* three\n'
    }
    const running = new Map<string, number>()
    let most = 0
    const reader: NoteReader = async (url) => {
      const host = new URL(url).host
      running.set(host, (running.get(host) ?? 0) + 1)
      most = Math.max(most, running.get(host)!)
      await new Promise((resolve) => setTimeout(resolve, 20))
      running.set(host, running.get(host)! - 1)
      const text = texts[url]
      if (text === undefined) throw new Error(`${url}: 404 Not Found`)
      return {text, url, name: new URL(url).pathname.split('/').at(-1)!}
    }

    await writeFile(join(dir, 'urls.txt'), [...Object.keys(texts), 'https://input.scs.community/gone'].join('\n') + '\n')
    const original = seams.noteReader
    seams.noteReader = async () => reader
    try {
      const result = await run(['--urls', 'urls.txt', '--out', 'out', '--report', 'report.json'], dir)
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('https://input.scs.community/gone: failed 404 Not Found\n')
    } finally {
      seams.noteReader = original
    }

    expect(most).toBe(4)
    expect(await files(join(dir, 'out'))).toEqual([manifestName, 'container-weekly.md', 'extra-1.md', 'extra-2.md', 'kickoff.md', 'notes-1.md', 'team-iaas-2024.md'])
    // Known by the URLs they were read from, the notes link to each other.
    expect(await readFile(join(dir, 'out', 'team-iaas-2024.md'), 'utf8')).toContain('[their notes](container-weekly.md#kickoff)')
  })

  it('resolves the pictures of the whole batch once, in the main thread, for notes in every worker', async () => {
    const {dir, notes: source} = await workspace()
    const asked: Array<[string, string]> = []
    const images: BatchImageResolver = {
      async resolve(url, directory) {
        asked.push([url, directory])
        await new Promise((resolve) => setTimeout(resolve, 20))
        if (url.endsWith('gone.png')) throw new Error('404 Not Found')
        return `${directory}/images/${url.split('/').at(-1)}`
      }
    }

    await mkdir(join(source, 'sig-docs', 'deep'))
    await writeFile(
      join(source, 'sig-docs', 'deep', 'pictures.md'),
      '# Pictures 2024-01-20\n\n<img src="https://input.scs.community/uploads/5f0c4a2e-1111-4222-8333-944455556666.png">\n\n![](https://input.scs.community/uploads/gone.png)\n'
    )
    const sources = await expandSources([source], {cwd: dir})
    const result = await migrate({sources, out: join(dir, 'out'), config: defaultConfig, cwd: dir, concurrency: 2, images, keepMessages: true})
    expect(result.summary).toMatchObject({converted: 6, failed: 0})
    const picture = 'https://input.scs.community/uploads/5f0c4a2e-1111-4222-8333-944455556666.png'
    expect(asked.filter(([url]) => url === picture)).toHaveLength(1)
    const directory = asked.find(([url]) => url === picture)![1]
    const copy = `${directory}/images/5f0c4a2e-1111-4222-8333-944455556666.png`
    const from = (folder: string) => (folder === directory ? copy.slice(directory.length + 1) : `${'../'.repeat(folder.split('/').length)}${copy}`)
    expect(await readFile(join(dir, 'out', 'container/kickoff-notes.md'), 'utf8')).toContain(`](${from('container')})`)
    expect(await readFile(join(dir, 'out', 'container/20240104.md'), 'utf8')).toContain(`](${from('container')})`)
    expect(await readFile(join(dir, 'out', 'sig-docs/deep/pictures.md'), 'utf8')).toContain(`src="${from('sig-docs/deep')}"`)
    // What publish gets: every minutes file and every picture copy.
    expect(result.outputs).toContain(copy)
    expect(result.outputs).toContain('sig-docs/deep/pictures.md')
    // A picture that could not be downloaded keeps its URL, with a warning where it is.
    const pictures = result.notes.find((note) => note?.source.endsWith('pictures.md'))!
    expect(pictures.messages).toContainEqual(
      expect.objectContaining({line: 5, column: 1, ruleId: 'image-download', severity: 'warning', message: expect.stringContaining('404 Not Found')})
    )
    expect(await readFile(join(dir, 'out', 'sig-docs/deep/pictures.md'), 'utf8')).toContain('](https://input.scs.community/uploads/gone.png)')
  })
})

describe('migrate: interrupted', () => {
  it('stops on Ctrl-C, leaves only whole files, and a re-run finishes the rest', async () => {
    const dir = await tempDir()
    const source = join(dir, 'notes')
    const text = await readFile(join(fixture, 'iaas/20240110.md'), 'utf8')
    for (let index = 0; index < 600; index++) {
      const folder = join(source, `team-${index % 6}`)
      await mkdir(folder, {recursive: true})
      await writeFile(join(folder, `note-${String(index).padStart(4, '0')}.md`), text.repeat(4))
    }

    const out = join(dir, 'out')
    const child = spawn(process.execPath, [bin, 'migrate', source, '--out', out, '--concurrency', '2'], {stdio: ['ignore', 'pipe', 'pipe']})
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    // Interrupt as soon as the first minutes are written.
    for (;;) {
      const written = await readdir(join(out, 'team-0')).catch(() => [])
      if (written.length > 0) break
      await new Promise((resolve) => setTimeout(resolve, 10))
    }

    child.kill('SIGINT')
    expect(await exited).toBe(2)
    expect(stderr).toContain('interrupted')
    const written = (await files(out)).filter((name) => name !== manifestName)
    expect(written.length).toBeGreaterThan(0)
    expect(written.length).toBeLessThan(600)
    expect(written.every((name) => name.endsWith('.md'))).toBe(true)
    const expected = (await convert(text.repeat(4))).markdown
    for (const name of written) expect(await readFile(join(out, name), 'utf8')).toBe(expected)

    const rest = await runBin(['migrate', source, '--out', out, '--concurrency', '2', '--report', join(dir, 'report.json')], {timeout: 120_000})
    expect(rest.code).toBe(0)
    const report = await readReport(join(dir, 'report.json'))
    expect(report.summary.skipped).toBe(written.length)
    expect(report.summary.converted).toBe(600 - written.length)
  }, 120_000)
})
