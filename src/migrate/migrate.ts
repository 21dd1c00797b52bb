/**
 * `migrate()`: many notes in, their minutes in one folder out, on all cores.
 *
 * The main thread streams the sources (a note is read only when a slot is
 * free, so at most max(2 × concurrency, 16) notes are in memory), skips notes whose
 * minutes are up to date, hands the text to the worker pool, places and
 * writes the result (atomically), and records what it did in the manifest.
 * A failing note is recorded and the others go on.
 *
 * Links between notes: the key of each note's HedgeDoc URL (from `--urls`,
 * from its front matter `url:`, from `--map` or from an earlier run) maps to
 * its minutes. Notes are converted with the map known when the run starts;
 * once every note is placed, the few whose links would now go elsewhere are
 * converted again (the second pass), so the result does not depend on the
 * order notes finish in.
 */
import {rm} from 'node:fs/promises'
import {posix, join, resolve} from 'node:path'
import {performance} from 'node:perf_hooks'
import type {Config} from '../config/schema.js'
import {MinutesError} from '../errors.js'
import {minutesPath, validateTeam} from '../output/place.js'
import {readIfExists, writeFileAtomic} from '../output/write.js'
import type {Message} from '../pipeline/convert.js'
import {turns} from '../util/in-turn.js'
import {version} from '../version.js'
import {serveImages, type BatchImageResolver} from './images.js'
import {noteKey, type NoteMap} from './links.js'
import {isUpToDate, loadManifest, sameStamp, saveManifest, sha256, stamp, type Manifest, type ManifestEntry} from './manifest.js'
import {createPool, type Pool} from './pool.js'
import {fileNameFor, readSource, type NoteReader, type Source} from './sources.js'
import type {TaskResult} from './worker.js'

export type Layout = 'keep' | 'repo'

export interface MigrateOptions {
  /** Notes, in order: files (from `expandSources`) and URLs (from `readUrlList`). */
  sources: readonly Source[]
  /** Output folder. */
  out: string
  /** `keep`: each note's relative path; `repo`: `<team>/<YYYYMMDD>.md`. Default: `keep`. */
  layout?: Layout
  /** Team of every note with `--layout repo`. Default: each source's folder. */
  team?: string | undefined
  config: Config
  /** Template name or file. Default: the configuration's. */
  template?: string | undefined
  /** Text of the template, for the fingerprint of the settings. Default: none. */
  templateText?: string | undefined
  /** Folder relative template paths are resolved from. */
  cwd: string
  /** Worker threads. Default: 1. */
  concurrency?: number
  /** Convert every note, even those up to date. Default: `false`. */
  force?: boolean
  /** Notes migrated earlier: note key → minutes path (`--map`). */
  map?: NoteMap | undefined
  /** Reads note URLs (the note reader); without it URL sources fail. */
  readNote?: NoteReader | undefined
  /** Downloads the batch's pictures (the image resolver); without it pictures stay. */
  images?: BatchImageResolver | undefined
  /** Keep every note's messages in the result (for a report). Default: `false`. */
  keepMessages?: boolean
  /** Stops the run: no new notes start, notes being converted are dropped, files being written are finished. */
  signal?: AbortSignal | undefined
  /** Longest a note may take to convert, in milliseconds. Default: 120000. */
  timeout?: number
  /** Called when a note is done (or done again in the second pass). */
  onNote?: (note: NoteResult, progress: {done: number; total: number}) => void
}

export type NoteStatus = 'converted' | 'unchanged' | 'skipped' | 'failed'

export interface NoteLinkResult {
  url: string
  line: number | undefined
  column: number | undefined
  /** Minutes the link now points at, relative to the output folder; `null`: it stayed a link. */
  target: string | null
}

