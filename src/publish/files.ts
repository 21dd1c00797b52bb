/**
 * What gets published: files with their place in the minutes repository.
 * `collectFiles` is the one place NOTE arguments and `--dir` turn into
 * repository files (path + bytes, and for minutes what the pull request says
 * about them); `publishFiles` takes its result.
 */
import {readFile, stat} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {basename, join, posix, resolve} from 'node:path'
import {glob} from 'tinyglobby'
import type {Config} from '../config/schema.js'
import {InputError, UsageError, describeSystemError} from '../errors.js'
import {readNote} from '../input/note.js'
import {decodeText} from '../input/text.js'
import {createImageResolver} from '../output/images.js'
import {minutesPath, validateTeam} from '../output/place.js'
import {convert, type Message} from '../pipeline/convert.js'
import {calendarDate, validateDate} from '../util/date.js'

/** What the pull request body says about one file of minutes. */
export interface MinutesInfo {
  team: string
  date: string | undefined
  title: string | undefined
  participants: number
  actionItems: Array<{owners: string[]; text: string}>
  /** URL of the HedgeDoc note, when it came from one. */
  source: string | undefined
}

export interface PublishFile {
  /** Path in the repository, `/`-separated: `iaas/20230726.md`. */
  path: string
  content: Uint8Array
  /** Set for minutes (Markdown), not for pictures. */
  minutes?: MinutesInfo | undefined
}

export interface CollectOptions {
  /** Publish the files laid out as `<team>/<file>` in this folder instead of notes. */
  dir?: string | undefined
  /** Team folder for notes. */
  team?: string | undefined
  /** Meeting date for a single note (`YYYY-MM-DD`); default: the note's. */
  date?: string | undefined
  template?: string | undefined
  config: Config
  cwd: string
  /** Environment, for `MINUTES_HEDGEDOC_COOKIE` and the note tokens. Default: `process.env`. */
  env?: Record<string, string | undefined>
  /** Pictures on the note's server: `download` them into the pull request (default), or `keep` the links. */
  images?: 'download' | 'keep' | undefined
  /** Largest picture downloaded, in bytes. Default: 20 MB. */
  maxImageBytes?: number | undefined
  /** Largest note read by URL, in bytes. Default: 10 MB. */
  maxNoteBytes?: number | undefined
  /** HedgeDoc 1.x session cookie for private notes. */
  cookie?: string | undefined
  /** Network timeout in milliseconds. Default: 30 000. */
  timeout?: number | undefined
  /** Conversion messages and notices. */
  onMessage?: (message: Message) => void
  onNotice?: (text: string) => void
}

/** A repository path that cannot leave the repository or touch `.git`. */
function validatePath(path: string): string {
  const parts = path.split('/')
  if (path.startsWith('/') || parts.some((part) => part === '' || part === '.' || part === '..' || part.toLowerCase() === '.git')) {
    throw new UsageError(`invalid repository path "${path}"`)
  }

  return path
}

/**
 * Turn NOTE arguments (or `--dir`) into the files to publish. A NOTE is a
 * file or a note URL, converted as `minutes convert` does into
 * `<team>/<YYYYMMDD>.md`; the pictures on the note's server come along
 * beside it (unless `images: 'keep'`).
 */
export async function collectFiles(notes: readonly string[], options: CollectOptions): Promise<PublishFile[]> {
  if (options.dir !== undefined) {
    if (notes.length > 0) throw new UsageError('give either NOTE files or --dir, not both')
    if (options.team !== undefined || options.date !== undefined) {
      throw new UsageError('--team and --date are for NOTE files; --dir takes team and date from <team>/<YYYYMMDD>.md')
    }

    return readLayout(resolve(options.cwd, options.dir), options.dir, options)
  }

  if (notes.length === 0) throw new UsageError('nothing to publish: give NOTE files (with --team) or --dir DIR')
  if (!options.team) throw new UsageError('publishing notes needs --team, such as --team iaas')
  validateTeam(options.team)
  if (options.date !== undefined) {
    validateDate(options.date)
    if (notes.length > 1) throw new UsageError('--date applies to one note; the others would get the same file name')
  }

  const files: PublishFile[] = []
  for (const note of notes) files.push(...(await noteFiles(note, options.team, options)))
  return checkDuplicates(files)
}

