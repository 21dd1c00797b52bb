// The GitHub Action as the runner runs it: `node action/dist/index.mjs` from a
// copy of the action files alone (action.yml and action/dist/, no
// node_modules anywhere), with the INPUT_* variables, GITHUB_WORKSPACE,
// GITHUB_STEP_SUMMARY and GITHUB_OUTPUT. `.ci/run` checks that the committed
// bundle is what `npm run build:action` builds from the sources.
import {spawn} from 'node:child_process'
import {builtinModules} from 'node:module'
import {cp, mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import type {Log} from 'sarif'
import {parse as parseYaml} from 'yaml'
import {describe, expect, it} from 'vitest'
import {version} from '../src/version.js'
import {GitHubDouble} from './doubles/github-rest.js'
import {root} from './helpers/cli.js'

interface ActionYaml {
  inputs: Record<string, {description: string; default: string; required: boolean}>
  outputs: Record<string, {description: string}>
  runs: {using: string; main: string; steps?: unknown}
}

const action = parseYaml(await readFile(join(root, 'action.yml'), 'utf8')) as ActionYaml

describe('action.yml', () => {
  it('is a JavaScript action on node24 running the committed bundle', () => {
    expect(action.runs).toEqual({using: 'node24', main: 'action/dist/index.mjs'})
  })

  it('has the inputs and outputs of docs/action.md', async () => {
    expect(Object.keys(action.inputs)).toEqual(['command', 'paths', 'online', 'token', 'max-warnings', 'working-directory', 'sarif-file'])
    expect(action.inputs.command!.default).toBe('check')
    expect(action.inputs.online!.default).toBe('true')
    expect(action.inputs.token!.default).toBe('${{ github.token }}')
    expect(Object.keys(action.outputs)).toEqual(['problems', 'errors', 'warnings', 'sarif-file'])
    const docs = await readFile(join(root, 'docs', 'action.md'), 'utf8')
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(docs).toContain(`| \`${name}\` |`)
  })

  it('README and docs show a versioned uses: line, the one `minutes init` writes', async () => {
    const uses = `uses: SovereignCloudStack/minutes-tool@v${version}`
    expect(await readFile(join(root, 'README.md'), 'utf8')).toContain(uses)
    expect(await readFile(join(root, 'docs', 'action.md'), 'utf8')).toContain(uses)
    expect(await readFile(join(root, 'action.yml'), 'utf8')).toContain(`SovereignCloudStack/minutes-tool@v${version}`)
  })
})

describe('the bundle', () => {
  it('imports nothing but Node.js built-in modules', async () => {
    const bundle = await readFile(join(root, 'action', 'dist', 'index.mjs'), 'utf8')
    const specifiers = new Set<string>()
    // Static imports (`import{x}from"y"`), dynamic ones and require() of a module name.
    const id = `["']([@\\w][\\w@./:-]*)["']`
    const pattern = new RegExp(`\\bimport\\s*[\\w$*{},\\s]*?\\bfrom\\s*${id}|\\bimport\\s*\\(\\s*${id}\\s*\\)|\\brequire\\(\\s*${id}\\s*\\)`, 'g')
    for (const match of bundle.matchAll(pattern)) {
      specifiers.add(match[1] ?? match[2] ?? match[3]!)
    }

    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)])
    expect([...specifiers].filter((specifier) => !builtins.has(specifier))).toEqual([])
    expect(specifiers.size).toBeGreaterThan(5)
  })
})

interface Run {
  code: number | null
  stdout: string
  stderr: string
  summary: string
  outputs: Record<string, string>
  workspace: string
}

/** Copy action.yml and action/dist/ alone to a temporary folder. */
async function copyOfAction(): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'minutes-action-copy-'))
  await cp(join(root, 'action.yml'), join(copy, 'action.yml'))
  await cp(join(root, 'action', 'dist'), join(copy, 'action', 'dist'), {recursive: true})
  return copy
}

/** The outputs in GITHUB_OUTPUT, written as `name<<DELIMITER` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const match = /^([\w-]+)<<(.+)$/.exec(lines[index]!)
    if (!match) continue
    const end = lines.indexOf(match[2]!, index + 1)
    outputs[match[1]!] = lines.slice(index + 1, end).join('\n')
    index = end
  }

  return outputs
}

/** Run the action as the runner does: `node <action>/action/dist/index.mjs` in the workspace. */
async function runAction(files: Record<string, string>, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<Run> {
  const copy = await copyOfAction()
  const workspace = await mkdtemp(join(tmpdir(), 'minutes-workspace-'))
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(workspace, name)), {recursive: true})
    await writeFile(join(workspace, name), text)
  }

  const runner = await mkdtemp(join(tmpdir(), 'minutes-runner-'))
  const summary = join(runner, 'step_summary')
  const output = join(runner, 'output')
  await writeFile(summary, '')
  await writeFile(output, '')
  const defaults = {command: 'check', paths: '', online: 'true', token: 'test-token', 'max-warnings': '', 'working-directory': '.', 'sarif-file': ''}
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: runner,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    RUNNER_TEMP: runner,
    ...extraEnv
  }
  // The runner sets INPUT_<NAME> with the name upper-cased and spaces as `_` (hyphens stay).
  for (const [name, value] of Object.entries({...defaults, ...inputs})) env[`INPUT_${name.toUpperCase()}`] = value

  const result = await new Promise<{code: number | null; stdout: string; stderr: string}>((resolve, reject) => {
    const child = spawn(process.execPath, [join(copy, 'action', 'dist', 'index.mjs')], {cwd: workspace, env})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout, stderr}))
  })
  return {...result, summary: await readFile(summary, 'utf8'), outputs: parseOutputs(await readFile(output, 'utf8')), workspace}
}

