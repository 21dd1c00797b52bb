/**
 * `checkFiles()`: read the files, run the offline rules on each, the online
 * rules on all of them at once (one batch of lookups for the whole run), then
 * apply each file's rule settings and comments. `fixFiles()` applies the safe
 * fixes and checks again.
 */
import type {Stats} from 'node:fs'
import {readFile, stat} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {dirname, resolve} from 'node:path'
import pLimit from 'p-limit'
import {loadConfig} from '../config/load.js'
import type {Config} from '../config/schema.js'
import {MinutesError, describeSystemError} from '../errors.js'
import {decodeText} from '../input/text.js'
import {writeFileAtomic} from '../output/write.js'
import {convert} from '../pipeline/convert.js'
import {checkText, type FileResult} from './offline.js'
import {checkOnline, type OnlineOptions} from './online.js'
import {compareProblems, type Problem} from './problem.js'
import {rules, ruleSettings, type RuleId, type Setting} from './rules.js'

export interface CheckFilesOptions {
  /** Folder relative paths are read from. */
  cwd: string
  /** One configuration file for every file. Default: the nearest to each file's folder. */
  configFile?: string
  /** Look references up on GitHub. Default: offline only. */
  online?: OnlineOptions
  /** Root of the repository, for links starting with `/`. Default: the folder holding `.git` above each file. */
  root?: string
  /** Progress, for people. */
  onProgress?: (message: string) => void
}

export interface CheckReport {
  /** Files checked. */
  files: string[]
  /** Problems after rule settings and comments, sorted by file and place. */
  problems: Problem[]
  /** Files that could not be read (not text, permissions): a runtime error each. */
  errors: string[]
  /** The same files, each with its message (`--format json` lists them). */
  failed: Array<{file: string; message: string}>
  /** What could not be checked online, and why. */
  notes: string[]
  online: {requests: number; lookups: number; cached: number; unchecked: Array<{reason: string; lookups: number}>} | undefined
  /** Per file: the offline result and settings, for fixing. */
  results: Map<string, {result: FileResult; settings: Map<RuleId, Setting>; config: Config}>
}

function configLoader(cwd: string, configFile: string | undefined) {
  const byDirectory = new Map<string, Promise<{config: Config; settings: Map<RuleId, Setting>}>>()
  return function (path: string) {
    const directory = configFile ? '' : dirname(resolve(cwd, path))
    let pending = byDirectory.get(directory)
    if (!pending) {
      pending = loadConfig(configFile ? {cwd, file: resolve(cwd, configFile)} : {cwd: directory}).then(({config, path}) => ({
        config,
        settings: ruleSettings(config.rules, path)
      }))
      byDirectory.set(directory, pending)
    }

    return pending
  }
}

/** Keep the problems whose rule is on and not disabled by a comment, at the configured severity. */
function applySettings(problems: Problem[], result: FileResult, settings: Map<RuleId, Setting>): Problem[] {
  const kept: Problem[] = []
  for (const problem of problems) {
    const setting = settings.get(problem.ruleId) ?? problem.severity
    if (setting === 'off') continue
    if (result.disables.isDisabled(problem.ruleId, problem.line)) continue
    kept.push(setting === problem.severity ? problem : {...problem, severity: setting})
  }

  return kept
}

export async function checkFiles(files: string[], options: CheckFilesOptions): Promise<CheckReport> {
  const configFor = configLoader(options.cwd, options.configFile)
  const limit = pLimit(Math.max(2, availableParallelism()))
  const errors: string[] = []
  const failed: CheckReport['failed'] = []
  const results: CheckReport['results'] = new Map()
  let done = 0

  await Promise.all(
    files.map((file) =>
      limit(async () => {
        const absolute = resolve(options.cwd, file)
        let bytes: Uint8Array
        let text: string
        let stats: Stats
        try {
          stats = await stat(absolute)
          // Reading a FIFO or a device could wait forever.
          if (!stats.isFile()) throw new MinutesError(`${file}: not a regular file; not checked`)
          bytes = await readFile(absolute)
          text = decodeText(bytes, file)
        } catch (error) {
          const message = error instanceof MinutesError ? error.message : describeSystemError(error, file)
          errors.push(message)
          failed.push({file, message})
          return
        }

        const {config, settings} = await configFor(file)
        let result: FileResult
        try {
          result = await checkText(text, {path: file, config, cwd: options.cwd, bytes, stats, ...(options.root ? {root: options.root} : {})})
        } catch (error) {
          // One file that cannot be checked (a bug, a note too deep to parse) is that file's error; the others are still checked.
          const message = error instanceof MinutesError ? error.message : `${file}: could not be checked: ${error instanceof Error ? error.message : String(error)}`
          errors.push(message)
          failed.push({file, message})
          return
        }

        results.set(file, {result, settings, config})
        done++
        if (done % 100 === 0) options.onProgress?.(`checked ${done} of ${files.length} files`)
      })
    )
  )

  const notes: string[] = []
  let online: CheckReport['online']
  const onlineProblems = new Map<string, Problem[]>()
  if (options.online) {
    const checked = [...results.values()].filter(({settings}) => anyOnline(settings, Boolean(options.online?.users)))
    const report = await checkOnline(
      checked.map(({result}) => result),
      options.online
    )
    notes.push(...report.notes)
    online = {requests: report.requests, lookups: report.lookups, cached: report.cached, unchecked: report.unchecked}
    for (const problem of report.problems) onlineProblems.set(problem.file, [...(onlineProblems.get(problem.file) ?? []), problem])
  }

  const problems: Problem[] = []
  for (const [file, {result, settings}] of results) {
    problems.push(...applySettings([...result.problems, ...(onlineProblems.get(file) ?? [])], result, settings))
  }

  problems.sort(compareProblems)
  return {files: files.filter((file) => results.has(file)), problems, errors, failed, notes, online, results}
}

