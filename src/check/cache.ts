/**
 * GitHub lookups kept on disk, so a second run asks GitHub nothing it already
 * knows: one JSON file per API, entries with an expiry. What exists is kept
 * for a week (an issue does not stop being a pull request; a rename is rare);
 * what is missing for a day (it may be created, or made public); what could
 * not be looked up is never kept. Written atomically, merged with what
 * another run wrote meanwhile; an unreadable file is a cold cache, not an
 * error.
 */
import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import envPaths from 'env-paths'
import type {LookupResult} from '../github/lookup.js'
import {writeFileAtomic} from '../output/write.js'

export const foundTtl = 7 * 24 * 3600 * 1000
export const missingTtl = 24 * 3600 * 1000

interface Entry {
  result: LookupResult
  /** Milliseconds since the epoch. */
  expires: number
}

interface CacheFile {
  version: 1
  api: string
  entries: Record<string, Entry>
}

/** The default folder: the user's cache folder (`~/.cache/minutes` on Linux). */
export function defaultCacheDir(): string {
  return envPaths('minutes', {suffix: ''}).cache
}

export class LookupCache {
  readonly path: string | undefined
  private readonly api: string
  private entries: Record<string, Entry>
  private readonly added: Record<string, Entry> = {}
  private readonly now: () => number

  private constructor(path: string | undefined, api: string, entries: Record<string, Entry>, now: () => number) {
    this.path = path
    this.api = api
    this.entries = entries
    this.now = now
  }

  /** Open the cache for `api` in `directory`; `undefined` keeps nothing. */
  static async open(directory: string | undefined, api: string, now: () => number = Date.now): Promise<LookupCache> {
    if (!directory) return new LookupCache(undefined, api, {}, now)
    const name = `github-${createHash('sha256').update(api).digest('hex').slice(0, 12)}.json`
    const path = join(directory, name)
    return new LookupCache(path, api, await read(path, api), now)
  }

  get(key: string): LookupResult | undefined {
    const entry = this.added[key] ?? this.entries[key]
    return entry && entry.expires > this.now() ? entry.result : undefined
  }

  set(key: string, result: LookupResult): void {
    if (result.status === 'unknown') return
    this.added[key] = {result, expires: this.now() + (result.status === 'found' ? foundTtl : missingTtl)}
  }

  /** Write what was added (with what is on disk now), dropping expired entries. */
  async save(): Promise<void> {
    if (!this.path || Object.keys(this.added).length === 0) return
    const now = this.now()
    const merged = {...(await read(this.path, this.api)), ...this.added}
    const entries: Record<string, Entry> = {}
    for (const [key, entry] of Object.entries(merged)) if (entry.expires > now) entries[key] = entry
    const file: CacheFile = {version: 1, api: this.api, entries}
    await writeFileAtomic(this.path, JSON.stringify(file))
    this.entries = entries
  }
}

async function read(path: string, api: string): Promise<Record<string, Entry>> {
  try {
    const file = JSON.parse(await readFile(path, 'utf8')) as Partial<CacheFile>
    return file.version === 1 && file.api === api && file.entries && typeof file.entries === 'object' ? file.entries : {}
  } catch {
    return {}
  }
}
