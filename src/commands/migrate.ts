/**
 * `minutes migrate SOURCES… --out DIR`: convert a batch of notes (files,
 * folders, globs, `--urls FILE`) into a folder, on all cores; progress and
 * the summary on stderr, `--report FILE` for every note's result. Exit 0
 * when every note is done, 1 when any failed, 2 on usage errors or when
 * interrupted.
 */
import {stat} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {dirname, join, relative, resolve, sep} from 'node:path'
import {held, type CommandContext} from '../cli/context.js'
import {loadConfig} from '../config/load.js'
import type {Config} from '../config/schema.js'
import {MinutesError, UsageError, systemReason} from '../errors.js'
import {validateTeam} from '../output/place.js'
import {makeDirectory, writeFileAtomic} from '../output/write.js'
import {loadTemplate} from '../render/template.js'
import type {BatchImageResolver} from '../migrate/images.js'
import {readMapFile} from '../migrate/links.js'
import {migrate, type Layout, type MigrateResult} from '../migrate/migrate.js'
import {expandSources, limitPerHost, readUrlList, type NoteReader, type Source} from '../migrate/sources.js'
import {colors, formatError} from '../report/messages.js'
import {redactSecrets, registerSecret} from '../util/secrets.js'
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
  /** `false` with `--no-color`: no colour whatever the terminal and FORCE_COLOR. */
  color?: boolean | undefined
  verbose?: boolean | undefined
  /** Pictures on the HedgeDoc server: `download` next to the minutes or `keep` the links. Default: download with `--layout repo`. */
  images?: 'download' | 'keep' | undefined
  /** Largest picture downloaded, in MB. Default: 20. */
  maxImageSize?: number | undefined
  /** Largest note read by URL, in MB. Default: 10. */
  maxNoteSize?: number | undefined
  /** HedgeDoc 1.x session cookie for private notes (also MINUTES_HEDGEDOC_COOKIE). */
  cookie?: string | undefined
  /** Network timeout in seconds. Default: 30. */
  timeout?: number | undefined
  /** With `--pr`: the minutes repository, its base branch, a draft, a dry run, the sign-off, the API. */
  repo?: string | undefined
  base?: string | undefined
  draft?: boolean | undefined
  dryRun?: boolean | undefined
  signoff?: string | undefined
  apiUrl?: string | undefined
}

/**
 * The capabilities migrate plugs in: note URLs, pictures, the pull request.
 * Each gets the command's options (`--cookie`, `--repo`, …) and the
 * configuration the command loaded; tests replace them with fakes.
 */
