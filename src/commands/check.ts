/**
 * `minutes check [PATHS…]`: validate minutes, offline and with `--online`
 * on GitHub; report as stylish, JSON or GitHub workflow commands (plus the
 * job summary under GitHub Actions); `--fix` applies the safe fixes.
 * Exit 0 clean, 1 problems at error severity (or more warnings than
 * `--max-warnings`), 2 usage or runtime error (a file that cannot be read).
 */
import {appendFile} from 'node:fs/promises'
import {writing, type CommandContext} from '../cli/context.js'
import {defaultCacheDir} from '../check/cache.js'
import {checkFiles, fixFiles, type CheckReport} from '../check/check.js'
import {findFiles} from '../check/files.js'
import {openCache, type OnlineOptions} from '../check/online.js'
import {compareProblems} from '../check/problem.js'
import {UsageError} from '../errors.js'
import {defaultApiUrl, findToken} from '../github/client.js'
import {formatGithub, formatJson, formatStepSummary, formatStylish, summarize} from '../report/check.js'
import {colors} from '../report/messages.js'
import {redactSecrets} from '../util/secrets.js'

export interface CheckCommandOptions {
  paths?: string[] | undefined
  online?: boolean | undefined
  users?: boolean | undefined
  fix?: boolean | undefined
  format?: 'stylish' | 'json' | 'github' | undefined
  maxWarnings?: number | undefined
  /** A folder, `false` for `--no-cache`, `undefined` for the default. */
  cache?: string | boolean | undefined
  apiUrl?: string | undefined
  config?: string | undefined
  quiet?: boolean | undefined
  /** Lookups per GraphQL request (library and tests; no flag). */
  batchSize?: number | undefined
  /** Retries on network errors (library and tests; no flag). */
  retries?: number | undefined
}

const formats = new Set(['stylish', 'json', 'github'])

export async function checkCommand(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const options = raw as CheckCommandOptions
  const format = options.format ?? 'stylish'
  if (!formats.has(format)) throw new UsageError(`--format must be stylish, json or github, got "${format}"`)
  if (options.users && !options.online) throw new UsageError('--users needs --online: handles are looked up on GitHub')

  const err = colors(context.stderr, context.env)
  const progress = (message: string) => {
    if (!options.quiet) context.stderr.write(`${err.dim(message)}\n`)
  }

  const files = await findFiles(options.paths ?? [], context.cwd)
  let online: OnlineOptions | undefined
  if (options.online) {
    const cacheDir = options.cache === false ? undefined : typeof options.cache === 'string' ? options.cache : defaultCacheDir()
    online = {
      token: await findToken(context.env),
      apiUrl: options.apiUrl ?? context.env.GITHUB_API_URL ?? defaultApiUrl,
      cacheDir,
      users: Boolean(options.users),
      onProgress: progress,
      ...(options.batchSize === undefined ? {} : {batchSize: options.batchSize}),
      ...(options.retries === undefined ? {} : {retries: options.retries})
    }
    // One cache for both checks of --fix.
    online.cache = await openCache(online)
  }

  const checkOptions = {cwd: context.cwd, ...(options.config ? {configFile: options.config} : {}), ...(online ? {online} : {}), onProgress: progress}
  let report = await checkFiles(files, checkOptions)

  if (options.fix) {
    const fixes = await writing(context, () => fixFiles(report, {cwd: context.cwd}))
    for (const fix of fixes) {
      const counts = new Map<string, number>()
      for (const change of fix.changes) counts.set(change.ruleId, (counts.get(change.ruleId) ?? 0) + 1)
      const list = [...counts].map(([rule, count]) => (count > 1 ? `${count} × ${rule}` : rule)).join(', ')
      if (!options.quiet) context.stderr.write(`${fix.file}: fixed ${list}\n`)
      if (!options.quiet && context.verbose) for (const change of fix.changes) context.stderr.write(`  ${change.ruleId}: ${change.description}\n`)
    }

    if (fixes.length > 0) {
      const fixed = new Set(fixes.map((fix) => fix.file))
      const again = await checkFiles([...fixed], checkOptions)
      report = merge(report, again, fixed)
    } else if (!options.quiet) {
      context.stderr.write('nothing to fix\n')
    }
  }

  for (const error of report.errors) context.stderr.write(`${err.red('minutes:')} ${error}\n`)
  if (format !== 'github' && !options.quiet) for (const note of report.notes) context.stderr.write(`${err.yellow('warning')} ${note}\n`)
  if (report.online && !options.quiet) {
    progress(`GitHub: ${report.online.lookups} lookups, ${report.online.cached} from the cache, ${report.online.requests} requests`)
  }

  const {problems} = report
  const count = report.files.length
  if (format === 'json') context.stdout.write(formatJson(problems))
  else if (format === 'github') context.stdout.write(formatGithub(problems, report.notes, report.errors))
  else context.stdout.write(formatStylish(problems, count, colors(context.stdout, context.env), report.errors.length))

  const summaryFile = context.env.GITHUB_STEP_SUMMARY
  if (context.env.GITHUB_ACTIONS === 'true' && summaryFile) {
    await appendFile(summaryFile, redactSecrets(formatStepSummary(problems, count, report.notes, report.errors))).catch((error: unknown) => {
      context.stderr.write(`${err.yellow('warning')} job summary not written: ${error instanceof Error ? error.message : String(error)}\n`)
    })
  }

  if (report.errors.length > 0) return 2
  const summary = summarize(problems, count)
  if (summary.errors > 0) return 1
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
    if (!options.quiet) context.stderr.write(`${summary.warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`)
    return 1
  }

  return 0
}

/** The first report with the fixed files' problems replaced by a second check's. */
function merge(first: CheckReport, again: CheckReport, fixed: Set<string>): CheckReport {
  const problems = [...first.problems.filter((problem) => !fixed.has(problem.file)), ...again.problems].sort(compareProblems)
  const results = new Map(first.results)
  for (const [file, entry] of again.results) results.set(file, entry)
  return {
    ...first,
    problems,
    errors: [...first.errors, ...again.errors],
    notes: [...new Set([...first.notes, ...again.notes])],
    results
  }
}
