// `minutes convert` on a note with several meetings (a running pad): the
// newest by default, one by date, or all into a checkout.
import {mkdir, mkdtemp, readFile, readdir, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runProgram} from '../src/cli/program.js'
import {MinutesError} from '../src/errors.js'
import {convert} from '../src/pipeline/convert.js'
import {memoryContext, root, runBin} from './helpers/cli.js'
import {buildPad} from './helpers/pads.js'

const notesFolder = join(root, 'fixtures', 'meetings', 'notes')
const names = ['20240306.md', '20240313.md', '20240320.md']
const notes = await Promise.all(names.map((name) => readFile(join(notesFolder, name), 'utf8')))
// Oldest on top, so "newest" has to go by date, not by place.
const padOldestFirst = buildPad([...notes].reverse())

async function folder(pad = padOldestFirst): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'minutes-meetings-'))
  await writeFile(join(dir, 'pad.md'), pad)
  await mkdir(join(dir, 'minutes'))
  return dir
}

async function run(args: string[], cwd: string) {
  const {context, stdout, stderr} = memoryContext({cwd})
  try {
    const code = await runProgram(['node', 'minutes', 'convert', ...args], context)
    return {code, stdout: stdout(), stderr: stderr()}
  } catch (error) {
    if (!(error instanceof MinutesError)) throw error
    return {code: error.exitCode, stdout: stdout(), stderr: stderr() + error.message}
  }
}

describe('convert: a note with several meetings', () => {
  it('converts the newest by date and says which, and how many others there are', async () => {
    const dir = await folder()
    const result = await run(['pad.md', '--quiet'], dir)
    expect(result.stdout).toBe((await convert(notes[2]!)).markdown)
    const told = await run(['pad.md'], dir)
    expect(told.stderr).toContain('pad.md: 3 meetings; converting the newest, 2024-03-20 (line ')
    expect(told.stderr).toContain('the 2 others are left out (--meeting YYYY-MM-DD or --meeting all)')
  })

  it('--meeting YYYY-MM-DD takes that one; a date without a meeting is a usage error listing the dates', async () => {
    const dir = await folder()
    expect((await run(['pad.md', '--meeting', '2024-03-13', '--quiet'], dir)).stdout).toBe((await convert(notes[1]!)).markdown)
    const missing = await run(['pad.md', '--meeting', '2024-03-14'], dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('pad.md: no meeting on 2024-03-14; its meetings are 2024-03-06, 2024-03-13, 2024-03-20')
    const bad = await run(['pad.md', '--meeting', '2024-02-30'], dir)
    expect(bad.stderr).toContain('invalid --meeting "2024-02-30": expected latest, all or a date YYYY-MM-DD')
  })

  it('--meeting all writes each meeting into the checkout; identical files stay, a different one is kept and reported unless --force', async () => {
    const dir = await folder()
    const first = await run(['pad.md', '--meeting', 'all', '--checkout', 'minutes', '--team', 'iaas', '--images', 'keep'], dir)
    expect(first.code).toBe(0)
    expect((await readdir(join(dir, 'minutes', 'iaas'))).sort()).toEqual(names)
    for (const [index, name] of names.entries()) {
      expect(await readFile(join(dir, 'minutes', 'iaas', name), 'utf8')).toBe((await convert(notes[index]!)).markdown)
    }

    expect(first.stdout.split('\n').filter(Boolean)).toHaveLength(3)

    const again = await run(['pad.md', '--meeting', 'all', '--checkout', 'minutes', '--team', 'iaas', '--images', 'keep'], dir)
    expect(again.code).toBe(0)
    expect(again.stderr.match(/: unchanged/g)).toHaveLength(3)

    const edited = join(dir, 'minutes', 'iaas', '20240313.md')
    await writeFile(edited, '# Team IaaS Weekly 2024-03-13\n\nCorrected by hand.\n')
    const kept = await run(['pad.md', '--meeting', 'all', '--checkout', 'minutes', '--team', 'iaas', '--images', 'keep'], dir)
    expect(kept.code).toBe(1)
    expect(kept.stderr).toContain(`${edited}: kept: it differs from the meeting of 2024-03-13 (line `)
    expect(await readFile(edited, 'utf8')).toBe('# Team IaaS Weekly 2024-03-13\n\nCorrected by hand.\n')

    const forced = await run(['pad.md', '--meeting', 'all', '--checkout', 'minutes', '--team', 'iaas', '--images', 'keep', '--force'], dir)
    expect(forced.code).toBe(0)
    expect(await readFile(edited, 'utf8')).toBe((await convert(notes[1]!)).markdown)
  })

  it('two meetings of one date are reported with both lines, and neither is written', async () => {
    const twice = buildPad([notes[0]!, notes[0]!.replace('@bob-example', '@bob-example\n* @erin-example'), notes[1]!])
    const dir = await folder(twice)
    const result = await run(['pad.md', '--meeting', 'all', '--checkout', 'minutes', '--team', 'iaas', '--images', 'keep'], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/pad\.md: 2 meetings on 2024-03-06, at lines \d+ and \d+; neither is written/)
    expect(await readdir(join(dir, 'minutes', 'iaas'))).toEqual(['20240313.md'])
  })

  it('--meeting all without a checkout, or with --write, is a usage error', async () => {
    const dir = await folder()
    for (const [args, message] of [
      [['--meeting', 'all'], '--meeting all needs a place for each meeting: pass --checkout DIR --team T'],
      [['--meeting', 'all', '-o', 'x.md'], '--meeting all needs a place for each meeting'],
      [['--meeting', 'latest', '--write'], '--meeting cannot be used with --write or --check']
    ] as const) {
      const result = await run(['pad.md', ...args], dir)
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(message)
    }

    expect(await readdir(dir)).toEqual(['minutes', 'pad.md'])
  })

  it('--write takes a file of several meetings as one document, and says so', async () => {
    const dir = await folder()
    const result = await run(['--write', 'pad.md'], dir)
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('warning pad.md holds 3 meetings (2024-03-06, 2024-03-13, 2024-03-20); --write takes it as one document')
    expect(await readFile(join(dir, 'pad.md'), 'utf8')).toBe((await convert(padOldestFirst, {path: 'pad.md'})).markdown)
  })

  it('the bin: exit code, stdout, stderr', async () => {
    const dir = await folder()
    const result = await runBin(['convert', 'pad.md', '--meeting', '2024-03-06'], {cwd: dir})
    expect(result.code).toBe(0)
    expect(result.stdout).toBe((await convert(notes[0]!)).markdown)
    expect(result.stderr).toContain('pad.md: converting the meeting of 2024-03-06 (line ')
  })
})
