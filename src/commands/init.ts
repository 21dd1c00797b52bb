/**
 * `minutes init`: set a minutes repository up for `minutes check` in CI. It
 * writes `minutes.config.json` (its `"$schema"` for editors, organisation
 * and repository from the `origin` remote when it is on GitHub, the HedgeDoc
 * server, every rule at its default severity, ready to edit) and `.github/workflows/minutes.yml`, which runs
 * the Action on pull requests. Existing files are kept unless `--force`.
 *
 * `--sync` writes `.github/workflows/minutes-sync.yml` instead, which runs
 * `minutes sync` daily (and on demand); `--from-calendar FILE` writes the
 * `teams` of the configuration from the community calendar (an existing
 * minutes.config.json keeps its other keys and teams). With either, only
 * those files are written.
 */
import {execFile} from 'node:child_process'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {rules} from '../check/rules.js'
import {writing, type CommandContext} from '../cli/context.js'
import {schemaUrl} from '../config/json-schema.js'
import {defaultConfig} from '../config/schema.js'
import {UsageError} from '../errors.js'
import {readIfExists, writeFileAtomic} from '../output/write.js'
import {version} from '../version.js'

/** Where this package's Action lives, at this version's tag; `--action` names another. */
const defaultAction = `SovereignCloudStack/minutes-tool@v${version}`

export interface InitCommandOptions {
  force?: boolean | undefined
  action?: string | undefined
  offline?: boolean | undefined
  /** Write the scheduled `minutes sync` workflow. */
  sync?: boolean | undefined
  /** The community calendar's YAML file, for the configuration's `teams`. */
  fromCalendar?: string | undefined
  quiet?: boolean | undefined
  /** `false` with `--no-color`: no colour whatever the terminal and FORCE_COLOR. */
  color?: boolean | undefined
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

/**
 * minutes.config.json with `teams` from the calendar: a new file, or the
 * existing one (unless `force`) with its other keys and teams kept and the
 * calendar's teams added or replaced.
 */
async function mergedConfig(path: string, repository: string | undefined, teams: Record<string, unknown>, force: boolean): Promise<string> {
  const bytes = force ? undefined : await readIfExists(path)
  if (bytes === undefined) return JSON.stringify({...(JSON.parse(configText(repository)) as object), teams}, null, 2) + '\n'
  let current: Record<string, unknown>
  try {
    current = JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>
  } catch (error) {
    throw new UsageError(`minutes.config.json: not valid JSON: ${(error as Error).message}; nothing written`)
  }

  const existing = typeof current.teams === 'object' && current.teams ? (current.teams as Record<string, unknown>) : {}
  return JSON.stringify({...current, teams: {...existing, ...teams}}, null, 2) + '\n'
}

function configText(repository: string | undefined): string {
  const config = {
    $schema: schemaUrl(),
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

/**
 * The scheduled sync: the tool checked out at the Action's repository and
 * ref, built, and run on the minutes repository's configuration. The token
 * is the workflow's; a private pad needs the MINUTES_HEDGEDOC_COOKIE secret.
 */
function syncWorkflowText(action: string): string {
  return `# Keeps the minutes up to date with the teams' running pads: every day (and
# on demand) \`minutes sync\` opens or updates one pull request, from the
# branch minutes/sync, with the meetings the pads have and the repository has
# not. The teams and their pads are in minutes.config.json.
#
# The repository setting "Allow GitHub Actions to create and approve pull
# requests" (Settings, Actions, General) must be on. Pull requests opened with
# GITHUB_TOKEN start no workflows: for required checks, give a personal or
# GitHub App token as the secret MINUTES_SYNC_TOKEN.
name: minutes sync

on:
  schedule:
    - cron: '23 5 * * *'
  workflow_dispatch:

permissions:
  contents: write
  pull-requests: write

concurrency:
  group: minutes-sync
  cancel-in-progress: false

jobs:
  sync:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: ${action}
        with:
          command: sync
          token: \${{ secrets.MINUTES_SYNC_TOKEN || secrets.GITHUB_TOKEN }}
        env:
          MINUTES_HEDGEDOC_COOKIE: \${{ secrets.MINUTES_HEDGEDOC_COOKIE }}
`
}

export async function initCommand(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const options = raw as InitCommandOptions
  const action = options.action ?? defaultAction
  if (!/^[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@[\w./-]+$/.test(action)) {
    throw new UsageError(`--action must be OWNER/REPO@REF, got "${action}"`)
  }

  const repository = await originRepository(context.cwd)
  const files: Array<[string, string]> = []
  if (options.fromCalendar) {
    const {readCalendar, teamsFromCalendar} = await import('../config/calendar.js')
    const found = teamsFromCalendar(await readCalendar(options.fromCalendar, context.cwd), repository ?? defaultConfig.repository)
    for (const note of found.notes) if (!options.quiet) context.stderr.write(`${options.fromCalendar}: ${note}\n`)
    files.push(['minutes.config.json', await mergedConfig(join(context.cwd, 'minutes.config.json'), repository, found.teams, Boolean(options.force))])
  }

  if (options.sync) files.push([join('.github', 'workflows', 'minutes-sync.yml'), syncWorkflowText(action)])
  if (files.length === 0) {
    files.push(['minutes.config.json', configText(repository)], [join('.github', 'workflows', 'minutes.yml'), workflowText(action, !options.offline)])
  }

  const current = await Promise.all(files.map(async ([name]) => {
    const bytes = await readIfExists(join(context.cwd, name))
    return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8')
  }))
  // The configuration from the calendar is merged into the existing one, not refused.
  const merged = (name: string) => Boolean(options.fromCalendar) && name === 'minutes.config.json'
  const differing = files.filter(([name, content], index) => current[index] !== undefined && current[index] !== content && !merged(name)).map(([name]) => name)
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
      if (!options.quiet) context.stderr.write(`${name}: ${before === undefined ? 'created' : merged(name) && !options.force ? 'teams updated' : 'overwritten'}\n`)
    }
  })

  if (!options.quiet && !options.sync && !options.fromCalendar) {
    context.stderr.write(`Commit both files; pull requests are then checked by ${action}${repository ? ` (configured for ${repository})` : ''}.\n`)
  } else if (!options.quiet && options.sync) {
    context.stderr.write('Commit the workflow, and allow GitHub Actions to create pull requests (Settings, Actions, General); see README, "Keep the repository in sync".\n')
  }

  return 0
}
