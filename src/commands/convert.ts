/**
 * `minutes convert [INPUT]`: a note (file, stdin, or a HedgeDoc/HackMD note
 * URL) in, minutes out on stdout, in a file (`-o`), in place (`--write`), or
 * in a repository checkout (`--checkout DIR --team T`); `--check` only tells
 * whether FILE is converted. With `--images download` (the default with
 * `--checkout`) pictures on the note's server are saved next to the minutes.
 * Nothing is written unless the whole conversion worked.
 *
 * A note with several meetings (a running pad): the newest is converted, or
 * the one `--meeting YYYY-MM-DD` names; `--meeting all --checkout DIR
 * --team T` writes each to `<team>/<YYYYMMDD>.md`. `--write` and `--check`
 * take the file as one document, as minutes files are.
 */
import {dirname, join, resolve} from 'node:path'
import {writing, type CommandContext} from '../cli/context.js'
import {loadConfig} from '../config/load.js'
import {isTeam, type Config} from '../config/schema.js'
import {InputError, UsageError} from '../errors.js'
import {cookieHeader, readNote} from '../input/note.js'
import {isUrl} from '../input/note-url.js'
import {displayUrl} from '../net/http.js'
import {existingCheckout} from '../output/checkout.js'
import {createImageDownloader, createImageResolver, type ImageResolver} from '../output/images.js'
import {minutesPath, placeMinutes, validateTeam} from '../output/place.js'
import {validateDate} from '../util/date.js'
import {readIfExists, writeFileAtomic} from '../output/write.js'
import {convertMeeting} from '../meetings/convert.js'
import {isCalendarDate} from '../util/date.js'
import {findMeetings, type Meeting, type Meetings} from '../meetings/find.js'
import type {ConvertResult, Message} from '../pipeline/convert.js'
import {colors, formatMessage} from '../report/messages.js'

export interface ConvertCommandOptions {
  input?: string | undefined
  output?: string | undefined
  write?: boolean | undefined
  check?: boolean | undefined
  /** Checkout of the minutes repository to write `<team>/<YYYYMMDD>.md` into. */
  checkout?: string | undefined
  /** Deprecated spelling of `checkout`. */
  repo?: string | undefined
  team?: string | undefined
  date?: string | undefined
  /** `latest` (default), `all` or `YYYY-MM-DD`: which meeting of a note with several. */
  meeting?: string | undefined
  force?: boolean | undefined
  template?: string | undefined
  config?: string | undefined
  quiet?: boolean | undefined
  /** `false` with `--no-color`: no colour whatever the terminal and FORCE_COLOR. */
  color?: boolean | undefined
  /** Pictures on the note's server: `download` next to the minutes, or `keep` the links. Default: `download` with `checkout`, else `keep`. */
  images?: 'download' | 'keep' | undefined
  /** Largest picture downloaded, in MB. Default: 20. */
  maxImageSize?: number | undefined
  /** Largest note read by URL, in MB. Default: 10. */
  maxNoteSize?: number | undefined
  /** HedgeDoc 1.x session cookie (the CLI also reads MINUTES_HEDGEDOC_COOKIE). */
  cookie?: string | undefined
  /** Network timeout in seconds. Default: 30. */
  timeout?: number | undefined
}

function validate(options: ConvertCommandOptions): void {
  const fromFile = options.input !== undefined && options.input !== '-' && !isUrl(options.input)
  if (options.write && !fromFile) throw new UsageError('--write needs a FILE to convert in place')
  if (options.write && options.output) throw new UsageError('--write and --output cannot be used together')
  if (options.check && (options.write || options.output || options.checkout)) {
    throw new UsageError('--check writes nothing; it cannot be used with --write, --output or --checkout')
  }

  if (options.checkout && (options.output || options.write)) throw new UsageError('--checkout cannot be used with --output or --write')
  if (options.checkout && !options.team) throw new UsageError('--checkout needs --team, such as --team iaas')
  if (options.images === 'download' && !(options.output || options.checkout || options.write)) {
    throw new UsageError('--images download needs a place for the pictures: pass --output FILE, --checkout DIR or --write', {
      hint: 'On stdout there is no folder to save pictures in; without --images download the links to the server are kept.'
    })
  }

  const meeting = options.meeting
  if (meeting !== undefined) {
    if (meeting !== 'latest' && meeting !== 'all' && !isCalendarDate(meeting)) {
      throw new UsageError(`invalid --meeting "${meeting}": expected latest, all or a date YYYY-MM-DD such as 2024-03-06`)
    }

    if (options.write || options.check) {
      throw new UsageError('--meeting cannot be used with --write or --check: they take FILE as one document', {
        hint: 'Cut the meetings out with --meeting all --checkout DIR --team T, or one with --meeting YYYY-MM-DD -o FILE.'
      })
    }

    if (meeting === 'all' && !options.checkout) {
      throw new UsageError('--meeting all needs a place for each meeting: pass --checkout DIR --team T', {
        hint: 'Each meeting goes to DIR/<team>/<YYYYMMDD>.md; stdout and --output hold one meeting (--meeting latest or YYYY-MM-DD).'
      })
    }

    if (meeting === 'all' && options.date) throw new UsageError('--date names the date of one meeting; with --meeting all each meeting has its own')
  }

  if (options.team) validateTeam(options.team)
  if (options.date) validateDate(options.date)
}