const unconverted = '# Team IaaS 2024-03-06\n\n* one\n* two\n\nSee [standards#1](https://github.com/SovereignCloudStack/standards/issues/2) and `<mark>`.\n'
const clean = '# Team IaaS 2024-03-13\n\n- one\n- two\n'

describe('the bundle, run as the runner runs it', () => {
  it('annotates from the repository root, writes the summary, the SARIF and the outputs, and fails the step', async () => {
    const result = await runAction(
      {'minutes/iaas/20240306.md': unconverted, 'minutes/iaas/20240313.md': clean},
      {online: 'false', 'working-directory': 'minutes', 'sarif-file': 'out/minutes.sarif'}
    )
    expect(result.code).toBe(1)
    const annotations = result.stdout.split('\n').filter((line) => line.startsWith('::error file='))
    expect(annotations).toHaveLength(2)
    expect(annotations[0]).toMatch(/^::error file=minutes\/iaas\/20240306\.md,line=3,col=1,title=format::Unexpected formatting/)
    expect(annotations[1]).toMatch(/^::error file=minutes\/iaas\/20240306\.md,line=6,col=5,title=link-text-mismatch::/)
    expect(result.stdout).toContain('::error::minutes check found problems')

    expect(result.summary).toContain('## minutes check\n\n2 problems (2 errors, 0 warnings) in 2 files checked')
    expect(result.summary).toContain('| `minutes/iaas/20240306.md` | 6 | error | `link-text-mismatch` |')

    const sarifFile = join(result.workspace, 'out', 'minutes.sarif')
    expect(result.outputs).toEqual({problems: '2', errors: '2', warnings: '0', 'sarif-file': sarifFile})
    const log = JSON.parse(await readFile(sarifFile, 'utf8')) as Log
    expect(log.runs[0]!.results!.map((entry) => entry.locations![0]!.physicalLocation!.artifactLocation!.uri)).toEqual([
      'minutes/iaas/20240306.md',
      'minutes/iaas/20240306.md'
    ])
  })

  it('a clean repository: exit 0, outputs of zero, no failure', async () => {
    const result = await runAction({'iaas/20240313.md': clean}, {online: 'false', paths: 'iaas\n!drafts/**'})
    expect(result.code).toBe(0)
    expect(result.stdout).not.toContain('::error')
    expect(result.summary).toContain('1 file checked: no problems.')
    expect(result.outputs).toEqual({problems: '0', errors: '0', warnings: '0', 'sarif-file': ''})
  })

  it('max-warnings fails the step on more warnings', async () => {
    const withWarning = '# Team IaaS 2024-03-13\n\n## Participants\n\n- Carol Example\n'
    const allowed = await runAction({'iaas/20240313.md': withWarning}, {online: 'false'})
    expect(allowed.code).toBe(0)
    expect(allowed.stdout).toMatch(/^::warning file=iaas\/20240313\.md,line=5,col=1,title=participant-handle::/m)
    const strict = await runAction({'iaas/20240313.md': withWarning}, {online: 'false', 'max-warnings': '0'})
    expect(strict.code).toBe(1)
    expect(strict.outputs.warnings).toBe('1')
    expect(strict.stdout).toContain('::error::minutes check found problems')
  })

  it('bad inputs fail the step with a message naming the input', async () => {
    const folder = await runAction({'iaas/20240313.md': clean}, {online: 'false', 'working-directory': 'nowhere'})
    expect(folder.code).toBe(2)
    expect(folder.stdout).toMatch(/^::error::input working-directory: nowhere: no such folder in /m)
    const command = await runAction({'iaas/20240313.md': clean}, {command: 'lint'})
    expect(command.code).toBe(2)
    expect(command.stdout).toContain('::error::input command must be check or sync, got "lint"')
    const online = await runAction({'iaas/20240313.md': clean}, {online: 'maybe'})
    expect(online.code).toBe(2)
    expect(online.stdout).toContain('::error::')
    expect(online.stdout).toContain('online')
  })

  it('command: sync opens the pull request on the repository the workflow runs in', async () => {
    const double = await new GitHubDouble().start()
    try {
      double.addUser({login: 'mia', token: 'test-token', id: 11, name: 'Mia Maintainer'})
      double.addRepository({owner: 'example-org', name: 'minutes', files: {'README.md': '# Minutes\n'}, collaborators: {mia: 'push'}})
      const pad = '# Team IaaS pad\n\n## 2024-03-13\n\n### Notes\n\n- one\n\n## 2024-03-06\n\n### Notes\n\n- two\n'
      const result = await runAction(
        {'minutes.config.json': JSON.stringify({teams: {iaas: {pads: ['pads/iaas.md']}}}), 'pads/iaas.md': pad},
        {command: 'sync'},
        {GITHUB_REPOSITORY: 'example-org/minutes', GITHUB_API_URL: double.url}
      )
      expect(result.stdout + result.stderr).not.toContain('error')
      expect(result.code).toBe(0)
      const pulls = double.pullsOf('example-org/minutes')
      expect(pulls).toHaveLength(1)
      expect(pulls[0]!.headRef).toBe('minutes/sync')
      expect(double.paths('example-org/minutes', 'minutes/sync').filter((path) => path.startsWith('iaas/')).sort()).toEqual(['iaas/20240306.md', 'iaas/20240313.md'])
      expect(double.file('example-org/minutes', 'minutes/sync', 'iaas/20240313.md')).toBe('# 2024-03-13\n\n## Notes\n\n- one\n')
    } finally {
      await double.close()
    }
  })
})
