/**
 * `sync()`: the meetings of the teams' running pads that the minutes
 * repository does not have yet, converted. For each team it reads its pads,
 * finds their meetings (`findMeetings`, as running pads), and compares them
 * with the team's folder, as `list` says what the folder holds (the base
 * branch on GitHub, or a checkout):
 *
 * - a meeting without `<folder>/<YYYYMMDD>.md` is `new`;
 * - one with a file is left alone (`exists`): people correct minutes there;
 *   with `update` it is converted and is `changed` when the pad now gives
 *   other minutes, else `unchanged`;
 * - `since` leaves older meetings out (`older`); empty meetings are `empty`;
 * - two meetings of one date in a team (one pad or two) are a `collision`,
 *   reported with both places, and neither is written;
 * - a pad that cannot be read fails its team (the team is left out; the
 *   other teams go on).
 *
 * Meetings are converted as notes of their own in migrate's worker pool
 * (one thread per core), pictures downloaded once in the main thread. A pad
 * is searched there too, in parts, with the meetings to write converted in
 * the same parse (src/meetings/split.ts); `findMeetings` of the whole pad
 * when the parts prove nothing.
 * Nothing is written here: the result's `files` are what to write or
 * publish (minutes and their pictures, as repository paths).
 */
import {basename, join, posix} from 'node:path'
import {tmpdir} from 'node:os'
import type {Config} from '../config/schema.js'
import {MinutesError} from '../errors.js'
import {blobSha} from '../github/git-objects.js'
import type {BatchImageResolver} from '../migrate/images.js'
import {serveImages} from '../migrate/images.js'
import type {Piscina} from 'piscina'
import {createPool} from '../migrate/pool.js'
import type {Meeting, Meetings} from '../meetings/find.js'
import {joinParts, splitPad, type PartReport} from '../meetings/split.js'
import type {Task, TaskResult} from '../migrate/worker.js'
import {placeMessage} from '../meetings/place.js'
import {createImageResolver, type ImageDownloader} from '../output/images.js'
import {minutesPath} from '../output/place.js'
import type {Message} from '../pipeline/convert.js'
import type {PublishFile} from '../publish/files.js'

export interface SyncTeam {
  /** Key of the team in the configuration (for templates and the pull request). */
  team: string
  /** Folder of its minutes in the repository. */
  folder: string
  /** Its pads: note URLs or files, as `readPad` takes them. */
  pads: readonly string[]
}

export interface Pad {
  text: string
  /** How messages name it: the note's URL, or the file as given. */
  label: string
  /** The note's URL, when it came from one (the minutes' `source`). */
  url?: string | undefined
  /** Its HedgeDoc server, for the pictures. Default: the configuration's. */
  server?: string | undefined
}

/** What a team folder holds: file name → its git blob SHA (read when asked). */
export type FolderListing = ReadonlyMap<string, () => Promise<string>>

export type MeetingStatus = 'new' | 'changed' | 'unchanged' | 'exists' | 'older' | 'empty' | 'collision'

export interface SyncMeeting {
  team: string
  folder: string
  /** Label of the pad it is in, and its place there. */
  pad: string
  line: number
  date: string
  title: string
  /** `<folder>/<YYYYMMDD>.md`. */
  path: string
  status: MeetingStatus
  /** For a collision: the other places of the date. */
  others?: Array<{pad: string; line: number}>
  /** Conversion messages, at the pad's lines. */
  messages: Message[]
}

export interface SyncTeamResult {
  team: string
  folder: string
  pads: Array<{pad: string; meetings: number; error?: string}>
  /** Why the team was left out (a pad could not be read). */
  error?: string
}

export interface SyncResult {
  teams: SyncTeamResult[]
  /** Every meeting found, by team, then newest first. */
  meetings: SyncMeeting[]
  /** What to write or publish: the minutes of the `new` and `changed` meetings and their pictures. */
  files: PublishFile[]
  /** Messages of the pads (empty meetings, dates that are no calendar dates). */
  messages: Message[]
}

export interface SyncOptions {
  teams: readonly SyncTeam[]
  config: Config
  /** Folder relative template paths are resolved from. */
  cwd: string
  /** Reads a pad; throws a `MinutesError` saying why it cannot. */
  readPad: (pad: string) => Promise<Pad>
  /** What the team's folder holds now. */
  list: (folder: string) => Promise<FolderListing>
  /** Only meetings on this day (`YYYY-MM-DD`) or later. Default: all. */
  since?: string | undefined
  /** Also convert the meetings that have minutes, and propose those that now convert differently. Default: `false`. */
  update?: boolean | undefined
  /** Template name or file. Default: the configuration's. */
  template?: string | undefined
  /** Worker threads. Default: 1. */
  concurrency?: number | undefined
  /**
   * Downloads pictures on the pads' servers; `undefined` keeps the links.
   * `directory(folder)` is where the team's pictures go (a checkout's team
   * folder, so identical files there are reused), default a new temporary
   * folder.
   */
  pictures?: {downloader: ImageDownloader; directory?: (folder: string) => string} | undefined
  /** Pads read at once. Default: 4. */
  reads?: number | undefined
}

