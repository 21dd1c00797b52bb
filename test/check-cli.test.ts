// `minutes check` and `minutes init` as users run them: options reaching the
// command, exit codes, the three output formats and the job summary, --fix,
// bad input; a few spawned runs of the real bin. The Action: test/action.test.ts.
import {cp, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse as parseYaml} from 'yaml'
import {describe, expect, it} from 'vitest'
import {checkFiles, fixFiles} from '../src/check/check.js'
import {runProgram} from '../src/cli/program.js'
import {loadConfig} from '../src/config/load.js'
import {escapeData, escapeProperty} from '../src/report/check.js'
import {version} from '../src/version.js'
import {memoryContext, root, runBin} from './helpers/cli.js'

const fixtures = join(root, 'fixtures', 'check')

async function copyOf(name: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), `minutes-check-${name}-`))
  await cp(join(fixtures, name, 'input'), directory, {recursive: true})
  return directory
}

async function check(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const {context, stdout, stderr} = memoryContext({cwd, env})
  const code = await runProgram(['node', 'minutes', 'check', ...args], context)
  return {code, stdout: stdout(), stderr: stderr()}
}

describe('minutes check, in process', () => {
  it('passes check its options', async () => {
    const {context} = memoryContext()
    let received: Record<string, unknown> | undefined
    const code = await runProgram(['node', 'minutes', 'check', 'iaas', 'sig-*/*.md', '--online', '--format', 'json', '--max-warnings', '3', '--no-cache', '--users'], context, {
      async check(options) {
        received = options
        return 0
      }
    })
    expect(code).toBe(0)
    expect(received).toMatchObject({paths: ['iaas', 'sig-*/*.md'], online: true, format: 'json', maxWarnings: 3, cache: false, users: true})
  })

  it('rejects an unknown format and a negative --max-warnings with exit 2', async () => {
    expect((await check(['--format', 'xml'], root)).code).toBe(2)
    const negative = await check(['--max-warnings', '-1'], root)
    expect(negative.code).toBe(2)
    expect(negative.stderr).toContain('--max-warnings must be a whole number, got "-1"')
  })

  it('a clean folder: exit 0 and a summary line', async () => {
    const result = await check([], join(fixtures, 'clean', 'input'))
    expect(result).toEqual({code: 0, stdout: '✔ 2 files checked: no problems\n', stderr: ''})
  })

  it('names files matched by a pattern outside the working folder relative to it, as typed', async () => {
    const result = await check(['--format', 'json', '../../participants/input/iaas/*.md'], join(fixtures, 'clean', 'input'))
    const {problems} = JSON.parse(result.stdout) as {problems: Array<{file: string}>}
    expect(new Set(problems.map((problem) => problem.file))).toEqual(new Set(['../../participants/input/iaas/20240306.md']))
  })

  it('stylish: grouped by file, aligned, a summary; exit 1 on errors', async () => {
    const result = await check(['iaas'], join(fixtures, 'participants', 'input'))
    expect(result.code).toBe(1)
    const lines = result.stdout.split('\n')
    expect(lines[1]).toBe('iaas/20240306.md')
    expect(lines[2]).toMatch(/^ {2}6:1 {2}warning {2}Unexpected participant `Carol Example` without a GitHub handle.* {2}participant-handle$/)
    expect(lines[5]).toMatch(/^ {2}8:1 {2}error {4}Unexpected formatting, expected what `minutes convert` writes .* {2}format$/)
    expect(lines[6]).toBe('                @@ -7,3 +7,2 @@')
    expect(result.stdout).toContain('✖ 4 problems (1 error, 3 warnings) in 1 file of 1\n  1 problem fixable with `minutes check --fix`\n')
  })

  it('json: complete, a summary, and problems with file, line, column, ruleId, severity, message, fix', async () => {
    const result = await check(['--format', 'json'], join(fixtures, 'link-text-mismatch', 'input'))
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as {complete: boolean; online: boolean; summary: unknown; problems: Array<Record<string, unknown>>; unchecked: unknown; notes: unknown}
    expect(report.complete).toBe(true)
    expect(report.online).toBe(false)
    expect(report.summary).toEqual({files: 1, problems: 3, errors: 3, warnings: 0, fixable: 0})
    expect(report.unchecked).toEqual({files: [], lookups: []})
    expect(report.notes).toEqual([])
    const {problems} = report
    expect(problems).toHaveLength(3)
    expect(problems[0]).toEqual({
      file: 'iaas/20240306.md',
      line: 5,
      column: 3,
      ruleId: 'link-text-mismatch',
      severity: 'error',
      message:
        'Unexpected link text `standards#536` for SovereignCloudStack/standards/issues/526: the text names #536, the link opens #526; expected text and target to agree',
      fix: null
    })
  })

  it('github: workflow commands on the diff, escaped; a job summary under GitHub Actions', async () => {
    const directory = await copyOf('format')
    const summary = join(await mkdtemp(join(tmpdir(), 'minutes-summary-')), 'summary.md')
    await writeFile(summary, '# Earlier step\n')
    const result = await check(['--format', 'github'], directory, {GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary})
    expect(result.code).toBe(1)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^::error file=iaas\/20240306\.md,line=1,col=1,title=format::Unexpected formatting, expected what `minutes convert` writes .*%0A@@ -1,14 \+1,14 @@%0A-Team IaaS/)
    expect(lines[1]).toBe('::error file=iaas/20240306.md,line=4,col=1,title=heading-structure::Unexpected heading level 3 after level 1, expected level 2')
    expect(await readFile(summary, 'utf8')).toBe(
      '# Earlier step\n## minutes check\n\n2 problems (2 errors, 0 warnings) in 1 file checked; 1 fixable with `minutes check --fix`.\n\n' +
        '| File | Line | Severity | Rule | Problem |\n| --- | --- | --- | --- | --- |\n' +
        '| `iaas/20240306.md` | 1 | error | `format` | Unexpected formatting, expected what `minutes convert` writes (`minutes check --fix` rewrites the file): |\n' +
        '| `iaas/20240306.md` | 4 | error | `heading-structure` | Unexpected heading level 3 after level 1, expected level 2 |\n\n'
    )
  })

  it('escapes workflow command data and properties as @actions/core does', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext')
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25')
  })

  it('--max-warnings makes warnings count', async () => {
    const directory = join(fixtures, 'hedgedoc', 'input')
    // hedgedoc-image off through a configuration: warnings only.
    const only = await mkdtemp(join(tmpdir(), 'minutes-warnings-'))
    await writeFile(join(only, 'config.json'), JSON.stringify({rules: {'hedgedoc-image': 'off'}}))
    expect((await check(['--config', join(only, 'config.json'), 'iaas'], directory)).code).toBe(0)
    expect((await check(['--config', join(only, 'config.json'), '--max-warnings', '2', 'iaas'], directory)).code).toBe(0)
    const over = await check(['--config', join(only, 'config.json'), '--max-warnings', '1', 'iaas'], directory)
    expect(over.code).toBe(1)
    expect(over.stderr).toContain('2 warnings, more than --max-warnings 1')
  })

  it('an unknown rule in the configuration is a usage error', async () => {
    const directory = await copyOf('clean')
    await writeFile(join(directory, 'minutes.config.json'), JSON.stringify({rules: {'link-text-missmatch': 'off'}}))
    await expect(check([], directory)).rejects.toThrow('unknown rule `link-text-missmatch`')
    // The message names the file the rule is in.
    await expect(check([], directory)).rejects.toThrow(`${join(directory, 'minutes.config.json')}: unknown rule \`link-text-missmatch\` in \`rules\``)
  })

  it('--fix rewrites what format reports, says so, and checks again', async () => {
    const directory = await copyOf('format')
    const result = await check(['--fix'], directory)
    expect(result.stderr).toBe('iaas/20240306.md: fixed format\n')
    expect(result.stdout).toBe('✔ 1 file checked: no problems\n')
    expect(result.code).toBe(0)
    expect(await readFile(join(directory, 'iaas', '20240306.md'), 'utf8')).toBe(await readFile(join(fixtures, 'format', 'fixed', 'iaas', '20240306.md'), 'utf8'))
  })

  it('--fix that cannot write names the file as checked', async () => {
    const directory = await copyOf('format')
    const report = await checkFiles(['iaas/20240306.md'], {cwd: directory})
    // The folder became a file between the check and the fix.
    await rm(join(directory, 'iaas'), {recursive: true})
    await writeFile(join(directory, 'iaas'), '')
    await expect(fixFiles(report, {cwd: directory})).rejects.toThrow(/^iaas\/20240306\.md: a parent of this path is not a directory$/)
  })

  it('a heading added to a linked file counts in the next check of the same process', async () => {
    const directory = await copyOf('relative-link')
    const mismatch = (report: {problems: Array<{message: string}>}) => report.problems.some((problem) => problem.message.includes('has the GitHub slug `decisions`'))
    expect(mismatch(await checkFiles(['iaas/20240306.md'], {cwd: directory, root: directory}))).toBe(true)
    const linked = join(directory, 'iaas', '20240228.md')
    await writeFile(linked, (await readFile(linked, 'utf8')) + '\n## Decisions\n\n- None\n')
    expect(mismatch(await checkFiles(['iaas/20240306.md'], {cwd: directory, root: directory}))).toBe(false)
  })

  it('format reports CRLF line endings and a byte order mark; --fix writes LF without BOM', async () => {
    const directory = await copyOf('clean')
    const file = join(directory, 'iaas', '20240228.md')
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace(/\n/g, '\r\n'))
    const bom = join(directory, 'iaas', '20240306.md')
    const other = await readFile(bom, 'utf8')
    await writeFile(bom, '\uFEFF' + other)
    const result = await check(['--format', 'json'], directory)
    expect((JSON.parse(result.stdout) as {problems: Array<{message: string; file: string}>}).problems.map(({file, message}) => [file, message])).toEqual([
      ['iaas/20240228.md', 'Unexpected CRLF line endings, expected LF'],
      ['iaas/20240306.md', 'Unexpected byte order mark, expected UTF-8 without BOM']
    ])
    expect((await check(['--fix'], directory)).code).toBe(0)
    expect(await readFile(file, 'utf8')).toBe(text)
    expect(await readFile(bom, 'utf8')).toBe(other)
  })

  it('a folder without Markdown, a pattern that matches nothing: exit 2', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'minutes-empty-'))
    await writeFile(join(empty, 'notes.txt'), 'no minutes here\n')
    await expect(check([empty], root)).rejects.toThrow('no Markdown (*.md) files in this folder')
    await expect(check(['nothing-*/*.md'], empty)).rejects.toThrow('nothing-*/*.md: no files match this pattern')
  })

  it('a file that is not text: exit 2, the others still reported', async () => {
    const directory = await copyOf('link-text-mismatch')
    await writeFile(join(directory, 'iaas', '20240313.md'), Buffer.from([0x23, 0x20, 0x00, 0xff]))
    const result = await check(['--format', 'json'], directory)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('minutes: iaas/20240313.md: not a text file (it contains NUL bytes)')
    const report = JSON.parse(result.stdout) as {complete: boolean; problems: unknown[]; unchecked: {files: unknown[]}}
    expect(report.problems).toHaveLength(3)
    // The JSON says the run was partial: the file that could not be read.
    expect(report.complete).toBe(false)
    expect(report.unchecked.files).toEqual([{file: 'iaas/20240313.md', message: 'iaas/20240313.md: not a text file (it contains NUL bytes)'}])
  })
})

