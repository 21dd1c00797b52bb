// One loop over fixtures/check/<case>: every Markdown file under input/ is
// checked offline and the problems must be expected.json; when fixed/ exists,
// `--fix` on a copy of input/ must give exactly fixed/.
import {cp, mkdtemp, readFile, readdir} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {glob} from 'tinyglobby'
import {describe, expect, it} from 'vitest'
import {checkFiles, fixFiles} from '../src/check/check.js'
import {findFiles} from '../src/check/files.js'
import type {Fix} from '../src/check/problem.js'
import {formatJson} from '../src/report/check.js'
import {root} from './helpers/cli.js'

const fixtures = join(root, 'fixtures', 'check')
const cases = (await readdir(fixtures)).sort()

async function tree(directory: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {}
  for (const file of (await glob('**/*', {cwd: directory})).sort()) result[file] = await readFile(join(directory, file), 'utf8')
  return result
}

describe('check fixtures', () => {
  it('has a case for every offline rule', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['clean', 'format', 'link-text-mismatch', 'hedgedoc', 'participants', 'heading-structure', 'missing-date', 'date-mismatch', 'several-meetings', 'relative-link', 'disable', 'config-rules'])
    )
  })

  for (const name of cases) {
    it(name, async () => {
      const input = join(fixtures, name, 'input')
      const expected = JSON.parse(await readFile(join(fixtures, name, 'expected.json'), 'utf8')) as unknown[]
      const files = await findFiles([], input)
      const report = await checkFiles(files, {cwd: input, root: input})
      // As `--format json` writes them, with only the description of a fix.
      const json = formatJson(report.problems, {files: report.files.length, online: false, failed: report.failed, unchecked: [], notes: report.notes})
      const problems = (JSON.parse(json) as {problems: Array<{fix: Fix | null}>}).problems.map((problem) => ({...problem, fix: problem.fix?.description ?? null}))
      expect(problems).toEqual(expected)
      expect(report.errors).toEqual([])

      const fixed = await tree(join(fixtures, name, 'fixed')).catch(() => undefined)
      if (Object.keys(fixed ?? {}).length === 0) return
      const copy = await mkdtemp(join(tmpdir(), `minutes-fix-${name}-`))
      await cp(input, copy, {recursive: true})
      await fixFiles(await checkFiles(files, {cwd: copy, root: copy}), {cwd: copy})
      expect(await tree(copy)).toEqual(fixed)
      // A fixed file has no format problem left.
      const again = await checkFiles(files, {cwd: copy, root: copy})
      expect(again.problems.filter((problem) => problem.ruleId === 'format')).toEqual([])
    })
  }
})
