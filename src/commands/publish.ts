/**
 * `minutes publish NOTE… --team T` and `minutes publish --dir DIR`: convert
 * the notes (or take the laid-out files) and open or update the pull request
 * on the minutes repository. stdout: the pull request URL (or JSON, or with
 * `--dry-run` the plan); stderr: progress. The token is never printed.
 */
import type {CommandContext} from '../cli/context.js'
import {loadConfig} from '../config/load.js'
import {isTeam, type Config} from '../config/schema.js'
import {MinutesError, UsageError} from '../errors.js'
import {createClient, defaultApiUrl, findToken} from '../github/client.js'
import type {Person} from '../github/git.js'
import {parseRepositoryName, type RepositoryName} from '../github/repos.js'
import {cookieHeader} from '../input/note.js'
import {redact} from '../net/http.js'
import {collectFiles, type PublishFile} from '../publish/files.js'
import {gitIdentity, parseSignoff} from '../publish/identity.js'
import {formatSize} from '../publish/plan.js'
import {publishFiles, type PublishResult} from '../publish/publish.js'
import {colors, formatMessage} from '../report/messages.js'

export interface PublishCommandOptions {
  notes?: string[] | undefined
  dir?: string | undefined
  team?: string | undefined
  date?: string | undefined
  /** `OWNER/NAME`; default: the configuration's `repository`. */
  repo?: string | undefined
  base?: string | undefined
  draft?: boolean | undefined
  dryRun?: boolean | undefined
  signoff?: string | undefined
  format?: 'text' | 'json' | undefined
  apiUrl?: string | undefined
  template?: string | undefined
  config?: string | undefined
  /** Pictures on the note's server: `download` into the pull request (default) or `keep` the links. */
  images?: 'download' | 'keep' | undefined
  /** Largest picture downloaded, in MB. Default: 20. */
  maxImageSize?: number | undefined
  /** Largest note read by URL, in MB. Default: 10. */
  maxNoteSize?: number | undefined
  /** HedgeDoc 1.x session cookie (the CLI also reads MINUTES_HEDGEDOC_COOKIE). */
  cookie?: string | undefined
  /** Network timeout in seconds. Default: 30. */
  timeout?: number | undefined
  quiet?: boolean | undefined
  /** `false` with `--no-color`: no colour whatever the terminal and FORCE_COLOR. */
  color?: boolean | undefined
  verbose?: boolean | undefined
}

/**
 * `MINUTES_WAIT_SCALE` multiplies every wait (retries, rate limits, the
 * pause between writes, a new fork): 1 is real time; test servers use less.
 */
function waitScale(env: Record<string, string | undefined>): number | undefined {
  const value = env.MINUTES_WAIT_SCALE
  if (value === undefined || value === '') return undefined
  const number = Number(value)
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`MINUTES_WAIT_SCALE must be a positive number, got "${value}"`)
  return number
}

export async function publishCommand(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const options = raw as PublishCommandOptions
  const {config} = await loadConfig({cwd: context.cwd, ...(options.config ? {file: options.config} : {})})
  // Before any note or picture is downloaded: a bad --repo or a missing token fails at once.
  const publish = await preparePublish(options, context, config)
  const chalk = colors(context.stderr, context.env, options.color)
  const progress = progressTo(context, options)
  if (options.team && Object.keys(config.teams).length > 0 && !isTeam(config, options.team)) {
    progress(`${chalk.yellow('warning')} team "${options.team}" is not one of the configured teams (${Object.keys(config.teams).join(', ')})`)
  }

  const files = await collectFiles(options.notes ?? [], {
    dir: options.dir,
    team: options.team,
    date: options.date,
    template: options.template,
    config,
    cwd: context.cwd,
    env: context.env,
    images: options.images,
    maxImageBytes: (options.maxImageSize ?? 20) * 1024 * 1024,
    maxNoteBytes: (options.maxNoteSize ?? 10) * 1024 * 1024,
    timeout: (options.timeout ?? 30) * 1000,
    cookie: cookieHeader(options.cookie ?? context.env.MINUTES_HEDGEDOC_COOKIE),
    onMessage(message) {
      if (!options.quiet) context.stderr.write(formatMessage(message, chalk) + '\n')
    },
    onNotice: progress
  })

  return publish(files)
}

function progressTo(context: CommandContext, options: {quiet?: boolean | undefined}): (message: string) => void {
  return function (message) {
    if (!options.quiet) context.stderr.write(`${message}\n`)
  }
}

/** What `preparePublish` reads of the command's options. */
export type PublishReportOptions = Pick<PublishCommandOptions, 'repo' | 'base' | 'draft' | 'dryRun' | 'signoff' | 'format' | 'apiUrl' | 'quiet'>

/** Where and as whom to publish: the options checked (no request made) and the token. */
export interface Target {
  repository: RepositoryName
  apiUrl: string
  /** From --signoff; `undefined`: git's identity, else the account's. */
  signoff: Person | undefined
  scale: number | undefined
  token: string
}

