/**
 * `minutes migrate SOURCES… --out DIR`: convert a batch of notes (files,
 * folders, globs, `--urls FILE`) into a folder, on all cores; progress and
 * the summary on stderr, `--report FILE` for every note's result. Exit 0
 * when every note is done, 1 when any failed, 2 on usage errors or when
 * interrupted.
 */
import {stat} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {dirname, relative, resolve, sep} from 'node:path'
import type {CommandContext} from '../cli/context.js'
import {loadConfig} from '../config/load.js'
import {UsageError} from '../errors.js'
import {validateTeam} from '../output/place.js'
import {writeFileAtomic} from '../output/write.js'
import {loadTemplate} from '../render/template.js'
import type {BatchImageResolver} from '../migrate/images.js'
import {readMapFile} from '../migrate/links.js'
import {migrate, type Layout, type MigrateResult} from '../migrate/migrate.js'
import {expandSources, limitPerHost, readUrlList, type NoteReader, type Source} from '../migrate/sources.js'
import {colors, formatError} from '../report/messages.js'
import {buildReport, formatFailures, formatNoteMessages, formatSummary, progressBar} from '../report/migrate.js'

export interface MigrateCommandOptions {
  sources?: string[] | undefined
  out?: string | undefined
  inPlace?: boolean | undefined
  urls?: string | undefined
  layout?: Layout | undefined
  team?: string | undefined
  concurrency?: number | undefined
  report?: string | undefined
  map?: string | undefined
  pr?: boolean | undefined
  force?: boolean | undefined
  template?: string | undefined
  config?: string | undefined
  quiet?: boolean | undefined
  verbose?: boolean | undefined
}

/**
 * The capabilities migrate plugs in where this build has them. Each returns
 * `undefined` until its module exists; wiring one is a change here only
 * (each gets the command's options, to pass on such flags as `--cookie`).
 */
export const seams = {
  /**
   * The note reader for `--urls` (src/input/note.ts, `readNote`): URL in,
   * text, the URL read and a name out. The command limits reads per server.
   */
  async noteReader(_options: MigrateCommandOptions, _context: CommandContext): Promise<NoteReader | undefined> {
    return undefined
  },
  /**
   * The image resolver for the batch's pictures (src/output/images.ts),
   * asked once per picture URL, in the main thread (see migrate/images.ts).
   */
  async imageResolver(_out: string, _options: MigrateCommandOptions, _context: CommandContext): Promise<BatchImageResolver | undefined> {
    return undefined
  },
  /**
   * `publish`'s machinery: one pull request with `files` (minutes and
   * pictures, relative to `out`, laid out as `<team>/<file>`); returns its URL.
   */
  async publisher(
    _options: MigrateCommandOptions,
    _context: CommandContext
  ): Promise<((batch: {out: string; files: string[]}) => Promise<string>) | undefined> {
    return undefined
  }
}

/** Notes read at once from one server (the rest wait), to be kind to it. */
const readsPerHost = 4

function validate(options: MigrateCommandOptions): void {
  const layout = options.layout ?? 'keep'
  if ((options.sources ?? []).length === 0 && !options.urls) {
    throw new UsageError('nothing to migrate: give SOURCES (files, folders or globs) or --urls FILE', {hint: 'Such as: minutes migrate notes/ --out minutes/'})
  }

  if (!options.out && !options.inPlace) throw new UsageError('where should the minutes go? Pass --out DIR, or --in-place')
  if (options.out && options.inPlace) throw new UsageError('--out and --in-place cannot be used together')
  if (options.inPlace && layout === 'repo') throw new UsageError('--in-place keeps every note where it is; it cannot be used with --layout repo', {hint: 'Use --out DIR.'})
  if (options.inPlace && options.urls) throw new UsageError('--in-place needs files; notes from --urls need --out DIR')
  if (options.team !== undefined) validateTeam(options.team)
  if (options.team !== undefined && layout !== 'repo') throw new UsageError('--team places notes with --layout repo; add --layout repo')
  if (options.pr && layout !== 'repo') throw new UsageError('--pr publishes to the minutes repository, so it needs --layout repo')
}

/** Deepest folder holding every path. */
function commonFolder(paths: readonly string[]): string {
  let common = dirname(paths[0]!)
  for (const path of paths) {
    while (common !== dirname(common) && !(path === common || path.startsWith(common.endsWith(sep) ? common : common + sep))) common = dirname(common)
  }

  return common
}