interface Found {
  team: SyncTeam
  pad: Pad
  meeting: Meeting
  path: string
  /** Its conversion, done while the pad was searched. */
  converted?: TaskResult | undefined
}

/** Run `task` over `items`, at most `limit` at a time, results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  await Promise.all(
    Array.from({length: Math.min(limit, items.length)}, async () => {
      while (next < items.length) {
        const index = next++
        results[index] = await task(items[index]!)
      }
    })
  )
  return results
}

export async function sync(options: SyncOptions): Promise<SyncResult> {
  const converter = createConverter(options)
  try {
    return await run(options, converter)
  } finally {
    await converter.close()
  }
}

async function run(options: SyncOptions, converter: ReturnType<typeof createConverter>): Promise<SyncResult> {
  const teams: SyncTeamResult[] = []
  const meetings: SyncMeeting[] = []
  const messages: Message[] = []
  const toConvert: Array<{found: Found; entry: SyncMeeting; existing: (() => Promise<string>) | undefined}> = []

  const read = await mapLimit(options.teams, options.reads ?? 4, async (team) => {
    const pads: Array<{pad: string; result: Pad | MinutesError}> = []
    for (const pad of team.pads) {
      try {
        pads.push({pad, result: await options.readPad(pad)})
      } catch (error) {
        if (!(error instanceof MinutesError)) throw error
        pads.push({pad, result: error})
      }
    }

    const failed = pads.some(({result}) => result instanceof MinutesError)
    return {team, pads, listing: failed ? undefined : await options.list(team.folder)}
  })

  // Every pad searched at once: the workers convert the meetings sync will
  // want (new ones, or all with --update) while they search the pads.
  const searches = read.map(({team, pads, listing}) =>
    pads.map(({result: pad}) => {
      if (pad instanceof MinutesError || !listing) return undefined
      const wanted = (date: string) =>
        (options.since === undefined || date >= options.since) && (options.update || !listing.has(posix.basename(minutesPath(team.folder, date))))
      const search = converter.find(pad, team, wanted)
      // A failure is thrown where the pad's turn comes; the others must not go unhandled meanwhile.
      search.catch(() => undefined)
      return search
    })
  )

  for (const [teamIndex, {team, pads, listing}] of read.entries()) {
    const result: SyncTeamResult = {team: team.team, folder: team.folder, pads: []}
    teams.push(result)
    const found: Found[] = []
    for (const [padIndex, {pad, result: padResult}] of pads.entries()) {
      if (padResult instanceof MinutesError) {
        result.pads.push({pad, meetings: 0, error: padResult.message})
        continue
      }

      const {meetings: inPad, converted} = await (searches[teamIndex]![padIndex] ?? converter.find(padResult, team, () => false))
      messages.push(...inPad.messages)
      result.pads.push({pad, meetings: inPad.meetings.length})
      for (const meeting of inPad.meetings) {
        found.push({team, pad: padResult, meeting, path: minutesPath(team.folder, meeting.date!), converted: converted.get(meeting.text)})
      }
      for (const meeting of inPad.empty) meetings.push(entryOf({team, pad: padResult, meeting, path: minutesPath(team.folder, meeting.date!)}, 'empty'))
    }

    if (!listing) {
      const first = result.pads.find((pad) => pad.error)!
      result.error = `cannot read the pad ${first.pad}: ${first.error!.replace(`${first.pad}: `, '')}`
      continue
    }

    const byDate = new Map<string, Found[]>()
    for (const entry of found) byDate.set(entry.meeting.date!, [...(byDate.get(entry.meeting.date!) ?? []), entry])
    for (const entry of found.sort((a, b) => b.meeting.date!.localeCompare(a.meeting.date!))) {
      const same = byDate.get(entry.meeting.date!)!
      const existing = listing.get(posix.basename(entry.path))
      if (same.length > 1) {
        meetings.push({...entryOf(entry, 'collision'), others: same.filter((other) => other !== entry).map((other) => ({pad: other.pad.label, line: other.meeting.line}))})
      } else if (options.since !== undefined && entry.meeting.date! < options.since) {
        meetings.push(entryOf(entry, 'older'))
      } else if (existing && !options.update) {
        meetings.push(entryOf(entry, 'exists'))
      } else {
        const item = entryOf(entry, existing ? 'unchanged' : 'new')
        meetings.push(item)
        toConvert.push({found: entry, entry: item, existing})
      }
    }
  }

  const files = toConvert.length === 0 ? [] : await converter.convertAll(toConvert)
  return {teams, meetings, files, messages}
}

function entryOf(found: Found, status: MeetingStatus): SyncMeeting {
  return {
    team: found.team.team,
    folder: found.team.folder,
    pad: found.pad.label,
    line: found.meeting.line,
    date: found.meeting.date!,
    title: found.meeting.title,
    path: found.path,
    status,
    messages: []
  }
}

/**
 * The worker pool and the picture service of a run, started before the pads
 * are read so the threads load while the main thread reads and parses.
 */
