// A file that makes the check itself fail (a bug, a note too deep to parse)
// is that file's error: the other files are still checked, and the summary
// never claims success. The failure is injected into checkText.
import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it, vi} from 'vitest'
import {runProgram} from '../src/cli/program.js'
import {memoryContext} from './helpers/cli.js'

vi.mock('../src/check/offline.js', async (original) => {
  const module = await original<typeof import('../src/check/offline.js')>()
  return {
    ...module,
    async checkText(text: string, options: Parameters<typeof module.checkText>[1]) {
      if (options.path.endsWith('boom.md')) throw new RangeError('Maximum call stack size exceeded')
      return module.checkText(text, options)
    }
  }
})

describe('check: a file that fails', () => {
  it('is reported as that file\'s error; the other files are checked; exit 2; no success claimed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'minutes-check-failure-'))
    await writeFile(join(dir, '20240306.md'), '# Team IaaS 2024-03-06\n\n* one\n')
    await writeFile(join(dir, 'boom.md'), '# Team IaaS 2024-03-07\n\n- two\n')
    await writeFile(join(dir, '20240308.md'), '# Team IaaS 2024-03-08\n\n- three\n')
    const {context, stdout, stderr} = memoryContext({cwd: dir, env: {GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(dir, 'summary.md')}})
    const code = await runProgram(['node', 'minutes', 'check', '20240306.md', 'boom.md', '20240308.md'], context)
    expect(code).toBe(2)
    expect(stderr()).toContain('minutes: boom.md: could not be checked: Maximum call stack size exceeded\n')
    expect(stdout()).toContain('20240306.md\n')
    expect(stdout()).toContain('format')
    expect(stdout()).toMatch(/✖ 1 problem \(1 error, 0 warnings\) in 1 file of 2; 1 file could not be checked\n/)
  })

  it('no problems in the others: still no "✔"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'minutes-check-failure-'))
    await writeFile(join(dir, 'boom.md'), '# Team IaaS 2024-03-07\n\n- two\n')
    await writeFile(join(dir, '20240308.md'), '# Team IaaS 2024-03-08\n\n- three\n')
    for (const format of ['stylish', 'github'] as const) {
      const {context, stdout} = memoryContext({cwd: dir})
      expect(await runProgram(['node', 'minutes', 'check', '--format', format], context)).toBe(2)
      expect(stdout()).not.toContain('✔')
      if (format === 'stylish') expect(stdout()).toBe('✖ 1 file checked: no problems; 1 file could not be checked\n')
      else expect(stdout()).toBe('::error title=minutes check::boom.md: could not be checked: Maximum call stack size exceeded\n')
    }
  })
})
