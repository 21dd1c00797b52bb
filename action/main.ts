/**
 * The GitHub Action (action.yml, `runs.using: node24`): this file, bundled by
 * `npm run build:action` into action/dist/index.mjs, which is committed, so
 * the runner starts it without `npm ci` or a compiler.
 *
 * `command: check` (default) runs `minutes check` in `working-directory`
 * with `--format github` (annotations on the diff, paths from the repository
 * root), the job summary, and SARIF when `sarif-file` is set; it sets the
 * outputs `problems`, `errors`, `warnings` and `sarif-file`, and fails the
 * step on problems at error severity (or more warnings than
 * `max-warnings`). `command: sync` runs `minutes sync --repo $GITHUB_REPOSITORY` through
 * the command line, with the token; the other inputs are check's.
 */
import {existsSync, statSync} from 'node:fs'
import {isAbsolute, resolve} from 'node:path'
import * as core from '@actions/core'
import type {CommandContext} from '../src/cli/context.js'
import {runProgram} from '../src/cli/program.js'
import {checkCommand, type CheckCommandOptions} from '../src/commands/check.js'
import {MinutesError} from '../src/errors.js'

const commands = ['check', 'sync'] as const

function fail(message: string): never {
  throw new MinutesError(message, {exitCode: 2})
}

/** A whole number input, or `undefined` when empty. */
function wholeNumber(name: string): number | undefined {
  const value = core.getInput(name)
  if (value === '') return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number < 0) fail(`input ${name} must be a whole number, got "${value}"`)
  return number
}

export async function run(): Promise<number> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()
  const command = core.getInput('command') || 'check'
  if (!(commands as readonly string[]).includes(command)) fail(`input command must be ${commands.join(' or ')}, got "${command}"`)
  const workingDirectory = resolve(workspace, core.getInput('working-directory') || '.')
  if (!existsSync(workingDirectory) || !statSync(workingDirectory).isDirectory()) {
    fail(`input working-directory: ${core.getInput('working-directory')}: no such folder in ${workspace}`)
  }

  const token = core.getInput('token')
  if (token) core.setSecret(token)
  const context: CommandContext = {
    cwd: workingDirectory,
    env: {...process.env, ...(token ? {GITHUB_TOKEN: token} : {})},
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    verbose: core.isDebug()
  }

  if (command === 'sync') {
    // `minutes sync` through the command line, as a user runs it, into the
    // repository the workflow runs in.
    const repository = process.env.GITHUB_REPOSITORY
    const code = await runProgram(['node', 'minutes', 'sync', ...(repository ? ['--repo', repository] : [])], context)
    if (code !== 0) core.setFailed(`minutes sync failed (exit code ${code}; see above)`)
    return code
  }

  const sarifInput = core.getInput('sarif-file')
  // Relative to the repository root, as upload-sarif's sarif_file is.
  const sarifFile = sarifInput === '' ? undefined : isAbsolute(sarifInput) ? sarifInput : resolve(workspace, sarifInput)
  const maxWarnings = wholeNumber('max-warnings')
  const options: CheckCommandOptions = {
    paths: core.getInput('paths').split(/\s+/).filter(Boolean),
    online: core.getBooleanInput('online'),
    format: 'github',
    cache: process.env.RUNNER_TEMP ? resolve(process.env.RUNNER_TEMP, 'minutes-cache') : false,
    ...(maxWarnings === undefined ? {} : {maxWarnings}),
    ...(sarifFile ? {sarifFile} : {}),
    onSummary(summary) {
      core.setOutput('problems', summary.problems)
      core.setOutput('errors', summary.errors)
      core.setOutput('warnings', summary.warnings)
      core.setOutput('sarif-file', sarifFile ?? '')
    }
  }

  const code = await checkCommand(options as Record<string, unknown>, context)
  if (code === 1) core.setFailed('minutes check found problems (see the annotations and the job summary)')
  else if (code !== 0) core.setFailed('minutes check could not check every file (see above)')
  return code
}

try {
  process.exitCode = await run()
} catch (error) {
  if (error instanceof MinutesError) {
    core.setFailed(error.hint ? `${error.message}\n${error.hint}` : error.message)
    process.exitCode = error.exitCode
  } else {
    core.setFailed(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exitCode = 2
  }
}