function createConverter(options: SyncOptions) {
  const pictures = new Map<string, Uint8Array | undefined>()
  const servers = new Map<string, string>()
  const resolvers = new Map<string, ReturnType<typeof createImageResolver>>()
  const scratch = join(tmpdir(), `minutes-sync-${process.pid}-${Date.now()}`)
  const picturesOption = options.pictures
  const batch: BatchImageResolver | undefined = picturesOption
    ? {
        async resolve(url, directory) {
          let resolver = resolvers.get(directory)
          if (!resolver) {
            const folder = picturesOption.directory?.(directory) ?? join(scratch, directory)
            resolver = createImageResolver({server: servers.get(directory) ?? options.config.hedgedoc, directory: folder, downloader: picturesOption.downloader})
            resolvers.set(directory, resolver)
          }

          const reference = await resolver.resolve(url)
          const result = resolver.results.find((entry) => entry.url === url)
          if (reference === undefined || !result?.file) return undefined
          const path = `${directory}/${basename(result.file)}`
          // `reused`: the checkout has the same file; nothing to write.
          if (!pictures.has(path)) pictures.set(path, result.status === 'downloaded' ? result.data : undefined)
          return path
        }
      }
    : undefined

  const service = batch ? serveImages(batch) : undefined
  const pool = createPool(
    {config: options.config, cwd: options.cwd, template: options.template, map: {}, images: service?.name},
    Math.max(1, options.concurrency ?? 1)
  )

  /** Convert the meetings; the files of the `new` and `changed` ones, in the order given. */
  async function convertAll(items: Array<{found: Found; entry: SyncMeeting; existing: (() => Promise<string>) | undefined}>): Promise<PublishFile[]> {
    for (const {found} of items) serverOf(found.team, found.pad)
    const converted = await Promise.all(items.map(({found}) => found.converted ?? pool.run({text: found.meeting.text, ...taskOf(found.team, found.pad)})))
    const files: PublishFile[] = []
    for (const [index, {found, entry, existing}] of items.entries()) {
      const result = converted[index]!
      entry.messages = result.messages.map((message) => placeMessage(message, found.meeting, found.pad.label))
      const content = Buffer.from(result.markdown)
      if (existing) {
        if ((await existing()) === blobSha(content)) continue
        entry.status = 'changed'
      }

      files.push({
        path: found.path,
        content,
        minutes: {
          team: found.team.team,
          date: entry.date,
          title: found.meeting.title,
          participants: result.participants,
          actionItems: result.actionItems,
          source: found.pad.url
        }
      })
      for (const picture of result.pictures) {
        const data = pictures.get(picture)
        if (data && !files.some((file) => file.path === picture)) files.push({path: picture, content: data})
      }
    }

    return files
  }

  /** What the workers are told about a meeting of `pad`, but its text. */
  function taskOf(team: SyncTeam, pad: Pad): Omit<Task, 'text'> {
    return {name: pad.label, directory: team.folder, team: team.team, anonymous: true}
  }

  function serverOf(team: SyncTeam, pad: Pad): void {
    if (pad.server && !servers.has(team.folder)) servers.set(team.folder, pad.server)
  }

  /**
   * The meetings of a pad, searched in parts over the worker threads (see
   * src/meetings/split.ts), the meetings `wanted` by date converted in the
   * same step; when the parts prove nothing, `findMeetings` of the whole pad
   * in one worker. Conversions are keyed by the meeting's text: one that
   * the whole pad's search cuts otherwise is converted again later.
   */
  async function find(pad: Pad, team: SyncTeam, wanted: (date: string) => boolean): Promise<{meetings: Meetings; converted: Map<string, TaskResult>}> {
    const run = pool as unknown as Piscina<unknown, unknown>
    const split = splitPad(pad.text)
    const converted = new Map<string, TaskResult>()
    if (split) {
      serverOf(team, pad)
      const searched = (await Promise.all(
        split.parts.map((part) =>
          run.run({part, task: part.date !== undefined && wanted(part.date) ? taskOf(team, pad) : undefined}, {name: 'partTask'})
        )
      )) as Array<{report: PartReport; result?: TaskResult}>
      for (const {report, result} of searched) if (result && report.text !== undefined) converted.set(report.text, result)
      const meetings = joinParts(split, searched.map(({report}) => report), pad.label)
      if (meetings) return {meetings, converted}
    }

    return {meetings: (await run.run({text: pad.text, path: pad.label}, {name: 'findTask'})) as Meetings, converted}
  }

  return {
    convertAll,
    find,
    async close() {
      await pool.destroy()
      service?.close()
    }
  }
}
