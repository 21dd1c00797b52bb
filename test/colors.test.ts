// Colour as chalk users expect it: FORCE_COLOR read as supports-color reads
// it (FORCE_COLOR=0 turns colour off), NO_COLOR, and --no-color on every
// command, which wins over both.
import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runProgram} from '../src/cli/program.js'
import {colorLevel} from '../src/report/messages.js'
import {memoryContext, runBin} from './helpers/cli.js'

const terminal = {isTTY: true}
const pipe = {isTTY: false}

describe('colorLevel', () => {
  it('is off for a pipe unless FORCE_COLOR says otherwise', () => {
    expect(colorLevel(pipe, {})).toBe(0)
    expect(colorLevel(pipe, {FORCE_COLOR: '1'})).toBeGreaterThanOrEqual(1)
    expect(colorLevel(pipe, {FORCE_COLOR: ''})).toBeGreaterThanOrEqual(1)
    expect(colorLevel(pipe, {FORCE_COLOR: 'true'})).toBeGreaterThanOrEqual(1)
    expect(colorLevel(pipe, {FORCE_COLOR: '3'})).toBe(3)
  })

  it('FORCE_COLOR=0 and FORCE_COLOR=false turn colour off, even on a terminal', () => {
    expect(colorLevel(terminal, {FORCE_COLOR: '0', TERM: 'xterm-256color'})).toBe(0)
    expect(colorLevel(terminal, {FORCE_COLOR: 'false'})).toBe(0)
  })

  it('NO_COLOR (set and not empty) turns colour off; FORCE_COLOR wins over it', () => {
    expect(colorLevel(terminal, {NO_COLOR: '1'})).toBe(0)
    expect(colorLevel(terminal, {NO_COLOR: '1', FORCE_COLOR: '1'})).toBeGreaterThanOrEqual(1)
    expect(colorLevel(pipe, {NO_COLOR: '', FORCE_COLOR: '2'})).toBe(2)
  })

  it('--no-color wins over everything', () => {
    expect(colorLevel(terminal, {FORCE_COLOR: '3'}, false)).toBe(0)
    expect(colorLevel(pipe, {FORCE_COLOR: '1'}, false)).toBe(0)
  })

  it('TERM=dumb is off unless forced', () => {
    expect(colorLevel(terminal, {TERM: 'dumb'})).toBe(0)
    expect(colorLevel(terminal, {TERM: 'dumb', FORCE_COLOR: '1'})).toBeGreaterThanOrEqual(1)
  })
})

describe('--no-color', () => {
  it.each([
    ['convert', ['note.md']],
    ['check', []],
    ['init', []],
    ['migrate', ['notes', '--out', 'out']],
    ['publish', ['--dir', 'out']]
  ])('%s accepts it and passes color: false', async (name, args) => {
    const {context, stderr} = memoryContext()
    let received: Record<string, unknown> | undefined
    const implementation = async (options: Record<string, unknown>) => {
      received = options
      return 0
    }

    expect(await runProgram(['node', 'minutes', name, ...args, '--no-color'], context, {[name]: implementation}), stderr()).toBe(0)
    expect(received?.color).toBe(false)
    expect(await runProgram(['node', 'minutes', name, ...args], context, {[name]: implementation})).toBe(0)
    expect(received?.color).toBe(true)
  })
})

describe('colour of a real run (spawned)', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'minutes-colors-'))
  await writeFile(join(directory, '20240306.md'), '# Team IaaS 2024-03-06\n\n* one\n* two\n')
  const ansi = /\u001B\[/

  it('FORCE_COLOR=1 colours the report on a pipe', async () => {
    const result = await runBin(['check'], {cwd: directory, env: {NO_COLOR: '', FORCE_COLOR: '1'}})
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(ansi)
  })

  it('FORCE_COLOR=0 does not', async () => {
    const result = await runBin(['check'], {cwd: directory, env: {NO_COLOR: '', FORCE_COLOR: '0'}})
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('format')
    expect(result.stdout).not.toMatch(ansi)
  })

  it('--no-color does not, even with FORCE_COLOR=1, and neither do its errors', async () => {
    const result = await runBin(['check', '--no-color'], {cwd: directory, env: {NO_COLOR: '', FORCE_COLOR: '1'}})
    expect(result.code).toBe(1)
    expect(result.stdout).not.toMatch(ansi)
    const error = await runBin(['check', 'missing.md', '--no-color'], {cwd: directory, env: {NO_COLOR: '', FORCE_COLOR: '1'}})
    expect(error.code).toBe(2)
    expect(error.stderr).toContain('missing.md')
    expect(error.stderr).not.toMatch(ansi)
  })
})