export const seams = {
  /** The note reader for `--urls` (`readNote`); the command limits reads per server. */
  async noteReader(options: MigrateCommandOptions, context: CommandContext, config: Config): Promise<NoteReader | undefined> {
    const {cookieHeader, readNote} = await import('../input/note.js')
    const cookie = cookieHeader(options.cookie ?? context.env.MINUTES_HEDGEDOC_COOKIE)
    return async function (url) {
      const note = await readNote(url, {
        cwd: context.cwd,
        env: context.env,
        timeout: (options.timeout ?? 30) * 1000,
        servers: [config.hedgedoc],
        maxBytes: (options.maxNoteSize ?? 10) * 1024 * 1024,
        ...(cookie ? {cookie} : {})
      })
      return {text: note.text, url: note.url ?? url, name: note.name}
    }
  },

  /**
   * Pictures on the HedgeDoc server, downloaded once per batch (one
   * downloader, per-host limits) into the folder of the first minutes that
   * show them; `undefined` unless `--images download` (the default with
   * `--layout repo`).
   */
  async imageResolver(out: string, options: MigrateCommandOptions, context: CommandContext, config: Config): Promise<BatchImageResolver | undefined> {
    if ((options.images ?? (options.layout === 'repo' ? 'download' : 'keep')) !== 'download') return undefined
    const {createImageDownloader, createImageResolver} = await import('../output/images.js')
    const cookie = options.cookie ?? context.env.MINUTES_HEDGEDOC_COOKIE
    registerSecret(cookie, 'cookie')
    const timeout = (options.timeout ?? 30) * 1000
    const maxBytes = (options.maxImageSize ?? 20) * 1024 * 1024
    const downloader = createImageDownloader({timeout, maxBytes, ...(cookie ? {cookie, cookieOrigin: config.hedgedoc} : {})})
    const resolvers = new Map<string, ReturnType<typeof createImageResolver>>()
    return {
      async resolve(url, directory) {
        let resolver = resolvers.get(directory)
        if (!resolver) {
          resolver = createImageResolver({server: config.hedgedoc, directory: join(out, directory), downloader})
          resolvers.set(directory, resolver)
        }

        const reference = await resolver.resolve(url)
        const entry = resolver.results.find((result) => result.url === url)
        // A picture that could not be had is a warning of the note (the worker words it), as convert reports it.
        if (entry?.status === 'failed') throw new Error(entry.reason ?? 'download failed')
        if (reference === undefined || !entry?.file) return undefined
        // Written at once, atomically: an interrupted run leaves whole files.
        if (entry.status === 'downloaded' && entry.data) await writeFileAtomic(entry.file, entry.data)
        return relative(out, entry.file).split(sep).join('/')
      }
    }
  },

  /** `publish`'s machinery: one pull request with the folder laid out as `<team>/<file>`; returns the exit code. */
  async publisher(options: MigrateCommandOptions, context: CommandContext, config: Config): Promise<((batch: {out: string; files: string[]}) => Promise<number>) | undefined> {
    const {preparePublish} = await import('./publish.js')
    const {collectFiles} = await import('../publish/files.js')
    const publish = await preparePublish(
      {
        repo: options.repo,
        base: options.base,
        draft: options.draft,
        dryRun: options.dryRun,
        signoff: options.signoff,
        apiUrl: options.apiUrl,
        quiet: options.quiet
      },
      context,
      config
    )
    return async ({out}) => publish(await collectFiles([], {dir: out, config, cwd: context.cwd}))
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
  const chalk = colors(context.stderr, context.env, options.color)
  const {config} = await loadConfig({cwd: context.cwd, ...(options.config ? {file: resolve(context.cwd, options.config)} : {})})
  const template = options.template ?? config.template
  const templateText = await loadTemplate(template, context.cwd)

  const reader = options.urls ? await seams.noteReader(options, context, config) : undefined
  const readNote = reader ? limitPerHost(reader, readsPerHost) : undefined
  const urlSources = options.urls ? await readUrlList(options.urls, context.cwd) : []
  const publish = options.pr ? await seams.publisher(options, context, config) : undefined

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
    // Made before any note is converted, so a folder that cannot be made is one error, not one per note.
    await makeDirectory(out).catch((error: unknown) => {
      const folder = (error as {path?: unknown}).path
      const which = typeof folder === 'string' && folder !== out && (error as NodeJS.ErrnoException).code !== 'ENOTDIR' ? ` ${folder}` : ''
      throw new MinutesError(`--out ${options.out}: cannot make the folder${which}: ${systemReason(error)}`, {cause: error})
    })
  }

  const sources: Source[] = [...files, ...urlSources]
  if (sources.length === 0) throw new UsageError(`no notes found in ${(options.sources ?? []).join(', ')}: expected .md files`)

  const verbose = Boolean(options.verbose ?? context.verbose)
  const progress = progressBar(context.stderr, !options.quiet && !verbose)
  // Signals are held for the whole run: the main thread stays free (the
  // conversions run in workers), and the first Ctrl-C stops it cleanly.
  const result: MigrateResult = await held(context, async (signal) => {
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
      images: await seams.imageResolver(out, options, context, config),
      keepMessages: Boolean(options.report) || verbose,
      signal,
      onNote(_, counts) {
        progress.tick(counts)
      }
    })
    } finally {
      progress.stop()
    }

    if (options.report) {
      await writeFileAtomic(resolve(context.cwd, options.report), redactSecrets(JSON.stringify(buildReport(result, {layout}), null, 2) + '\n'), options.report)
    }

    return result
  })

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

  if (publish) return publish({out, files: result.outputs})

  return 0
}
