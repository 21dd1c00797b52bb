/**
 * What `minutes migrate` tells people: a progress bar on a terminal
 * (cli-progress), the summary, the failures, and the `--report` JSON.
 */
import {Presets, SingleBar} from 'cli-progress'
import type {Chalk} from 'chalk'
import {display} from '../input/paths.js'
import type {Message} from '../pipeline/convert.js'
import type {Layout, MigrateResult, NoteResult} from '../migrate/migrate.js'
import {formatMessage} from './messages.js'

type Colors = InstanceType<typeof Chalk>

export interface Progress {
  tick: (progress: {done: number; total: number}) => void
  stop: () => void
}

/** A progress bar (done/total, rate, ETA) on `stream`; nothing unless it is a terminal. */
export function progressBar(stream: NodeJS.WritableStream & {isTTY?: boolean}, enabled: boolean): Progress {
  if (!enabled || !stream.isTTY) return {tick() {}, stop() {}}
  const started = performance.now()
  const bar = new SingleBar(
    {
      stream,
      format: 'migrating {bar} {value}/{total} notes | {rate} notes/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 100,
      fps: 10
    },
    Presets.shades_classic
  )
  let running = false
  return {
    tick({done, total}) {
      const rate = (done / Math.max((performance.now() - started) / 1000, 0.001)).toFixed(0)
      if (!running) {
        bar.start(total, done, {rate})
        running = true
      } else {
        bar.setTotal(total)
        bar.update(done, {rate})
      }
    },
    stop() {
      if (running) bar.stop()
    }
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** The summary on stderr after a run. */
export function formatSummary(result: MigrateResult, options: {chalk: Colors; cwd: string; report?: string | undefined}): string {
  const {chalk, cwd} = options
  const {summary} = result
  const done = summary.total - summary.notDone
  const seconds_ = summary.ms / 1000
  const speed = [`${(done / seconds_).toFixed(0)} notes/s`, ...(summary.bytes > 0 ? [`${(summary.bytes / 1e6 / seconds_).toFixed(1)} MB/s`] : [])]
  const rate = seconds_ > 0 ? ` (${speed.join(', ')})` : ''
  const out = display(result.out, cwd)
  const lines = [`${result.interrupted ? chalk.yellow('interrupted:') : 'migrated'} ${done} of ${summary.total} notes into ${out} in ${seconds(summary.ms)}${rate}`]
  const row = (count: number, label: string) => lines.push(`${String(count).padStart(6)}  ${label}`)
  row(summary.converted, 'converted')
  row(summary.unchanged, 'unchanged (minutes already as converted)')
  row(summary.skipped, 'skipped (up to date; --force redoes them)')
  row(summary.failed, summary.failed > 0 ? chalk.red('failed') : 'failed')
  if (summary.notDone > 0) row(summary.notDone, chalk.yellow('not done (run again to go on)'))
  row(summary.withWarnings, `with warnings (${summary.warnings} warnings${options.report ? `, see ${options.report}` : '; --report FILE lists them'})`)
  row(summary.linksRewritten, 'links to notes of the batch now relative links')
  row(summary.linksKept, 'links to other HedgeDoc notes kept')
  if (summary.picturesFailed > 0) row(summary.picturesFailed, chalk.yellow(`pictures not downloaded (their links to the server stay${options.report ? `; see ${options.report}` : '; --report FILE lists them'})`))
  if (result.slowest.length > 0) {
    lines.push('slowest: ' + result.slowest.map((note) => `${note.source} ${seconds(note.ms)}`).join(', '))
  }

  return lines.join('\n') + '\n'
}

/** One line per failed note: `source: error`. */
export function formatFailures(notes: ReadonlyArray<NoteResult | undefined>, options: {chalk: Colors; verbose: boolean}): string {
  let text = ''
  for (const note of notes) {
    if (note?.status !== 'failed') continue
    text += `${note.source}: ${options.chalk.red('failed')} ${note.error ?? ''}\n`
    if (note.hint) text += `  ${options.chalk.dim(note.hint)}\n`
    if (options.verbose && note.stack) text += options.chalk.dim(note.stack) + '\n'
  }

  return text
}

/** Every message of a note, one a line (`file:line:column: severity message [rule]`). */
export function formatNoteMessages(messages: readonly Message[], chalk: Colors): string {
  return messages.map((message) => formatMessage(message, chalk) + '\n').join('')
}

export interface MigrateReport {
  version: 1
  command: 'migrate'
  out: string
  layout: Layout
  interrupted: boolean
  summary: MigrateResult['summary']
  notes: Array<(Omit<NoteResult, 'output' | 'stack'> & {output: string | null}) | {source: string; status: 'not-done'}>
}

/** The `--report` JSON: the summary and every note's result and messages. */
export function buildReport(result: MigrateResult, options: {layout: Layout}): MigrateReport {
  return {
    version: 1,
    command: 'migrate',
    out: result.out,
    layout: options.layout,
    interrupted: result.interrupted,
    summary: result.summary,
    notes: result.notes.map((note, index) => {
      if (!note) return {source: result.names[index]!, status: 'not-done' as const}
      const {stack, source, output, status, ...rest} = note
      return {source, output: output ?? null, status, ...rest}
    })
  }
}