export async function convertCommand(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const options = {...(raw as ConvertCommandOptions)}
  const chalk = colors(context.stderr, context.env, options.color)
  if (options.repo !== undefined) {
    if (options.checkout !== undefined) throw new UsageError('--repo is the old spelling of --checkout; give only --checkout')
    context.stderr.write(`${chalk.yellow('warning')} convert --repo DIR is deprecated: use --checkout DIR (--repo will name a GitHub repository, OWNER/NAME, as in publish and sync)\n`)
    options.checkout = options.repo
  }

  validate(options)
  const {config} = await loadConfig({cwd: context.cwd, ...(options.config ? {file: options.config} : {})})
  const checkout = options.checkout === undefined ? undefined : await existingCheckout(context.cwd, options.checkout, '--checkout')
  const input = options.input ?? '-'
  const timeout = (options.timeout ?? 30) * 1000
  const cookie = cookieHeader(options.cookie ?? context.env.MINUTES_HEDGEDOC_COOKIE)
  const note = await readNote(input, {
    cwd: context.cwd,
    stdin: context.stdin as AsyncIterable<Uint8Array | string>,
    env: context.env,
    timeout,
    servers: [config.hedgedoc],
    maxBytes: (options.maxNoteSize ?? 10) * 1024 * 1024,
    ...(cookie ? {cookie} : {})
  })
  const name = note.kind === 'file' ? input : undefined
  const label = note.url ?? name ?? '<stdin>'
  const text = note.text
  const server = note.server ?? config.hedgedoc
  const say = (line: string) => {
    if (!options.quiet) context.stderr.write(line + '\n')
  }

  const found = findMeetings(text, {path: note.url ?? name})
  for (const message of found.messages) if (!options.quiet) context.stderr.write(formatMessage(message, chalk) + '\n')
  const images = options.images ?? (checkout ? 'download' : 'keep')
  const downloader =
    images === 'download'
      ? createImageDownloader({maxBytes: (options.maxImageSize ?? 20) * 1024 * 1024, timeout, ...(cookie ? {cookie, cookieOrigin: server} : {})})
      : undefined
  const resolverFor = (directory: string): ImageResolver | undefined => (downloader ? createImageResolver({server, directory, downloader}) : undefined)
  const convertOptions = {
    // Links to other notes are reported for the note's own server.
    config: note.server && note.server !== config.hedgedoc ? {...config, hedgedoc: note.server} : config,
    cwd: context.cwd,
    ...(name === undefined ? {} : {path: name}),
    ...(note.url === undefined ? {} : {source: note.url}),
    ...(options.team === undefined ? {} : {team: options.team}),
    ...(options.date === undefined ? {} : {date: options.date}),
    ...(options.template === undefined ? {} : {template: options.template})
  }
  const convertOne = async (meeting: Meeting, resolver: ImageResolver | undefined): Promise<ConvertResult> => {
    const result = await convertMeeting(meeting, {...convertOptions, ...(resolver ? {resolveImage: resolver.resolve} : {})})
    if (!options.quiet) {
      const messages: Message[] = [...result.messages, ...pictureMessages(resolver, result.data.images, label)]
      for (const message of messages) {
        context.stderr.write(formatMessage(note.url && message.file === undefined ? {...message, file: note.url} : message, chalk) + '\n')
      }
    }

    return result
  }

  if (options.write || options.check) {
    if (found.meetings.length > 1) {
      say(`${chalk.yellow('warning')} ${label} holds ${found.meetings.length} meetings (${found.meetings.map((meeting) => meeting.date).join(', ')}); --${options.write ? 'write' : 'check'} takes it as one document`)
    }

    const whole: Meeting = {date: undefined, title: '', line: 1, column: 1, endLine: 1, depth: undefined, text, whole: true, lifts: []}
    const resolver = options.write ? resolverFor(dirname(resolve(context.cwd, input))) : undefined
    const result = await convertOne(whole, resolver)
    if (options.check) {
      if (result.markdown !== text) {
        context.stderr.write(`${label}: not in converted form; run \`minutes convert --write ${name ?? 'FILE'}\`\n`)
        return 1
      }

      say(`${label}: in converted form`)
      return 0
    }

    if (result.markdown === text) {
      say(`${label}: unchanged`)
    } else {
      await writing(context, async () => {
        await writePictures(resolver, context, options)
        await writeFileAtomic(resolve(context.cwd, input), result.markdown, input)
      })
      say(`${label}: converted`)
    }

    return 0
  }

  if (options.meeting === 'all') return convertAll(found, {checkout: checkout!, team: options.team!, label, force: Boolean(options.force)}, context, convertOne, resolverFor, say)

  const meeting = chooseMeeting(found, options.meeting ?? 'latest', label, say)
  if (options.output) {
    const resolver = resolverFor(dirname(resolve(context.cwd, options.output)))
    const result = await convertOne(meeting, resolver)
    await writing(context, async () => {
      await writePictures(resolver, context, options)
      await writeFileAtomic(resolve(context.cwd, options.output!), result.markdown, options.output)
    })
    say(`${options.output}: written`)
    return 0
  }

  if (checkout) {
    const resolver = resolverFor(join(checkout, options.team!))
    const result = await convertOne(meeting, resolver)
    const date = options.date ?? result.data.date
    if (!date) {
      throw new UsageError(`${label}: no meeting date found in the note's title, front matter or file name`, {
        hint: 'Pass --date YYYY-MM-DD.'
      })
    }

    warnUnknownTeam(config, options.team!, say, chalk)
    // Refuse before any picture is written (placeMinutes checks again).
    const target = join(checkout, minutesPath(options.team!, date))
    const existing = await readIfExists(target)
    if (existing !== undefined && !options.force && Buffer.from(existing).toString('utf8') !== result.markdown) {
      throw new UsageError(`${target} exists and differs from the converted note`, {
        hint: 'Pass --force to overwrite it, or --date to pick another date.'
      })
    }

    const placed = await writing(context, async () => {
      await writePictures(resolver, context, options)
      return placeMinutes({repoDir: checkout, team: options.team!, date, markdown: result.markdown, force: Boolean(options.force)})
    })
    say(`${placed.path}: ${placed.status}`)
    context.stdout.write(placed.path + '\n')
    return 0
  }

  context.stdout.write((await convertOne(meeting, undefined)).markdown)
  return 0
}

