import {mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runProgram} from '../src/cli/program.js'
import {memoryContext, runBin} from './helpers/cli.js'

describe('command line, in process', () => {
  it('passes convert its options', async () => {
    const {context} = memoryContext()
    let received: Record<string, unknown> | undefined
    const code = await runProgram(['node', 'minutes', 'convert', 'note.md', '-o', 'out.md', '--team', 'iaas'], context, {
      async convert(options) {
        received = options
        return 0
      }
    })
    expect(code).toBe(0)
    expect(received).toMatchObject({input: 'note.md', output: 'out.md', team: 'iaas'})
  })

  it('exits 2 on an unknown option and says so on stderr', async () => {
    const {context, stderr, stdout} = memoryContext()
    const code = await runProgram(['node', 'minutes', 'convert', '--bogus'], context)
    expect(code).toBe(2)
    expect(stderr()).toContain("unknown option '--bogus'")
    expect(stdout()).toBe('')
  })

  it('reports a number option out of range as a usage error', async () => {
    const {context, stderr} = memoryContext()
    const code = await runProgram(['node', 'minutes', 'migrate', 'notes', '--out', 'out', '-j', '0'], context)
    expect(code).toBe(2)
    expect(stderr()).toContain('--concurrency must be a whole number of at least 1, got "0"')
    expect(stderr()).not.toContain('unexpected error')
  })
})

describe('command line, spawned', () => {
  it('converts stdin to stdout', async () => {
    const result = await runBin(['convert'], {stdin: '# 2024-01-02\n\n* a\n* b\n'})
    expect(result).toEqual({code: 0, stdout: '# 2024-01-02\n\n- a\n- b\n', stderr: ''})
  })

  it('names a missing file, exits 2, no stack trace', async () => {
    const result = await runBin(['convert', 'does-not-exist.md'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe('minutes: does-not-exist.md: no such file or directory\n')
  })

  it('refuses binary input and writes nothing', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'minutes-'))
    const input = join(directory, 'note.md')
    await writeFile(input, Buffer.from([0x23, 0x20, 0x00, 0x01, 0xff]))
    const result = await runBin(['convert', input, '-o', join(directory, 'out.md')])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${input}: not a text file`)
    await expect(readFile(join(directory, 'out.md'))).rejects.toThrow()
  })
})
