/**
 * `minutes init`: set a minutes repository up for `minutes check` in CI. It
 * writes `minutes.config.json` (organisation and repository from the `origin`
 * remote when it is on GitHub, the HedgeDoc server, every rule at its default
 * severity, ready to edit) and `.github/workflows/minutes.yml`, which runs
 * the Action on pull requests. Existing files are kept unless `--force`.
 */
import {execFile} from 'node:child_process'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {rules} from '../check/rules.js'
import type {CommandContext} from '../cli/context.js'
import {defaultConfig} from '../config/schema.js'
import {UsageError} from '../errors.js'
import {readIfExists, writeFileAtomic} from '../output/write.js'

/** Where this package and its Action live; `--action` names another. */
export const defaultAction = 'SovereignCloudStack/minutes-tool@main'

export interface InitCommandOptions {
  force?: boolean | undefined
  action?: string | undefined
  offline?: boolean | undefined
  quiet?: boolean | undefined
}

const run = promisify(execFile)

/** `owner/name` of the `origin` remote when it is on GitHub. */
async function originRepository(cwd: string): Promise<string | undefined> {
  try {
    const {stdout} = await run('git', ['remote', 'get-url', 'origin'], {cwd, timeout: 5000})
    const match = /github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(stdout.trim())
    return match ? `${match[1]}/${match[2]}` : undefined
  } catch {
    return undefined
  }
}

export function configText(repository: string | undefined): string {
  const config = {
    org: repository ? repository.split('/')[0]! : defaultConfig.org,
    repository: repository ?? defaultConfig.repository,
    hedgedoc: defaultConfig.hedgedoc,
    rules: Object.fromEntries([...rules.values()].map((rule) => [rule.id, rule.severity]))
  }
  return JSON.stringify(config, null, 2) + '\n'
}

export function workflowText(action: string, online: boolean): string {
  const paths = `['**.md', 'minutes.config.json', '.github/workflows/minutes.yml']`
  return `# Checks the minutes on every pull request with \`minutes check\`: problems
# show on the pull request's diff, and a table in the job summary.
name: minutes

on:
  pull_request:
    paths: ${paths}
  push:
    branches: [main]
    paths: ${paths}

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: ${action}
        with:
          online: ${online ? 'true' : 'false'}
`
}

export async function initCommand(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const options = raw as InitCommandOptions
  const action = options.action ?? defaultAction
  if (!/^[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@[\w./-]+$/.test(action)) {
    throw new UsageError(`--action must be OWNER/REPO@REF, got "${action}"`)
  }

  const repository = await originRepository(context.cwd)
  const files: Array<[string, string]> = [
    ['minutes.config.json', configText(repository)],
    [join('.github', 'workflows', 'minutes.yml'), workflowText(action, !options.offline)]
  ]

  const existing: string[] = []
  for (const [name, content] of files) {
    const current = await readIfExists(join(context.cwd, name))
    if (current !== undefined && Buffer.from(current).toString('utf8') !== content) existing.push(name)
  }

  if (existing.length > 0 && !options.force) {
    throw new UsageError(`${existing.join(' and ')} already ${existing.length === 1 ? 'exists' : 'exist'} and ${existing.length === 1 ? 'differs' : 'differ'}; nothing written`, {
      hint: 'Run again with --force to overwrite.'
    })
  }

  for (const [name, content] of files) {
    const path = join(context.cwd, name)
    const before = await readFile(path, 'utf8').catch(() => undefined)
    if (before === content) {
      if (!options.quiet) context.stderr.write(`${name}: unchanged\n`)
      continue
    }

    await writeFileAtomic(path, content)
    if (!options.quiet) context.stderr.write(`${name}: ${before === undefined ? 'created' : 'overwritten'}\n`)
  }

  if (!options.quiet) {
    context.stderr.write(`Commit both files; pull requests are then checked by ${action}${repository ? ` (configured for ${repository})` : ''}.\n`)
  }

  return 0
}