function warnUnknownTeam(config: Config, team: string, say: (line: string) => void, chalk: ReturnType<typeof colors>): void {
  if (Object.keys(config.teams).length > 0 && !isTeam(config, team)) {
    say(`${chalk.yellow('warning')} team "${team}" is not one of the configured teams (${Object.keys(config.teams).join(', ')})`)
  }
}

/** `2024-03-06 (line 12)`: a meeting and where it starts. */
function describe(meeting: Meeting): string {
  return meeting.whole ? (meeting.date ?? 'the note') : `${meeting.date} (line ${meeting.line})`
}

/** The meeting `which` (`latest` or a date) names; says on stderr which one and how many others there are. */
function chooseMeeting(found: Meetings, which: string, label: string, say: (line: string) => void): Meeting {
  const {meetings} = found
  if (meetings.length === 0) {
    throw new InputError(`${label}: no meeting with notes in it; ${found.empty.length === 1 ? 'the one there is' : `the ${found.empty.length} there are`} only the template (${found.empty.map(describe).join(', ')})`)
  }

  if (which === 'latest') {
    const newest = meetings.reduce((best, meeting) => ((meeting.date ?? '') > (best.date ?? '') ? meeting : best))
    if (meetings.length > 1) {
      const others = meetings.length - 1
      say(`${label}: ${meetings.length} meetings; converting the newest, ${describe(newest)}; ${others === 1 ? 'the other one is' : `the ${others} others are`} left out (--meeting YYYY-MM-DD or --meeting all)`)
    }

    return newest
  }

  const matching = meetings.filter((meeting) => meeting.date === which)
  if (matching.length === 0) {
    const dates = meetings.map((meeting) => meeting.date ?? 'undated').join(', ')
    throw new UsageError(`${label}: no meeting on ${which}; its ${meetings.length === 1 ? 'meeting is' : 'meetings are'} ${dates}`)
  }

  if (matching.length > 1) throw new InputError(`${label}: ${matching.length} meetings on ${which}, at lines ${matching.map((meeting) => meeting.line).join(' and ')}; correct the date of one`)
  if (meetings.length > 1) say(`${label}: converting the meeting of ${describe(matching[0]!)}`)
  return matching[0]!
}