/** Check where and as whom to publish, without a request; the token found. */
export async function publishTarget(options: PublishReportOptions, context: CommandContext, config: Config): Promise<Target> {
  const signoff = options.signoff === undefined ? undefined : parseSignoff(options.signoff)
  const scale = waitScale(context.env)
  const repositoryText = options.repo ?? config.repository
  const repository = parseRepositoryName(repositoryText)
  if (!repository) throw new UsageError(`invalid --repo "${repositoryText}": expected OWNER/NAME, such as SovereignCloudStack/minutes`)
  const apiUrl = options.apiUrl ?? defaultApiUrl
  if (!/^https?:\/\//.test(apiUrl)) throw new UsageError(`invalid --api-url "${apiUrl}": expected an http: or https: URL`)
  const token = await findToken(context.env)
  if (!token) {
    throw new MinutesError('no GitHub token: publishing needs one, also for --dry-run', {
      hint: 'Set GITHUB_TOKEN or GH_TOKEN (a token that may write pull requests), or log in with `gh auth login`.'
    })
  }

  return {repository, apiUrl, signoff, scale, token}
}

/**
 * Check where and as whom to publish (no request made; the token found),
 * then return what publishes files as one pull request the way `minutes
 * publish` does: progress on stderr, the URL (or JSON, or the dry run's plan)
 * on stdout, errors without the token; it returns the exit code. Commands
 * with files still to make (`migrate --pr`) call it first, so a bad --repo or
 * a missing token fails before their work.
 */
export async function preparePublish(
  options: PublishReportOptions,
  context: CommandContext,
  config: Config
): Promise<(files: readonly PublishFile[]) => Promise<number>> {
  const target = await publishTarget(options, context, config)
  return async (files) => publishTo(target, files, options, context, config)
}

async function publishTo(target: Target, files: readonly PublishFile[], options: PublishReportOptions, context: CommandContext, config: Config): Promise<number> {
  const progress = progressTo(context, options)
  try {
    const client = createClient({token: target.token, baseUrl: target.apiUrl, onWait: progress, ...(target.scale === undefined ? {} : {waitScale: target.scale})})
    const result = await publishFiles(client, files, {
      repository: target.repository,
      base: options.base,
      draft: options.draft,
      dryRun: options.dryRun,
      signoff: target.signoff ?? (await gitIdentity(context.cwd, context.env)),
      apiUrl: target.apiUrl,
      config,
      cwd: context.cwd,
      onProgress: progress,
      waitScale: target.scale
    })
    report(result, options, context, progress)
    return 0
  } catch (error) {
    throw scrub(error, target.token)
  }
}

function report(result: PublishResult, options: PublishReportOptions, context: CommandContext, progress: (message: string) => void): void {
  if (options.format === 'json') {
    const json = {
      repository: result.repository,
      base: result.base,
      branch: result.branch,
      headRepository: result.headRepository,
      fork: result.fork,
      forkCreated: result.forkCreated,
      commit: result.commit ?? null,
      pullRequest: result.pullRequest ?? null,
      status: result.status,
      reason: result.reason,
      dryRun: result.dryRun,
      files: result.files,
      ...(result.dryRun ? {message: result.message, title: result.title, body: result.body} : {})
    }
    context.stdout.write(JSON.stringify(json, null, 2) + '\n')
  } else if (result.dryRun) {
    context.stdout.write(dryRunText(result))
  } else if (result.pullRequest) {
    context.stdout.write(result.pullRequest.url + '\n')
  }

  // The steps have told what happened; a dry run says that nothing did.
  if (result.dryRun) progress('dry run: nothing was written')
}

/** The plan of a dry run, for people. */
function dryRunText(result: PublishResult): string {
  const pull = result.pullRequest
  const outcome =
    result.reason === 'on-base'
      ? `nothing to publish: ${result.base} already has every file`
      : result.status === 'created'
        ? `would open a ${pull ? 'new ' : ''}pull request`
        : result.status === 'updated'
          ? `would update pull request #${pull!.number} (${pull!.url})`
          : `unchanged: pull request #${pull!.number} (${pull!.url}) already has these files`
  const fork = !result.fork
    ? `no: the branch goes to ${result.repository}`
    : `yes: the branch goes to ${result.headRepository}${result.forkCreated ? ' (the fork would be created)' : ''}`
  const width = Math.max(...result.files.map((file) => formatSize(file.size).length))
  const lines = [
    'Dry run: nothing is written.',
    '',
    `repository:  ${result.repository}`,
    `base:        ${result.base}`,
    `branch:      ${result.branch}`,
    `fork:        ${fork}`,
    `result:      ${outcome}`,
    '',
    'files:',
    ...result.files.map((file) => `  ${formatSize(file.size).padStart(width)}  ${file.path}  (${file.status})`)
  ]
  if (result.reason !== 'on-base') {
    lines.push('', '--- commit message ---', result.message.trimEnd(), '', '--- pull request title ---', result.title, '', '--- pull request body ---', result.body.trimEnd())
  }

  return lines.join('\n') + '\n'
}

/**
 * Take the token out of an error and its causes (message and stack), as
 * a server may echo it; with --verbose the causes' stacks are printed.
 */
export function scrub(error: unknown, token: string): unknown {
  let current: unknown = error
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    current.message = redact(current.message, [token])
    if (current.stack) current.stack = redact(current.stack, [token])
    if (current instanceof MinutesError && current.hint) Object.defineProperty(current, 'hint', {value: redact(current.hint, [token])})
    const response = (current as {response?: {data?: unknown}}).response
    if (response && typeof response === 'object') response.data = undefined
    current = current.cause
  }

  return error
}
