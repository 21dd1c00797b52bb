/**
 * Sources of a migration: files, folders and globs become a sorted list of
 * notes (paths only: nothing is read until the note's turn), each with the
 * path it keeps under the output folder and the folder its team comes from;
 * `--urls FILE` becomes a list of note URLs. `readSource` is the one place
 * where a source becomes note text.
 */
import {readFile, stat} from 'node:fs/promises'
import {basename, dirname, relative, resolve, sep} from 'node:path'
import pLimit, {type LimitFunction} from 'p-limit'
import {InputError, UsageError, describeSystemError} from '../errors.js'
import {display, expandPaths, toPosix} from '../input/paths.js'
import {decodeText} from '../input/text.js'

export interface FileSource {
  kind: 'file'
  /** Absolute path. */
  path: string
  /** Name in messages: relative to the working folder when inside it. */
  name: string
  /** Path under the output folder with `--layout keep` (POSIX separators). */
  relative: string
  /** Folder the team comes from with `--layout repo`: the first folder under the source folder, else its name. */
  folder: string
}

export interface UrlSource {
  kind: 'url'
  /** The note's URL as listed. */
  url: string
  /** Name in messages: `FILE:LINE` of the list, then the URL. */
  name: string
}

export type Source = FileSource | UrlSource

/** A note's text and what is known of where it came from. */
export interface NoteText {
  text: string
  /** Size and modification time of a file source (to skip it next time). */
  stat?: {size: number; mtimeMs: number}
  /** URL of the note, when read from one. */
  url?: string
  /** Name for the output file with `--layout keep` (URL sources), without `.md`. */
  title?: string
}

/**
 * Reads a note from a URL: the seam for the note reader (`readNote` in
 * src/input/note.ts). Takes the URL, returns the text, the URL it was read
 * from (after redirects) and a name for the note.
 */
export type NoteReader = (url: string) => Promise<{text: string; url?: string; name?: string}>

function fromRoot(path: string, root: string, cwd: string): FileSource {
  const rel = toPosix(relative(root, path))
  const first = rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : basename(root)
  return {kind: 'file', path, name: display(path, cwd), relative: rel, folder: first}
}

/**
 * Expand files, folders and globs into notes, in the order given (each
 * folder or glob sorted). A file listed twice is migrated once. Files under
 * `exclude` (the output folder, when inside a source folder rather than
 * that folder itself) are left out.
 */
export async function expandSources(inputs: readonly string[], options: {cwd: string; exclude?: string | undefined}): Promise<FileSource[]> {
  const {cwd, exclude} = options
  const result: FileSource[] = []
  for (const file of await expandPaths(inputs, cwd)) {
    if (exclude !== undefined && file.via !== 'file' && exclude.startsWith(file.root + sep) && file.path.startsWith(exclude + sep)) continue
    result.push(file.via === 'file' ? {kind: 'file', path: file.path, name: display(file.path, cwd), relative: basename(file.path), folder: basename(file.root)} : fromRoot(file.path, file.root, cwd))
  }

  return result
}

/** Read `--urls FILE`: one note URL a line; blank lines and `#` comments are skipped. */
export async function readUrlList(file: string, cwd: string): Promise<UrlSource[]> {
  const name = display(resolve(cwd, file), cwd)
  let bytes: Uint8Array
  try {
    bytes = await readFile(resolve(cwd, file))
  } catch (error) {
    throw new UsageError(`--urls ${describeSystemError(error, file)}`, {cause: error})
  }

  const result: UrlSource[] = []
  const seen = new Set<string>()
  const lines = decodeText(bytes, name).split('\n')
  for (const [index, line] of lines.entries()) {
    const value = line.trim()
    if (!value || value.startsWith('#')) continue
    let url: URL | undefined
    try {
      url = new URL(value)
    } catch {}

    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new UsageError(`${name}:${index + 1}:${line.indexOf(value) + 1}: expected a note URL such as https://input.scs.community/abc, got "${value}"`)
    }

    if (seen.has(url.href)) continue
    seen.add(url.href)
    result.push({kind: 'url', url: url.href, name: url.href})
  }

  return result
}

/**
 * The one place where a source becomes note text: files are read and
 * decoded here (binary and invalid UTF-8 refused); URLs go to `readNote`.
 */
export async function readSource(source: Source, options: {readNote?: NoteReader | undefined} = {}): Promise<NoteText> {
  if (source.kind === 'url') {
    if (!options.readNote) {
      throw new InputError(`${source.url}: reading notes from URLs needs the note reader, which this build does not have`)
    }

    const note = await options.readNote(source.url)
    return {text: note.text, url: note.url ?? source.url, ...(note.name === undefined ? {} : {title: note.name})}
  }

  let bytes: Uint8Array
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(source.path)
    bytes = await readFile(source.path)
  } catch (error) {
    throw new InputError(describeSystemError(error, source.name), {cause: error})
  }

  return {text: decodeText(bytes, source.name), stat: {size: info.size, mtimeMs: info.mtimeMs}}
}

/** A name usable as a file name for a note read from a URL. */
export function fileNameFor(title: string): string {
  const name = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 100)
  return name || 'note'
}

/**
 * Wrap a note reader so that at most `perHost` reads run at once against
 * each server, however many notes are in flight (p-limit, one per host).
 */
export function limitPerHost(reader: NoteReader, perHost: number): NoteReader {
  const limits = new Map<string, LimitFunction>()
  return function (url) {
    const host = new URL(url).host
    let limit = limits.get(host)
    if (!limit) {
      limit = pLimit(perHost)
      limits.set(host, limit)
    }

    return limit(() => reader(url))
  }
}