/**
 * `--meeting all`: each meeting into `<checkout>/<team>/<YYYYMMDD>.md`. An
 * identical file is left as it is; a different one is kept and reported
 * (unless `force`); two meetings of one date are reported and neither is
 * written. Exit 1 when anything was not written.
 */
async function convertAll(
  found: Meetings,
  target: {checkout: string; team: string; label: string; force: boolean},
  context: CommandContext,
  convertOne: (meeting: Meeting, resolver: ImageResolver | undefined) => Promise<ConvertResult>,
  resolverFor: (directory: string) => ImageResolver | undefined,
  say: (line: string) => void
): Promise<number> {
  const {checkout, team, label} = target
  if (found.meetings.length === 0) chooseMeeting(found, 'latest', label, say)
  let problems = 0
  const byDate = new Map<string, Meeting[]>()
  for (const meeting of found.meetings) {
    if (!meeting.date) {
      problems++
      context.stderr.write(`${label}: no meeting date found in the note's title, front matter or file name; nothing written\n`)
      continue
    }

    byDate.set(meeting.date, [...(byDate.get(meeting.date) ?? []), meeting])
  }

  for (const [date, meetings] of byDate) {
    if (meetings.length > 1) {
      problems++
      context.stderr.write(`${label}: ${meetings.length} meetings on ${date}, at lines ${meetings.map((meeting) => meeting.line).join(' and ')}; neither is written (correct the date of one)\n`)
      continue
    }

    const meeting = meetings[0]!
    const directory = join(checkout, team)
    const resolver = resolverFor(directory)
    const result = await convertOne(meeting, resolver)
    const path = join(checkout, minutesPath(team, date))
    const existing = await readIfExists(path)
    if (existing !== undefined && !target.force && Buffer.from(existing).toString('utf8') !== result.markdown) {
      problems++
      context.stderr.write(`${path}: kept: it differs from the meeting of ${describe(meeting)} (--force overwrites it)\n`)
      continue
    }

    if (resolver) for (const entry of await resolver.write()) say(`${entry.file}: picture downloaded`)
    const placed = await placeMinutes({repoDir: checkout, team, date, markdown: result.markdown, force: target.force})
    say(`${placed.path}: ${placed.status} (${describe(meeting)})`)
    context.stdout.write(placed.path + '\n')
  }

  return problems > 0 ? 1 : 0
}

/** A warning for each place a picture that could not be downloaded is used. */
function pictureMessages(resolver: ImageResolver | undefined, images: Array<{url: string; line: number | undefined; column: number | undefined}>, label: string): Message[] {
  const messages: Message[] = []
  for (const entry of resolver?.results ?? []) {
    if (entry.status !== 'failed') continue
    const places = images.filter((image) => image.url === entry.url)
    for (const place of places.length > 0 ? places : [undefined]) {
      messages.push({
        file: label === '<stdin>' ? undefined : label,
        line: place?.line,
        column: place?.column,
        ruleId: 'image-download',
        severity: 'warning',
        message: `Could not download picture \`${displayUrl(entry.url)}\`: ${entry.reason}; the link to the server is kept`
      })
    }
  }

  return messages
}

async function writePictures(resolver: ImageResolver | undefined, context: CommandContext, options: ConvertCommandOptions): Promise<void> {
  if (!resolver) return
  const written = await resolver.write()
  if (options.quiet) return
  for (const entry of written) context.stderr.write(`${entry.file}: picture downloaded\n`)
}
