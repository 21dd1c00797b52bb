/**
 * `minutes check [PATHS…]`: validate minutes, offline and with `--online`
 * on GitHub; report as stylish, JSON, GitHub workflow commands or SARIF
 * (plus the job summary under GitHub Actions), on stdout or to
 * `--output-file`; `--fix` applies the safe fixes.
 * Exit 0 clean, 1 problems at error severity (or more warnings than
 * `--max-warnings`), 2 usage or runtime error (a file that cannot be read).
 */
import {appendFile} from 'node:fs/promises'
import {dirname, isAbsolute, relative, resolve} from 'node:path'
import {writing, type CommandContext} from '../cli/context.js'
import {defaultCacheDir} from '../check/cache.js'
import {checkFiles, fixFiles, type CheckReport} from '../check/check.js'
import {findFiles} from '../check/files.js'
import {openCache, type OnlineOptions} from '../check/online.js'
import {compareProblems} from '../check/problem.js'
import {loadConfig} from '../config/load.js'
import {UsageError} from '../errors.js'
import {defaultApiUrl, findToken} from '../github/client.js'
import {toPosix} from '../input/paths.js'
import {writeFileAtomic} from '../output/write.js'
import {formatGithub, formatJson, formatStepSummary, formatStylish, summarize, type Summary} from '../report/check.js'
import {colors} from '../report/messages.js'
import {formatSarif} from '../report/sarif.js'
import {redactSecrets} from '../util/secrets.js'
import {version} from '../version.js'

export interface CheckCommandOptions {
  paths?: string[] | undefined
  online?: boolean | undefined
  users?: boolean | undefined
  fix?: boolean | undefined
  format?: 'stylish' | 'json' | 'github' | 'sarif' | undefined
  /** `--output-file`: write the report (any format) to this file instead of stdout. */
  outputFile?: string | undefined
  /** Also write SARIF to this file, whatever `format` is (the Action's `sarif-file`; no flag). */
  sarifFile?: string | undefined
  maxWarnings?: number | undefined
  /** `false` with `--no-gitignore`: also check what .gitignore ignores. Default: the configuration's `gitignore` (true). */
  gitignore?: boolean | undefined
  /** A folder, `false` for `--no-cache`, `undefined` for the default. */
  cache?: string | boolean | undefined
  apiUrl?: string | undefined
  config?: string | undefined
  quiet?: boolean | undefined
  /** `false` with `--no-color`: no colour whatever the terminal and FORCE_COLOR. */
  color?: boolean | undefined
  /** Lookups per GraphQL request (library and tests; no flag). */
  batchSize?: number | undefined
  /** Retries on network errors (library and tests; no flag). */
  retries?: number | undefined
  /** Called with the counts once the report is out (the Action's outputs; no flag). */
  onSummary?: ((summary: Summary & {problems: number}) => void) | undefined
}

const formats = new Set(['stylish', 'json', 'github', 'sarif'])

export async function checkCommand(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const options = raw as CheckCommandOptions
  const format = options.format ?? 'stylish'
  if (!formats.has(format)) throw new UsageError(`--format must be stylish, json, github or sarif, got "${format}"`)
  if (options.users && !options.online) throw new UsageError('--users needs --online: handles are looked up on GitHub')

  const err = colors(context.stderr, context.env, options.color)
  const progress = (message: string) => {
    if (!options.quiet) context.stderr.write(`${err.dim(message)}\n`)
  }

  // Which files: the configuration of the working folder (or --config) says what to leave out.
  const base = await loadConfig(options.config ? {cwd: context.cwd, file: resolve(context.cwd, options.config)} : {cwd: context.cwd})
  const files = await findFiles(options.paths ?? [], context.cwd, {
    gitignore: options.gitignore !== false && base.config.gitignore,
    ignores: base.config.ignores,
    base: base.path ? dirname(base.path) : context.cwd,
    onIgnored(file, reason) {
      if (!options.quiet) context.stderr.write(`${err.yellow('warning')} ${file}: not checked, ${reason}\n`)
    }
  })
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
  // Annotations and SARIF name files from the repository root under GitHub Actions, whatever the working folder.
  const root = reportRoot(context)
  const fromRepository = problems.map((problem) => ({...problem, file: fromRoot(problem.file, context.cwd, root)}))
  const sarif = () => formatSarif(problems, {version, cwd: context.cwd, root, errors: report.errors, notes: report.notes})
  const run = {files: count, online: Boolean(options.online), failed: report.failed, unchecked: report.online?.unchecked ?? [], notes: report.notes}
  let product: string
  if (format === 'json') product = formatJson(problems, run)
  else if (format === 'github') product = formatGithub(fromRepository, report.notes, report.errors)
  else if (format === 'sarif') product = sarif()
  // A report file gets no colour, whatever FORCE_COLOR says.
  else product = formatStylish(problems, count, colors(context.stdout, context.env, options.color !== false && !options.outputFile), report.errors.length)

  // Files get the same redaction as stdout and stderr (runProgram's).
  if (options.outputFile) await writeFileAtomic(resolve(context.cwd, options.outputFile), redactSecrets(product), options.outputFile)
  else context.stdout.write(product)
  if (options.sarifFile) await writeFileAtomic(resolve(context.cwd, options.sarifFile), redactSecrets(sarif()), options.sarifFile)

  const summaryFile = context.env.GITHUB_STEP_SUMMARY
  if (context.env.GITHUB_ACTIONS === 'true' && summaryFile) {
    await appendFile(summaryFile, redactSecrets(formatStepSummary(fromRepository, count, report.notes, report.errors))).catch((error: unknown) => {
      context.stderr.write(`${err.yellow('warning')} job summary not written: ${error instanceof Error ? error.message : String(error)}\n`)
    })
  }

  const summary = summarize(problems, count)
  options.onSummary?.({...summary, problems: problems.length})
  if (report.errors.length > 0) return 2
  if (summary.errors > 0) return 1
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
    if (!options.quiet) context.stderr.write(`${summary.warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`)
    return 1
  }

  return 0
}

/** `GITHUB_WORKSPACE` under GitHub Actions, else the working folder. */
function reportRoot(context: CommandContext): string {
  const workspace = context.env.GITHUB_WORKSPACE
  return workspace && isAbsolute(workspace) ? workspace : context.cwd
}

/** A problem's file relative to `root` (with `/`) when it is inside it, else as reported. */
function fromRoot(file: string, cwd: string, root: string): string {
  if (root === cwd) return file
  const path = relative(root, resolve(cwd, file))
  return path === '' || path.startsWith('..') || isAbsolute(path) ? file : toPosix(path)
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
    failed: [...first.failed, ...again.failed],
    notes: [...new Set([...first.notes, ...again.notes])],
    results
  }
}