export interface NoteResult {
  /** Source as named in messages: a path or a URL. */
  source: string
  /** Minutes, relative to the output folder (POSIX). */
  output: string | undefined
  /** converted: written; unchanged: converted, same as the file there; skipped: up to date from an earlier run; failed: see `error`. */
  status: NoteStatus
  /** Why it failed (without the source's name). */
  error?: string
  /** What to do about it. */
  hint?: string
  /** Stack of an unexpected error (a bug), for `--verbose`. */
  stack?: string
  /** The note's own HedgeDoc URL, when known. */
  url?: string
  date?: string
  /** Messages of the conversion (with `keepMessages`; none for skipped notes). */
  messages: Message[]
  warnings: number
  /** Links to other HedgeDoc notes. */
  links: NoteLinkResult[]
  /** Copies of pictures the minutes show, relative to the output folder. */
  pictures: string[]
  /** Pictures on the server that could not be downloaded (their links stay). */
  picturesFailed: number
  /** Size of the source in bytes (0 when skipped unread). */
  bytes: number
  /** Milliseconds converting this note (in its worker thread; 0 when skipped). */
  ms: number
}

export interface MigrateSummary {
  total: number
  converted: number
  unchanged: number
  skipped: number
  failed: number
  /** Notes not done because the run was stopped. */
  notDone: number
  withWarnings: number
  warnings: number
  linksRewritten: number
  linksKept: number
  /** Pictures that could not be downloaded, over all notes. */
  picturesFailed: number
  /** Bytes of notes read and converted. */
  bytes: number
  ms: number
}

export interface MigrateResult {
  out: string
  /** One result per source, in the order of the sources (`undefined`: not done, the run was stopped). */
  notes: Array<NoteResult | undefined>
  /** Names of the sources, as `notes` (minutes an earlier run wrote for another note are left out). */
  names: string[]
  summary: MigrateSummary
  /** The slowest notes, slowest first. */
  slowest: NoteResult[]
  /** Minutes of the batch (converted, unchanged or skipped) and the pictures they show, relative to the output folder: what to publish. */
  outputs: string[]
  interrupted: boolean
}

const slowestCount = 5

function sourceKey(source: Source): string {
  return source.kind === 'file' ? source.path : source.url
}

function errorText(error: unknown, name: string): {error: string; hint?: string; stack?: string} {
  const message = error instanceof Error ? error.message : String(error)
  const text = message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message
  if (error instanceof MinutesError) return {error: text, ...(error.hint ? {hint: error.hint} : {})}
  return {error: text, ...(error instanceof Error && error.stack ? {stack: error.stack} : {})}
}