/** One note → its minutes and the pictures downloaded from the note's server. */
async function noteFiles(input: string, team: string, options: CollectOptions): Promise<PublishFile[]> {
  const timeout = options.timeout ?? 30_000
  const note = await readNote(input, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    timeout,
    servers: [options.config.hedgedoc],
    ...(options.maxNoteBytes === undefined ? {} : {maxBytes: options.maxNoteBytes}),
    ...(options.cookie ? {cookie: options.cookie} : {})
  })
  const label = note.url ?? input
  const server = note.server ?? options.config.hedgedoc
  // Nothing is written locally: the resolver's folder only has to be empty.
  const resolver =
    options.images === 'keep'
      ? undefined
      : createImageResolver({
          server,
          directory: join(tmpdir(), `minutes-publish-${process.pid}-${Date.now()}`),
          timeout,
          ...(options.maxImageBytes === undefined ? {} : {maxBytes: options.maxImageBytes}),
          ...(options.cookie ? {cookie: options.cookie} : {})
        })

  const result = await convert(note.text, {
    config: note.server && note.server !== options.config.hedgedoc ? {...options.config, hedgedoc: note.server} : options.config,
    cwd: options.cwd,
    team,
    ...(note.kind === 'file' ? {path: input} : {}),
    ...(note.url === undefined ? {} : {source: note.url}),
    ...(options.date === undefined ? {} : {date: options.date}),
    ...(options.template === undefined ? {} : {template: options.template}),
    ...(resolver ? {resolveImage: resolver.resolve} : {})
  })
  for (const message of result.messages) options.onMessage?.(message.file === undefined ? {...message, file: label} : message)
  for (const entry of resolver?.results ?? []) {
    if (entry.status === 'failed') options.onNotice?.(`${label}: could not download picture ${entry.url}: ${entry.reason}; the link is kept`)
  }

  if (!result.markdown.trim()) throw new InputError(`${label}: the note is empty`)
  const date = options.date ?? result.data.date
  if (!date) {
    throw new UsageError(`${label}: no meeting date found in the note's title, front matter or file name`, {hint: 'Pass --date YYYY-MM-DD.'})
  }

  const pictures: PublishFile[] = (resolver?.results ?? [])
    .filter((entry) => entry.status === 'downloaded' && entry.file && entry.data)
    .map((entry) => ({path: `${team}/${basename(entry.file!)}`, content: entry.data!}))

  return [
    {
      path: minutesPath(team, date),
      content: Buffer.from(result.markdown),
      minutes: {
        team,
        date,
        title: result.data.title,
        participants: result.data.participants.length,
        actionItems: result.data.actionItems.map(({owners, text}) => ({owners, text})),
        source: note.url
      }
    },
    ...pictures
  ]
}

/** Files in `<team>/…` folders of `dir` (the layout `migrate` writes); hidden files are left out. */
async function readLayout(dir: string, label: string, options: CollectOptions): Promise<PublishFile[]> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new UsageError(`--dir ${label}: not a folder`)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new InputError(`--dir ${describeSystemError(error, label)}`, {cause: error})
  }

  const found = (await glob(['**/*'], {cwd: dir, onlyFiles: true, dot: false, followSymbolicLinks: false})).sort()
  const top = found.filter((path) => !path.includes('/'))
  if (top.length > 0) options.onNotice?.(`${label}: left out ${top.length} file${top.length === 1 ? '' : 's'} outside team folders (${top.slice(0, 3).join(', ')}${top.length > 3 ? ', …' : ''})`)
  const paths = found.filter((path) => path.includes('/'))
  if (paths.length === 0) throw new UsageError(`--dir ${label}: no files in team folders (expected <team>/<YYYYMMDD>.md)`)

  const files: PublishFile[] = []
  for (const path of paths) {
    const team = path.slice(0, path.indexOf('/'))
    validateTeam(team)
    validatePath(path)
    let content: Uint8Array
    try {
      content = await readFile(resolve(dir, path))
    } catch (error) {
      throw new InputError(describeSystemError(error, `${label}/${path}`), {cause: error})
    }

    files.push({path, content, ...(path.endsWith('.md') ? {minutes: await describeMinutes(path, team, content, options)} : {})})
  }

  return checkDuplicates(files)
}

/** What the pull request says about minutes already converted: read them again for their data. */
async function describeMinutes(path: string, team: string, content: Uint8Array, options: CollectOptions): Promise<MinutesInfo> {
  const name = posix.basename(path, '.md')
  const fileDate = /^\d{8}$/.test(name) ? calendarDate(name.slice(0, 4), name.slice(4, 6), name.slice(6, 8)) : undefined
  const {data} = await convert(decodeText(content, path), {path, config: options.config, team})
  return {
    team,
    date: fileDate ?? data.date,
    title: data.title,
    participants: data.participants.length,
    actionItems: data.actionItems.map(({owners, text}) => ({owners, text})),
    source: undefined
  }
}

/** Two notes may share a picture (same name and bytes: kept once); never two different files at one path. */
function checkDuplicates(files: PublishFile[]): PublishFile[] {
  const seen = new Map<string, PublishFile>()
  const result: PublishFile[] = []
  for (const file of files) {
    validatePath(file.path)
    const earlier = seen.get(file.path)
    if (earlier && !file.minutes && !earlier.minutes && Buffer.compare(Buffer.from(earlier.content), Buffer.from(file.content)) === 0) continue
    if (earlier) throw new UsageError(`two notes give ${file.path}`, {hint: 'Publish them one at a time, or pass --date.'})
    seen.set(file.path, file)
    result.push(file)
  }

  return result
}
