/**
 * The reports of `minutes check`: `stylish` for people (grouped by file,
 * aligned, a summary line; colour from the caller's chalk), `json` for
 * programs, `github` workflow commands that put each problem on the pull
 * request's diff, and a Markdown table for the job summary of GitHub Actions.
 */
import type {Chalk} from 'chalk'
import type {Problem} from '../check/problem.js'

type Colors = InstanceType<typeof Chalk>

export interface Summary {
  files: number
  errors: number
  warnings: number
  fixable: number
}

export function summarize(problems: Problem[], files: number): Summary {
  let errors = 0
  let fixable = 0
  for (const problem of problems) {
    if (problem.severity === 'error') errors++
    if (problem.fix) fixable++
  }

  return {files, errors, warnings: problems.length - errors, fixable}
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** ESLint's stylish: a block per file, `line:column  severity  message  rule`, then a summary. */
export function formatStylish(problems: Problem[], files: number, chalk: Colors, failed = 0): string {
  const summary = summarize(problems, files)
  // A run with files that could not be checked never claims success.
  const unchecked = failed > 0 ? `; ${plural(failed, 'file')} could not be checked` : ''
  if (problems.length === 0 && failed > 0) return `${chalk.red.bold('✖')} ${plural(files, 'file')} checked: no problems${unchecked}\n`
  if (problems.length === 0) return `${chalk.green('✔')} ${plural(files, 'file')} checked: no problems\n`
  const groups = new Map<string, Problem[]>()
  for (const problem of problems) groups.set(problem.file, [...(groups.get(problem.file) ?? []), problem])

  let output = ''
  for (const [file, list] of groups) {
    output += `\n${chalk.underline(file)}\n`
    const places = list.map((problem) => (problem.line === undefined ? '' : `${problem.line}:${problem.column ?? 0}`))
    const placeWidth = Math.max(...places.map((place) => place.length))
    const severityWidth = list.some((problem) => problem.severity === 'warning') ? 7 : 5
    const firstLines = list.map((problem) => problem.message.split('\n')[0]!)
    const messageWidth = Math.min(100, Math.max(...firstLines.map((line) => line.length)))
    for (const [index, problem] of list.entries()) {
      const [first, ...rest] = problem.message.split('\n')
      const severity = problem.severity === 'error' ? chalk.red('error'.padEnd(severityWidth)) : chalk.yellow('warning'.padEnd(severityWidth))
      const indent = '  ' + ' '.repeat(placeWidth) + '  ' + ' '.repeat(severityWidth) + '  '
      output += `  ${chalk.dim(places[index]!.padStart(placeWidth))}  ${severity}  ${first!.padEnd(messageWidth)}  ${chalk.dim(problem.ruleId)}\n`
      for (const line of rest) {
        const coloured = line.startsWith('+') ? chalk.green(line) : line.startsWith('-') ? chalk.red(line) : line.startsWith('@@') ? chalk.cyan(line) : chalk.dim(line)
        output += `${indent}${coloured}\n`
      }
    }
  }

  const counts = `${plural(problems.length, 'problem')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}) in ${plural(groups.size, 'file')} of ${files}`
  output += `\n${summary.errors > 0 || failed > 0 ? chalk.red.bold(`✖ ${counts}${unchecked}`) : chalk.yellow.bold(`⚠ ${counts}`)}\n`
  if (summary.fixable > 0) output += `  ${plural(summary.fixable, 'problem')} fixable with \`minutes check --fix\`\n`
  return output
}

/** What `--format json` says about the run besides its problems. */
export interface JsonRun {
  /** Files checked. */
  files: number
  /** Whether the online rules ran (`--online`). */
  online: boolean
  /** Files that could not be read. */
  failed: ReadonlyArray<{file: string; message: string}>
  /** GitHub lookups that could not be made, by reason. */
  unchecked: ReadonlyArray<{reason: string; lookups: number}>
  /** What could not be checked, for people. */
  notes: readonly string[]
}

/**
 * One object (docs/check-output.md): `complete` (every file read and every
 * lookup answered), `online`, a `summary`, the `problems` (`line`, `column`
 * and `fix` are `null` when there is none), what stayed `unchecked`, and the
 * `notes`.
 */
export function formatJson(problems: Problem[], run: JsonRun): string {
  const summary = summarize(problems, run.files)
  return (
    JSON.stringify(
      {
        complete: run.failed.length === 0 && run.unchecked.length === 0,
        online: run.online,
        summary: {files: summary.files, problems: problems.length, errors: summary.errors, warnings: summary.warnings, fixable: summary.fixable},
        problems: problems.map((problem) => ({
          file: problem.file,
          line: problem.line ?? null,
          column: problem.column ?? null,
          ruleId: problem.ruleId,
          severity: problem.severity,
          message: problem.message,
          fix: problem.fix ?? null
        })),
        unchecked: {
          files: run.failed.map(({file, message}) => ({file, message})),
          lookups: run.unchecked.map(({reason, lookups}) => ({reason, lookups}))
        },
        notes: [...run.notes]
      },
      null,
      2
    ) + '\n'
  )
}

/** Escaping of GitHub workflow commands (@actions/core `escapeData` / `escapeProperty`). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** `::error file=…,line=…,col=…,title=rule::message`, one line per problem. */
export function formatGithub(problems: Problem[], notes: string[] = [], errors: string[] = []): string {
  let output = ''
  for (const problem of problems) {
    const properties = [`file=${escapeProperty(problem.file)}`]
    if (problem.line !== undefined) properties.push(`line=${problem.line}`)
    if (problem.column !== undefined) properties.push(`col=${problem.column}`)
    properties.push(`title=${escapeProperty(problem.ruleId)}`)
    output += `::${problem.severity} ${properties.join(',')}::${escapeData(problem.message)}\n`
  }

  for (const note of notes) output += `::warning title=minutes check::${escapeData(note)}\n`
  for (const error of errors) output += `::error title=minutes check::${escapeData(error)}\n`
  return output
}

/** Most rows a job summary shows (GitHub allows 1 MiB per step). */
const summaryRows = 200

/** Text outside code spans: backslashes, `|`, `&`, `<` and stray backticks escaped, so nothing turns into HTML or code. */
function escapeText(value: string): string {
  return value.replace(/[\\|`]/g, '\\$&').replace(/&/g, '&amp;').replace(/</g, '&lt;')
}

/**
 * A message's Markdown for a table cell of the job summary: its code spans
 * (CommonMark: a run of N backticks up to the next run of exactly N) are
 * kept, with only `|` escaped, since GFM splits table cells before it reads
 * code spans and turns `\|` back into `|` inside them, while `&lt;` there
 * would show as `&lt;`; the text around them is escaped (escapeText). New
 * lines become spaces. A small tokeniser rather than mdast-util-to-markdown,
 * which would need the whole summary built as a tree.
 */
function cell(value: string): string {
  const text = value.replace(/\r?\n/g, ' ')
  let output = ''
  let index = 0
  while (index < text.length) {
    const open = text.indexOf('`', index)
    if (open === -1) break
    const fence = /^`+/.exec(text.slice(open))![0]
    const close = new RegExp(`(?<!\`)${fence}(?!\`)`, 'g')
    close.lastIndex = open + fence.length
    const end = close.exec(text)
    output += escapeText(text.slice(index, open))
    if (!end) {
      output += escapeText(fence)
      index = open + fence.length
      continue
    }

    output += fence + text.slice(open + fence.length, end.index).replace(/\|/g, '\\|') + fence
    index = end.index + fence.length
  }

  return output + escapeText(text.slice(index))
}

/** `value` as one code span in a table cell: a fence longer than any backtick run inside. */
function codeCell(value: string): string {
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((match) => match[0].length))
  const fence = '`'.repeat(longest + 1)
  const inner = value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')
  const pad = longest > 0 && (inner.startsWith('`') || inner.endsWith('`')) ? ' ' : ''
  return `${fence}${pad}${inner}${pad}${fence}`
}

/** Markdown for `$GITHUB_STEP_SUMMARY`: counts, then a table of the problems. */
export function formatStepSummary(problems: Problem[], files: number, notes: string[] = [], errors: string[] = []): string {
  const summary = summarize(problems, files)
  let output = '## minutes check\n\n'
  if (errors.length > 0) {
    output += `**${plural(errors.length, 'file')} could not be checked:**\n\n${errors.map((error) => `- ${cell(error)}`).join('\n')}\n\n`
  }

  if (problems.length === 0) {
    output += `${plural(files, 'file')} checked: no problems.\n`
  } else {
    output += `${plural(problems.length, 'problem')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}) in ${plural(files, 'file')} checked`
    output += summary.fixable > 0 ? `; ${summary.fixable} fixable with \`minutes check --fix\`.\n\n` : '.\n\n'
    output += '| File | Line | Severity | Rule | Problem |\n| --- | --- | --- | --- | --- |\n'
    for (const problem of problems.slice(0, summaryRows)) {
      const line = problem.line === undefined ? '' : String(problem.line)
      const message = problem.message.split('\n')[0]!
      output += `| ${codeCell(problem.file)} | ${line} | ${problem.severity} | \`${problem.ruleId}\` | ${cell(message.length > 300 ? message.slice(0, 299) + '…' : message)} |\n`
    }

    if (problems.length > summaryRows) output += `\n…and ${problems.length - summaryRows} more.\n`
  }

  if (notes.length > 0) output += '\n' + notes.map((note) => `- ${cell(note)}`).join('\n') + '\n'
  return output + '\n'
}
