/**
 * `minutes init`: set a minutes repository up for `minutes check` in CI. It
 * writes `minutes.config.json` (organisation and repository from the `origin`
 * remote when it is on GitHub, the HedgeDoc server, every rule at its default
 * severity, ready to edit) and `.github/workflows/minutes.yml`, which runs
 * the Action on pull requests. Existing files are kept unless `--force`.
 */
import {execFile} from 'node:child_process'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {rules} from '../check/rules.js'
import {writing, type CommandContext} from '../cli/context.js'
import {defaultConfig} from '../config/schema.js'
import {UsageError} from '../errors.js'
import {readIfExists, writeFileAtomic} from '../output/write.js'

/** Where this package and its Action live; `--action` names another. */
const defaultAction = 'SovereignCloudStack/minutes-tool@main'

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

function configText(repository: string | undefined): string {
  const config = {
    org: repository ? repository.split('/')[0]! : defaultConfig.org,
    repository: repository ?? defaultConfig.repository,
    hedgedoc: defaultConfig.hedgedoc,
    rules: Object.fromEntries([...rules.values()].map((rule) => [rule.id, rule.severity]))
  }
  return JSON.stringify(config, null, 2) + '\n'
}

function workflowText(action: string, online: boolean): string {
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

  const current = await Promise.all(files.map(async ([name]) => {
    const bytes = await readIfExists(join(context.cwd, name))
    return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8')
  }))
  const differing = files.filter(([, content], index) => current[index] !== undefined && current[index] !== content).map(([name]) => name)
  if (differing.length > 0 && !options.force) {
    const one = differing.length === 1
    throw new UsageError(`${differing.join(' and ')} already ${one ? 'exists' : 'exist'} and ${one ? 'differs' : 'differ'}; nothing written`, {
      hint: 'Run again with --force to overwrite.'
    })
  }

  await writing(context, async () => {
    for (const [index, [name, content]] of files.entries()) {
      const before = current[index]
      if (before === content) {
        if (!options.quiet) context.stderr.write(`${name}: unchanged\n`)
        continue
      }

      await writeFileAtomic(join(context.cwd, name), content)
      if (!options.quiet) context.stderr.write(`${name}: ${before === undefined ? 'created' : 'overwritten'}\n`)
    }
  })

  if (!options.quiet) {
    context.stderr.write(`Commit both files; pull requests are then checked by ${action}${repository ? ` (configured for ${repository})` : ''}.\n`)
  }

  return 0
}