/** Whether an online rule (`participant-unknown` only with `users`) is on. */
function anyOnline(settings: Map<RuleId, Setting>, users: boolean): boolean {
  for (const rule of rules.values()) {
    if (rule.online && (users || rule.id !== 'participant-unknown') && settings.get(rule.id) !== 'off') return true
  }

  return false
}

export interface FileFix {
  file: string
  /** What was changed, for people: one entry per fix applied. */
  changes: Array<{ruleId: RuleId; description: string}>
}

/** Apply `edits` (sorted from the end) to `text`; overlapping ones are left out. */
function applyEdits(text: string, edits: Array<{range: [number, number]; text: string}>): {text: string; applied: number[]} {
  let result = text
  let floor = Number.POSITIVE_INFINITY
  const applied: number[] = []
  for (const [index, edit] of edits.entries()) {
    const [start, end] = edit.range
    if (end > floor) continue
    result = result.slice(0, start) + edit.text + result.slice(end)
    floor = start
    applied.push(index)
  }

  return {text: result, applied}
}

/**
 * The edits of `source` moved onto `converted`, where what each replaces
 * occurs exactly once in both (a URL the conversion left as it was);
 * `undefined` when one cannot be placed so.
 */
function moveEdits(source: string, converted: string, edits: Array<{range: [number, number]; text: string}>): Array<{range: [number, number]; text: string}> | undefined {
  const moved: Array<{range: [number, number]; text: string}> = []
  for (const edit of edits) {
    const old = source.slice(edit.range[0], edit.range[1])
    const at = converted.indexOf(old)
    if (!old || at === -1 || converted.includes(old, at + 1) || source.indexOf(old) !== edit.range[0] || source.includes(old, edit.range[0] + 1)) return undefined
    moved.push({range: [at, at + old.length], text: edit.text})
  }

  return moved.sort((a, b) => b.range[0] - a.range[0])
}

/**
 * Apply the safe fixes of `report` in place: the edits of online rules
 * (canonical and moved URLs), then, when `format` is on for the file and
 * reported, the file as `minutes convert` writes it. Mismatches are never
 * touched: they have no fix. Returns what changed in each file.
 *
 * The check's conversion already made the formatted file: edits are made
 * on it, where each URL to replace is found once, so a file is converted
 * again only when one is not.
 */
export async function fixFiles(report: CheckReport, options: {cwd: string}): Promise<FileFix[]> {
  const byFile = new Map<string, Problem[]>()
  for (const problem of report.problems) if (problem.fix) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem])
  const fixes: FileFix[] = []
  for (const [file, problems] of byFile) {
    const entry = report.results.get(file)
    if (!entry) continue
    const {result, config} = entry
    const changes: FileFix['changes'] = []
    const edits = problems.filter((problem) => problem.ruleId !== 'format').sort((a, b) => b.fix!.range[0] - a.fix!.range[0])
    const edited = applyEdits(result.text, edits.map((problem) => problem.fix!))
    for (const index of edited.applied) changes.push({ruleId: edits[index]!.ruleId, description: edits[index]!.fix!.description})
    let text = edited.text

    const format = problems.find((problem) => problem.ruleId === 'format')
    if (format) {
      // The file's own bytes (CRLF, BOM) are rewritten too.
      const kept = edited.applied.map((index) => edits[index]!.fix!)
      const moved = moveEdits(result.text, format.fix!.text, kept)
      text = moved
        ? applyEdits(format.fix!.text, moved).text
        : (await convert(text, {path: file, config, template: 'default', cwd: options.cwd})).markdown
      changes.push({ruleId: 'format', description: format.fix!.description})
    }

    if (changes.length === 0) continue
    await writeFileAtomic(resolve(options.cwd, file), text, file)
    changes.reverse()
    fixes.push({file, changes})
  }

  return fixes
}
