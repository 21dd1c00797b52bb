/**
 * What an earlier run did, so a re-run skips notes whose minutes are up to
 * date: `DIR/.minutes-migrate.json` records, for each source, the settings
 * it was converted with, its size, time and hash, the file written (size and
 * time), the note's own URL and where its links to other notes went.
 *
 * A note is up to date when its source and settings are the same, its
 * minutes are still the file this tool wrote, and every link to another note
 * still resolves to the same place. Only then is it skipped; `--force`
 * ignores the manifest. A missing or unreadable manifest means "nothing is up
 * to date", never an error.
 */
import {createHash} from 'node:crypto'
import {readFile, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {writeFileAtomic} from '../output/write.js'

export const manifestName = '.minutes-migrate.json'

export interface FileStamp {
  size: number
  mtimeMs: number
}

export interface ManifestEntry {
  /** Fingerprint of the tool version, configuration, template and layout. */
  settings: string
  /** The source when it was converted (for a file source). */
  source: FileStamp & {sha256: string}
  /** Minutes written, relative to the output folder (POSIX). */
  output: string
  /** The minutes file as written. */
  written: FileStamp
  /** Key of the note's own HedgeDoc URL, when known. */
  url?: string
  /** Each link to another note: its URL, the note's key, where the link went (`null`: it stayed). */
  links: Array<{url: string; key: string; line: number | undefined; column: number | undefined; target: string | null}>
  /** Copies of pictures the minutes show, relative to the output folder. */
  pictures?: string[]
  /** Meeting date found. */
  date?: string
  /** Warnings the conversion reported. */
  warnings: number
}

export interface Manifest {
  version: 1
  notes: Record<string, ManifestEntry>
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** Read the manifest in `out`; an empty one when there is none or it is unreadable. */
export async function loadManifest(out: string): Promise<Manifest> {
  try {
    const value = JSON.parse(await readFile(join(out, manifestName), 'utf8')) as Partial<Manifest>
    if (value.version === 1 && value.notes && typeof value.notes === 'object') return {version: 1, notes: value.notes}
  } catch {}

  return {version: 1, notes: {}}
}

export async function saveManifest(out: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(join(out, manifestName), JSON.stringify(manifest) + '\n')
}

/** Size and modification time of `path`; `undefined` when it does not exist. */
export async function stamp(path: string): Promise<FileStamp | undefined> {
  try {
    const info = await stat(path)
    return {size: info.size, mtimeMs: info.mtimeMs}
  } catch {
    return undefined
  }
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs
}

/**
 * Whether the entry's minutes are up to date, given the source's current
 * stamp (or, when the stamp changed, its text), the settings, and where each
 * of its links would go now.
 */
export async function isUpToDate(
  entry: ManifestEntry | undefined,
  options: {settings: string; out: string; source: FileStamp | undefined; text?: string; resolve: (key: string) => string | undefined}
): Promise<boolean> {
  if (!entry || entry.settings !== options.settings) return false
  const sameSource = options.text === undefined ? sameStamp(entry.source, options.source) : sha256(options.text) === entry.source.sha256
  if (!sameSource) return false
  for (const {key, target} of entry.links) {
    if ((options.resolve(key) ?? null) !== target) return false
  }

  return sameStamp(entry.written, await stamp(join(options.out, entry.output)))
}