export async function migrateCommand(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const options = raw as MigrateCommandOptions
  validate(options)
  const layout = options.layout ?? 'keep'
  const chalk = colors(context.stderr, context.env)
  const {config} = await loadConfig({cwd: context.cwd, ...(options.config ? {file: resolve(context.cwd, options.config)} : {})})
  const template = options.template ?? config.template
  const templateText = await loadTemplate(template, context.cwd)

  // What this build cannot do yet is said before any work starts.
  const reader = options.urls ? await seams.noteReader(options, context) : undefined
  const readNote = reader ? limitPerHost(reader, readsPerHost) : undefined
  const urlSources = options.urls ? await readUrlList(options.urls, context.cwd) : []
  if (urlSources.length > 0 && !readNote) {
    throw new UsageError(`--urls: reading notes from URLs needs the note reader (src/input/note.ts), which this build does not have yet`, {
      hint: 'Migrate the notes as files for now (download them from HedgeDoc as Markdown).'
    })
  }

  const publish = options.pr ? await seams.publisher(options, context) : undefined
  if (options.pr && !publish) {
    throw new UsageError('--pr: publishing needs `minutes publish`, which this build does not have yet', {
      hint: 'Migrate with --layout repo --out DIR into a checkout of the minutes repository and open the pull request yourself.'
    })
  }

  if (layout === 'repo' && urlSources.length > 0 && options.team === undefined) {
    throw new UsageError('--urls with --layout repo needs --team: notes read from URLs have no folder to take the team from')
  }

  const map = options.map ? await readMapFile(options.map, context.cwd) : undefined
  const requestedOut = options.out === undefined ? undefined : resolve(context.cwd, options.out)
  let files = await expandSources(options.sources ?? [], {cwd: context.cwd, exclude: requestedOut})
  let out: string
  if (options.inPlace) {
    if (files.length === 0) throw new UsageError('no notes found to convert in place')
    out = commonFolder(files.map((file) => file.path))
    files = files.map((file) => ({...file, relative: relative(out, file.path).split(sep).join('/')}))
  } else {
    out = requestedOut!
    const info = await stat(out).catch(() => undefined)
    if (info && !info.isDirectory()) throw new UsageError(`--out ${options.out}: not a folder`)
  }

  const sources: Source[] = [...files, ...urlSources]
  if (sources.length === 0) throw new UsageError(`no notes found in ${(options.sources ?? []).join(', ')}: expected .md files`)

  const verbose = Boolean(options.verbose ?? context.verbose)
  const progress = progressBar(context.stderr, !options.quiet && !verbose)
  let result: MigrateResult
  try {
    result = await migrate({
      sources,
      out,
      layout,
      team: options.team,
      config,
      template,
      templateText,
      cwd: context.cwd,
      concurrency: options.concurrency ?? availableParallelism(),
      force: Boolean(options.force),
      map,
      readNote,
      images: await seams.imageResolver(out, options, context),
      keepMessages: Boolean(options.report) || verbose,
      signal: context.signal,
      onNote(_, counts) {
        progress.tick(counts)
      }
    })
  } finally {
    progress.stop()
  }

  if (options.report) {
    await writeFileAtomic(resolve(context.cwd, options.report), JSON.stringify(buildReport(result, {layout}), null, 2) + '\n')
  }

  // Messages after the run, in the order of the sources: a note converted
  // again for its links (the second pass) has only its last messages.
  if (verbose) for (const note of result.notes) if (note) context.stderr.write(formatNoteMessages(note.messages, chalk))
  context.stderr.write(formatFailures(result.notes, {chalk, verbose}))
  if (!options.quiet) context.stderr.write(formatSummary(result, {chalk, cwd: context.cwd, report: options.report}))
  if (result.interrupted) {
    context.stderr.write(formatError('interrupted; the notes done are written and will be skipped when you run the same command again', undefined, chalk) + '\n')
    return 2
  }

  if (result.summary.failed > 0) {
    if (publish) context.stderr.write(formatError(`not publishing: ${result.summary.failed} notes failed; fix them or leave them out, then run again`, undefined, chalk) + '\n')
    return 1
  }

  if (publish) {
    const url = await publish({out, files: result.outputs})
    context.stdout.write(url + '\n')
  }

  return 0
}