/** Runs `task` for each item with at most `limit` running; stops starting new ones when `stop()` says so. */
async function forEachBounded<T>(items: readonly T[], limit: number, stop: () => boolean, task: (item: T, index: number) => Promise<void>): Promise<void> {
  // Not p-limit: it takes every task up front; here a task (and the note it
  // reads) only starts when a slot is free, so memory stays flat.
  const running = new Set<Promise<void>>()
  for (const [index, item] of items.entries()) {
    if (stop()) break
    const promise: Promise<void> = task(item, index).finally(() => running.delete(promise))
    running.add(promise)
    if (running.size >= limit) await Promise.race(running)
  }

  await Promise.all(running)
}

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const started = performance.now()
  const out = resolve(options.out)
  const layout = options.layout ?? 'keep'
  const force = options.force ?? false
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1))
  const {signal} = options
  const settings = sha256(
    JSON.stringify({
      tool: version,
      config: options.config,
      template: options.template ?? null,
      templateText: options.templateText ?? null,
      layout,
      team: options.team ?? null,
      pictures: options.images !== undefined
    })
  )
  const manifest: Manifest = await loadManifest(out)
  // Minutes an earlier run wrote for another note are not notes to migrate
  // (`--out` into the source folder with `--layout repo`).
  const written = new Set(Object.entries(manifest.notes).map(([key, entry]) => [join(out, entry.output), key]).filter(([path, key]) => path !== key).map(([path]) => path))
  const sources = options.sources.filter((source) => source.kind !== 'file' || !written.has(source.path))

  // Where notes' minutes are, as far as known before converting anything.
  const known: NoteMap = new Map()
  for (const entry of Object.values(manifest.notes)) if (entry.url && entry.settings === settings) known.set(entry.url, entry.output)
  for (const [key, path] of options.map ?? []) known.set(key, path)
  const resolveKnown = (key: string) => known.get(key)

  const images = options.images ? serveImages(options.images) : undefined
  const pool: Pool = createPool(
    {config: options.config, cwd: options.cwd, template: options.template, map: Object.fromEntries(known), images: images?.name},
    Math.min(concurrency, Math.max(sources.length, 1))
  )
  const stopped = new AbortController()
  const onAbort = () => stopped.abort()
  signal?.addEventListener('abort', onAbort, {once: true})

  const notes: Array<NoteResult | undefined> = new Array(sources.length).fill(undefined)
  const claims = new Map<string, {order: number; dated: Pick<TaskResult, 'date' | 'dateSource' | 'fileDate'> | undefined}>()
  // Tasks on one output file run after every earlier one on it.
  const withLock = turns()
  let done = 0
  let total = sources.length
  let lastSave = performance.now()
  let saving: Promise<void> | undefined

  /** Why a note has the date it has, when its title and file name disagree. */
  function dating(dated: Pick<TaskResult, 'date' | 'dateSource' | 'fileDate'> | undefined, whose: string): string {
    return dated?.dateSource === 'heading' && dated.fileDate && dated.fileDate !== dated.date
      ? `; ${whose} title says ${dated.date}, its file name ${dated.fileDate}`
      : ''
  }

  /**
   * Claim `output` for the source at `order`: the first source in order
   * keeps it; a later holder fails. `dated` tells where the note's date came
   * from, for the explanation.
   */
  function claim(output: string, order: number, dated?: Pick<TaskResult, 'date' | 'dateSource' | 'fileDate'>): void {
    const holder = claims.get(output)
    const hint =
      layout === 'repo'
        ? 'Two notes of one team have the same date; correct the date in the title of one, or use --layout keep.'
        : 'Two sources have the same name; migrate them into different folders.'
    if (holder !== undefined && holder.order !== order) {
      if (holder.order < order) {
        const name = sources[holder.order]!.name
        throw new MinutesError(`${output} is already the minutes of ${name}${dating(holder.dated, `${name}'s`)}${dating(dated, 'this note\'s')}`, {hint})
      }

      const lost = notes[holder.order]
      if (lost) {
        const name = sources[order]!.name
        notes[holder.order] = {...lost, status: 'failed', error: `${output} is already the minutes of ${name}${dating(dated, `${name}'s`)}${dating(holder.dated, 'this note\'s')}`, hint}
        delete manifest.notes[sourceKey(sources[holder.order]!)]
      }
    }

    claims.set(output, {order, dated})
  }

  function finish(note: NoteResult, order: number): void {
    notes[order] = note
    done++
    options.onNote?.(note, {done, total})
    if (!saving && performance.now() - lastSave > 2000) {
      // Save now and then, so a killed run still skips what it did.
      lastSave = performance.now()
      saving = saveManifest(out, manifest)
        .catch(() => undefined)
        .finally(() => (saving = undefined))
    }
  }

  async function one(source: Source, order: number, redo?: Record<string, string | null>): Promise<void> {
    const key = sourceKey(source)
    const entry: ManifestEntry | undefined = manifest.notes[key]
    const check = !force && !redo && entry !== undefined
    let bytes = 0
    try {
      if (check && source.kind === 'file' && (await isUpToDate(entry, {settings, out, source: await stamp(source.path), resolve: resolveKnown}))) {
        await skip(entry, order)
        return
      }

      const note = await readSource(source, {readNote: options.readNote})
      bytes = Buffer.byteLength(note.text)
      if (check && source.kind === 'file' && (await isUpToDate(entry, {settings, out, source: undefined, text: note.text, resolve: resolveKnown}))) {
        if (note.stat) entry.source = {...note.stat, sha256: entry.source.sha256}
        await skip(entry, order)
        return
      }

      const team = layout === 'repo' ? teamOf(source) : undefined
      const keep = layout === 'keep' ? (source.kind === 'file' ? source.relative : `${fileNameFor(note.title ?? new URL(source.url).pathname)}.md`) : undefined
      const directory = team ?? posix.dirname(keep!)
      const taskSignal = AbortSignal.any([stopped.signal, AbortSignal.timeout(options.timeout ?? 120_000)])
      let converted: TaskResult
      try {
        converted = await pool.run({text: note.text, name: source.name, directory, team, links: redo}, {signal: taskSignal})
      } catch (error) {
        if (stopped.signal.aborted) return
        if (taskSignal.aborted) throw new MinutesError(`${source.name}: conversion took longer than ${Math.round((options.timeout ?? 120_000) / 1000)} s and was stopped`)
        throw error
      }

      let output = keep
      if (team !== undefined) {
        if (!converted.date) {
          throw new MinutesError(`${source.name}: no meeting date found in the note's title, front matter or file name`, {
            hint: 'Give it a dated title ("# Team IaaS 2023-07-26") or a dated file name (20230726.md), or use --layout keep.'
          })
        }

        output = minutesPath(team, converted.date)
      }

      // A URL source is known by the URL listed (what other notes and --map use).
      const url = source.kind === 'url' ? source.url : converted.url
      const ownKey = url === undefined ? undefined : noteKey(url)
      const warnings = converted.messages.filter((message) => message.severity !== 'info').length
      await withLock(output!, async () => {
        claim(output!, order, converted)
        const target = join(out, output!)
        const existing = await readIfExists(target)
        const same = existing !== undefined && Buffer.from(existing).toString('utf8') === converted.markdown
        if (!same) await writeFileAtomic(target, converted.markdown)
        const written = await stamp(target)
        const inPlace = source.kind === 'file' && target === source.path
        manifest.notes[key] = {
          settings,
          source: inPlace && written ? {...written, sha256: sha256(converted.markdown)} : {...(note.stat ?? {size: bytes, mtimeMs: 0}), sha256: sha256(note.text)},
          output: output!,
          written: written ?? {size: -1, mtimeMs: -1},
          ...(ownKey === undefined ? {} : {url: ownKey}),
          links: converted.links,
          ...(converted.pictures.length > 0 ? {pictures: converted.pictures} : {}),
          ...(converted.date === undefined ? {} : {date: converted.date}),
          warnings
        }
        finish(
          {
            source: source.name,
            output,
            status: same ? 'unchanged' : 'converted',
            ...(url === undefined ? {} : {url}),
            ...(converted.date === undefined ? {} : {date: converted.date}),
            messages: options.keepMessages ? converted.messages : [],
            warnings,
            links: converted.links.map(({url, line, column, target}) => ({url, line, column, target})),
            pictures: converted.pictures,
            picturesFailed: converted.messages.filter((message) => message.ruleId === 'image-download').length,
            bytes,
            ms: converted.ms
          },
          order
        )
      })
      if (entry && entry.output !== output) await withLock(entry.output, () => removeOld(entry))
    } catch (error) {
      delete manifest.notes[key]
      finish({source: source.name, output: undefined, status: 'failed', ...errorText(error, source.name), messages: [], warnings: 0, links: [], pictures: [], picturesFailed: 0, bytes, ms: 0}, order)
    }
  }

  /**
   * The minutes a note had before at another path (its date changed) go,
   * unless edited since or now another note's.
   */
  async function removeOld(entry: ManifestEntry): Promise<void> {
    if (claims.has(entry.output)) return
    const old = join(out, entry.output)
    if (sameStamp(entry.written, await stamp(old))) await rm(old, {force: true}).catch(() => undefined)
  }

  function teamOf(source: Source): string {
    if (options.team !== undefined) return validateTeam(options.team)
    if (source.kind === 'url') throw new MinutesError(`${source.name}: no team for a note read from a URL`, {hint: 'Pass --team with --layout repo.'})
    return validateTeam(source.folder)
  }

  async function skip(entry: ManifestEntry, order: number): Promise<void> {
    await withLock(entry.output, async () => {
      claim(entry.output, order)
      finish(
        {
          source: sources[order]!.name,
          output: entry.output,
          status: 'skipped',
          ...(entry.date === undefined ? {} : {date: entry.date}),
          messages: [],
          warnings: entry.warnings,
          links: entry.links.map(({url, line, column, target}) => ({url, line, column, target})),
          pictures: entry.pictures ?? [],
          picturesFailed: 0,
          bytes: 0,
          ms: 0
        },
        order
      )
    })
  }

  // Notes in flight (read, converting or being written): enough to keep
  // every worker busy and several fetches going, few enough to stay flat.
  const limit = Math.max(concurrency * 2, 16)
  try {
    await forEachBounded(sources, limit, () => stopped.signal.aborted, (source, index) => one(source, index))

    if (!stopped.signal.aborted) {
      // Second pass: now that every note is placed, convert again the notes
      // whose links to other notes would go elsewhere.
      const final: NoteMap = new Map(known)
      const owners = new Map<string, number>()
      for (const [order, note] of notes.entries()) {
        if (!note || note.status === 'failed') continue
        const key = manifest.notes[sourceKey(sources[order]!)]?.url
        if (key && note.output && !owners.has(key)) {
          owners.set(key, order)
          final.set(key, note.output)
        }
      }

      const redo: Array<{order: number; links: Record<string, string | null>}> = []
      for (const [order, note] of notes.entries()) {
        const entry = note && note.status !== 'failed' ? manifest.notes[sourceKey(sources[order]!)] : undefined
        if (!entry) continue
        const links = Object.fromEntries(entry.links.map(({key}) => [key, final.get(key) ?? null]))
        if (entry.links.some(({key, target}) => links[key] !== target)) redo.push({order, links})
      }

      total += redo.length
      await forEachBounded(redo, limit, () => stopped.signal.aborted, ({order, links}) => one(sources[order]!, order, links))
    }
  } finally {
    signal?.removeEventListener('abort', onAbort)
    await saving
    await pool.destroy()
    images?.close()
    await saveManifest(out, manifest).catch(() => undefined)
  }

  return {out, notes, names: sources.map((source) => source.name), ...summarise(notes, performance.now() - started), interrupted: stopped.signal.aborted}
}