describe('minutes check, spawned', () => {
  it('checks a clean folder: exit 0', async () => {
    const result = await runBin(['check', join(fixtures, 'clean', 'input')])
    expect(result).toEqual({code: 0, stdout: '✔ 2 files checked: no problems\n', stderr: ''})
  })

  it('names a path that does not exist: exit 2, no stack trace', async () => {
    const result = await runBin(['check', 'no-such-folder'])
    expect(result).toEqual({code: 2, stdout: '', stderr: 'minutes: no-such-folder: no such file or directory\n'})
  })

  it('reports the mismatches of a folder as JSON: exit 1', async () => {
    const result = await runBin(['check', '--format', 'json', 'fixtures/check/link-text-mismatch/input'])
    expect(result.code).toBe(1)
    expect((JSON.parse(result.stdout) as {problems: Array<{ruleId: string; file: string}>}).problems.map((problem) => problem.file)).toEqual([
      'fixtures/check/link-text-mismatch/input/iaas/20240306.md',
      'fixtures/check/link-text-mismatch/input/iaas/20240306.md',
      'fixtures/check/link-text-mismatch/input/iaas/20240306.md'
    ])
  })
})

describe('minutes init', () => {
  it('writes a configuration and a workflow that uses the Action; keeps existing files unless --force', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'minutes-init-'))
    const {context, stderr} = memoryContext({cwd: directory})
    expect(await runProgram(['node', 'minutes', 'init'], context)).toBe(0)
    expect(stderr()).toContain('minutes.config.json: created\n.github/workflows/minutes.yml: created\n')

    const {config} = await loadConfig({cwd: directory})
    expect(config.rules['link-text-mismatch']).toBe('error')
    expect(config.rules['hedgedoc-link']).toBe('warning')
    const workflow = parseYaml(await readFile(join(directory, '.github', 'workflows', 'minutes.yml'), 'utf8')) as {
      on: {pull_request: {paths: string[]}}
      jobs: {check: {steps: Array<{uses: string; with?: Record<string, unknown>}>}}
    }
    expect(workflow.on.pull_request.paths).toContain('**.md')
    expect(workflow.jobs.check.steps.map((step) => step.uses)).toEqual(['actions/checkout@v4', `SovereignCloudStack/minutes-tool@v${version}`])
    expect(workflow.jobs.check.steps[1]!.with).toEqual({online: true})

    await writeFile(join(directory, 'minutes.config.json'), '{"rules": {}}\n')
    await expect(runProgram(['node', 'minutes', 'init', '--offline'], memoryContext({cwd: directory}).context)).rejects.toThrow(
      'minutes.config.json and .github/workflows/minutes.yml already exist and differ; nothing written'
    )
    const forced = memoryContext({cwd: directory})
    expect(await runProgram(['node', 'minutes', 'init', '--offline', '--force', '--action', 'example/minutes-action@v1'], forced.context)).toBe(0)
    expect(forced.stderr()).toContain('minutes.config.json: overwritten\n.github/workflows/minutes.yml: overwritten\n')
    const rerun = memoryContext({cwd: directory})
    expect(await runProgram(['node', 'minutes', 'init', '--offline', '--action', 'example/minutes-action@v1'], rerun.context)).toBe(0)
    expect(rerun.stderr()).toContain('minutes.config.json: unchanged\n.github/workflows/minutes.yml: unchanged\n')
    const again = parseYaml(await readFile(join(directory, '.github', 'workflows', 'minutes.yml'), 'utf8')) as typeof workflow
    expect(again.jobs.check.steps[1]).toEqual({uses: 'example/minutes-action@v1', with: {online: false}})
  })
})
