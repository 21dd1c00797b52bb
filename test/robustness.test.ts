// Bad and extreme input, through the real bin: a clear message or a result,
// never a crash or half a file.
import {mkdir, mkdtemp, readdir, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {convert} from '../src/index.js'
import {runBin} from './helpers/cli.js'

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'minutes-robust-'))
}

describe('bad input', () => {
  it('empty input gives empty output, exit 0', async () => {
    expect(await runBin(['convert'], {stdin: ''})).toEqual({code: 0, stdout: '', stderr: ''})
    expect(await runBin(['convert'], {stdin: '\n \n'})).toEqual({code: 0, stdout: '', stderr: ''})
  })

  it('accepts CRLF line ends and a byte order mark', async () => {
    const lf = '# 2024-05-02\n\n* one\n* two\n'
    const crlf = '\uFEFF' + lf.replace(/\n/g, '\r\n')
    const expected = await runBin(['convert'], {stdin: lf})
    expect(await runBin(['convert'], {stdin: crlf})).toEqual(expected)
    expect(expected.stdout).toBe('# 2024-05-02\n\n- one\n- two\n')
  })

  it('refuses invalid UTF-8 with one line naming the file, and writes nothing', async () => {
    const dir = await folder()
    await writeFile(join(dir, 'latin1.md'), Buffer.from('# Caf\xe9\n', 'latin1'))
    const result = await runBin(['convert', 'latin1.md', '-o', 'out.md'], {cwd: dir})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^minutes: latin1\.md: not valid UTF-8 text\n/)
    expect(await readdir(dir)).toEqual(['latin1.md'])
  })

  it('a folder as input is a clear error', async () => {
    const dir = await folder()
    await mkdir(join(dir, 'notes'))
    const result = await runBin(['convert', 'notes'], {cwd: dir})
    expect(result).toMatchObject({code: 2, stdout: ''})
    expect(result.stderr).toBe('minutes: notes: is a directory, expected a file\n')
  })

  it('an output that cannot be written is a clear error, without a stack trace or a temporary file', async () => {
    const dir = await folder()
    await writeFile(join(dir, 'note.md'), '# 2024-05-02\n')
    await writeFile(join(dir, 'file'), 'not a folder')
    const result = await runBin(['convert', 'note.md', '-o', 'file/out.md'], {cwd: dir})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^minutes: file\/out\.md: a parent of this path is not a directory\n/)
    expect(result.stderr).not.toContain('    at ')
    expect((await readdir(dir)).sort()).toEqual(['file', 'note.md'])
  })

  it('shows the stack trace only with --verbose', async () => {
    const result = await runBin(['convert', 'missing.md', '--verbose'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('    at ')
  })
})

// Deeper and larger inputs (10,000 indented list levels: 100 MB of
// indentation; a 10 MB note through the bin) run in .ci/run
// (scripts/extreme.js); test/nesting.test.ts has the nesting limit's cases.
describe('extreme input finishes', () => {
  it('10,000 nested quotes: flattened to 32 levels with a warning, the text kept', async () => {
    const result = await convert('# 2024-05-02\n\n' + '>'.repeat(10_000) + ' deep text\n')
    expect(result.markdown).toContain('deep text')
    expect(result.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)).toEqual(['3:33 nesting'])
    expect((await convert(result.markdown)).markdown).toBe(result.markdown)
  })

  it('1,000 list levels on one line, through the bin: one warning naming the place, exit 0', async () => {
    const result = await runBin(['convert'], {stdin: '# 2024-05-02\n\n' + '- '.repeat(1000) + 'deep text\n'})
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('- deep text\n')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/3:65.*nested deeper than 32 levels/)
  })

  it('10,000 emphasis markers', async () => {
    const result = await convert('# 2024-05-02\n\n' + '*'.repeat(10_000) + 'x' + '*'.repeat(10_000) + '\n')
    expect(result.markdown).toContain('x')
  })
})