function summarise(notes: ReadonlyArray<NoteResult | undefined>, ms: number): Pick<MigrateResult, 'summary' | 'slowest' | 'outputs'> {
  const summary: MigrateSummary = {
    total: notes.length,
    converted: 0,
    unchanged: 0,
    skipped: 0,
    failed: 0,
    notDone: 0,
    withWarnings: 0,
    warnings: 0,
    linksRewritten: 0,
    linksKept: 0,
    picturesFailed: 0,
    bytes: 0,
    ms
  }
  const outputs = new Set<string>()
  let slowest: NoteResult[] = []
  for (const note of notes) {
    if (!note) {
      summary.notDone++
      continue
    }

    summary[note.status]++
    if (note.warnings > 0) summary.withWarnings++
    summary.warnings += note.warnings
    summary.bytes += note.bytes
    summary.picturesFailed += note.picturesFailed
    for (const link of note.links) {
      if (link.target === null) summary.linksKept++
      else summary.linksRewritten++
    }

    if (note.status !== 'failed' && note.output) {
      outputs.add(note.output)
      for (const picture of note.pictures) outputs.add(picture)
    }
    if (note.status !== 'skipped' && note.status !== 'failed') {
      slowest.push(note)
      if (slowest.length > slowestCount * 4) slowest = slowest.sort((a, b) => b.ms - a.ms).slice(0, slowestCount)
    }
  }

  return {summary, slowest: slowest.sort((a, b) => b.ms - a.ms).slice(0, slowestCount), outputs: [...outputs]}
}
