// `minutes check --format sarif` (SARIF 2.1.0 for code scanning), paths from
// the repository root under GitHub Actions, and `--output-file` for every
// format. Microsoft's validator runs on real output in `.ci/run`.
import {mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Log} from 'sarif'
import {describe, expect, it} from 'vitest'
import {createProblem, type Problem} from '../src/check/problem.js'
import {rules} from '../src/check/rules.js'
import {runProgram} from '../src/cli/program.js'
import {formatSarif} from '../src/report/sarif.js'
import {memoryContext} from './helpers/cli.js'

const problems: Problem[] = [
  createProblem('iaas/20240306.md', 'link-text-mismatch', 12, 3, 'Unexpected link text `standards#536` for standards#526, expected text and target to agree'),
  {...createProblem('iaas/20240306.md', 'hedgedoc-link', 20, 1, 'Unexpected link to a HedgeDoc note'), severity: 'error'},
  createProblem('sig docs/2024 03 07.md', 'format', undefined, undefined, 'Unexpected form, expected what `minutes convert` writes')
]

describe('formatSarif', () => {
  const cwd = join(tmpdir(), 'minutes-sarif', 'repo')
  const log = JSON.parse(formatSarif(problems, {version: '1.2.3', cwd, notes: ['3 references not checked: rate limit']})) as Log
  const run = log.runs[0]!

  it('is SARIF 2.1.0 with one run of the minutes driver listing every rule', () => {
    expect(log.version).toBe('2.1.0')
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json')
    expect(run.tool.driver.name).toBe('minutes')
    expect(run.tool.driver.version).toBe('1.2.3')
    const descriptors = run.tool.driver.rules!
    expect(descriptors.map((rule) => rule.id)).toEqual([...rules.keys()])
    const mismatch = descriptors.find((rule) => rule.id === 'link-text-mismatch')!
    expect(mismatch.name).toBe('LinkTextMismatch')
    expect(mismatch.shortDescription!.text).toMatch(/^A link text names another issue/)
    expect(mismatch.defaultConfiguration).toEqual({level: 'error'})
    expect(descriptors.find((rule) => rule.id === 'hedgedoc-link')!.defaultConfiguration).toEqual({level: 'warning'})
    expect(descriptors.find((rule) => rule.id === 'reference-missing')!.properties!.tags).toEqual(['minutes', 'online'])
  })

  it('has one result per problem at its configured level, with rule index, relative location and region', () => {
    expect(run.results).toHaveLength(3)
    const [first, second, third] = run.results!
    expect(first).toEqual({
      ruleId: 'link-text-mismatch',
      ruleIndex: [...rules.keys()].indexOf('link-text-mismatch'),
      level: 'error',
      message: {text: problems[0]!.message},
      locations: [{physicalLocation: {artifactLocation: {uri: 'iaas/20240306.md', uriBaseId: 'SRCROOT'}, region: {startLine: 12, startColumn: 3}}}]
    })
    expect(second!.level).toBe('error')
    // A whole-file problem sits on line 1; the path is a URI reference.
    expect(third!.locations![0]!.physicalLocation).toEqual({artifactLocation: {uri: 'sig%20docs/2024%2003%2007.md', uriBaseId: 'SRCROOT'}, region: {startLine: 1}})
    expect(run.originalUriBaseIds).toEqual({SRCROOT: {uri: `${pathToFileURL(cwd).href}/`}})
    expect(run.columnKind).toBe('utf16CodeUnits')
  })

  it('says what could not be checked, and fails the invocation when files could not be read', () => {
    expect(run.invocations).toEqual([{executionSuccessful: true, toolExecutionNotifications: [{level: 'warning', message: {text: '3 references not checked: rate limit'}}]}])
    const failed = JSON.parse(formatSarif([], {version: '1.2.3', cwd, errors: ['bad.md: not UTF-8 text']})) as Log
    expect(failed.runs[0]!.invocations![0]!.executionSuccessful).toBe(false)
    expect(failed.runs[0]!.results).toEqual([])
  })

  it('paths are relative to root; a file outside it is an absolute file: URI', () => {
    const root = join(cwd, '..')
    const outside = createProblem('../../elsewhere.md', 'missing-date', 1, 1, 'Unexpected file without a date')
    const log = JSON.parse(formatSarif([problems[0]!, outside], {version: '1', cwd, root})) as Log
    expect(log.runs[0]!.results!.map((result) => result.locations![0]!.physicalLocation!.artifactLocation)).toEqual([
      {uri: 'repo/iaas/20240306.md', uriBaseId: 'SRCROOT'},
      {uri: pathToFileURL(join(cwd, '../../elsewhere.md')).href}
    ])
  })
})

describe('minutes check --format sarif, --output-file, GITHUB_WORKSPACE', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'minutes-workspace-'))
  const minutes = join(workspace, 'minutes')
  await mkdir(join(minutes, 'iaas'), {recursive: true})
  await writeFile(join(minutes, 'iaas', '20240306.md'), '# Team IaaS 2024-03-06\n\n* one\n* two\n')

  async function check(args: string[], env: Record<string, string> = {}) {
    const {context, stdout, stderr} = memoryContext({cwd: minutes, env})
    const code = await runProgram(['node', 'minutes', 'check', ...args], context)
    return {code, stdout: stdout(), stderr: stderr()}
  }

  it('--format sarif --output-file writes the SARIF there and nothing on stdout', async () => {
    const result = await check(['--format', 'sarif', '--output-file', 'out/minutes.sarif'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    const log = JSON.parse(await readFile(join(minutes, 'out', 'minutes.sarif'), 'utf8')) as Log
    expect(log.runs[0]!.results!.map((entry) => [entry.ruleId, entry.locations![0]!.physicalLocation!.artifactLocation!.uri])).toEqual([['format', 'iaas/20240306.md']])
  })

  it('--output-file works for stylish (without colour), json and github too', async () => {
    for (const format of ['stylish', 'json', 'github']) {
      const result = await check(['--format', format, '--output-file', `report.${format}`], {FORCE_COLOR: '1'})
      expect(result.code).toBe(1)
      expect(result.stdout).toBe('')
      const text = await readFile(join(minutes, `report.${format}`), 'utf8')
      expect(text).toContain('iaas/20240306.md')
      expect(text).not.toMatch(/\u001B\[/)
    }
  })

  it('under GitHub Actions, annotations and SARIF name files from GITHUB_WORKSPACE, whatever the working folder', async () => {
    const env = {GITHUB_WORKSPACE: workspace}
    const github = await check(['--format', 'github'], env)
    expect(github.stdout).toMatch(/^::error file=minutes\/iaas\/20240306\.md,line=3,col=1,title=format::/)
    await check(['--format', 'sarif', '--output-file', 'ws.sarif'], env)
    const log = JSON.parse(await readFile(join(minutes, 'ws.sarif'), 'utf8')) as Log
    expect(log.runs[0]!.originalUriBaseIds!.SRCROOT!.uri).toBe(`${pathToFileURL(workspace).href}/`)
    expect(log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('minutes/iaas/20240306.md')
    // Without it, paths stay relative to the working folder.
    expect((await check(['--format', 'github'])).stdout).toMatch(/^::error file=iaas\/20240306\.md,/)
  })
})
