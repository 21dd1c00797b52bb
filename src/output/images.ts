/**
 * Pictures kept with the minutes: pictures hosted on the note's server are
 * downloaded and saved next to the minutes file, and the reference becomes
 * the file's name.
 *
 * Two layers, so a batch can share the network part:
 * - `createImageDownloader()` fetches each distinct URL once, at most
 *   `concurrency` at a time per host, checks that the reply is a picture no
 *   larger than `maxBytes`, and stops asking a host that timed out or could
 *   not be reached (one hanging server costs one timeout, not one per picture).
 * - `createImageResolver()` decides where each picture goes in one folder:
 *   the upload's own name, made safe; an identical existing file is reused; a
 *   different file of the same name is never overwritten (`name-2.png`).
 *   Nothing is written until `write()`, so a conversion that fails later
 *   leaves no pictures behind; each file is written atomically.
 *
 * A picture that cannot be had (not a picture, too large, an error, a hanging
 * server) keeps its reference and is reported in `results`; it never aborts
 * the conversion.
 */
import {readFile} from 'node:fs/promises'
import {dirname, extname, join, resolve as resolvePath} from 'node:path'
import {fileTypeFromBuffer} from 'file-type'
import filenamify from 'filenamify'
import pLimit, {type LimitFunction} from 'p-limit'
import {MinutesError} from '../errors.js'
import {HttpError, displayUrl, fetchUrl, formatBytes, mediaType, statusText} from '../net/http.js'
import {writeFileAtomic} from './write.js'

/** Default largest picture: 20 MB. */
const defaultMaxImageBytes = 20 * 1024 * 1024

export interface ImageDownloaderOptions {
  /** Largest picture, in bytes. Default: 20 MB (`defaultMaxImageBytes`). */
  maxBytes?: number
  /** Milliseconds for each request. Default: 30 000. */
  timeout?: number
  /** Retries after connection errors and 5xx. Default: 2. */
  retries?: number
  /** Milliseconds before the first retry. Default: 500. */
  retryDelay?: number
  /** Downloads at once from one host. Default: 4. */
  concurrency?: number
  /**
   * `Cookie` header for downloads from `cookieOrigin` only (HedgeDoc 1.x
   * serves uploads without one; a server behind a login may not). Default: none.
   */
  cookie?: string
  /** Origin (`https://input.scs.community`) the cookie is sent to. */
  cookieOrigin?: string
}

export interface Picture {
  /** URL it was downloaded from. */
  url: string
  data: Uint8Array
  /** Media type found in the content (`image/png`). */
  type: string
  /** File name to save it under: the upload's own name, safe, with a picture extension. */
  name: string
}

export type Download = {ok: true; picture: Picture} | {ok: false; reason: string}

export interface ImageDownloader {
  /** Download the picture at the absolute `url` (once; later calls share the answer). Never throws for network or content problems. */
  download: (url: string) => Promise<Download>
}

export interface ImageResolverOptions extends ImageDownloaderOptions {
  /** Base URL of the note's server: pictures on its host are downloaded, relative `/uploads/…` ones too. */
  server: string
  /** Further hosts (`bucket.s3.example.org`) whose pictures are downloaded. Default: none. */
  hosts?: readonly string[]
  /** Folder of the minutes file; pictures are saved in it. */
  directory: string
  /** Downloader shared with other resolvers (a batch fetches each URL once). Default: one made from these options. */
  downloader?: ImageDownloader
}

export interface ImageResult {
  /** URL as written in the note. */
  url: string
  /**
   * `downloaded`: to be written by `write()` (then on disk); `reused`: an
   * identical file is already there; `failed`: the reference stays as it was.
   */
  status: 'downloaded' | 'reused' | 'failed'
  /** Absolute path of the picture's file. */
  file?: string
  /** What the minutes now reference (the file name, URL-encoded). */
  reference?: string
  /** Size in bytes. */
  bytes?: number
  /** The picture, for `downloaded` (for callers that commit files without writing them). */
  data?: Uint8Array
  /** Why it failed, for `failed`. */
  reason?: string
}

export interface ImageResolver {
  /** Pass to `convert()` as `resolveImage`: the new reference, or `undefined` to keep the URL. */
  resolve: (url: string) => Promise<string | undefined>
  /** One entry per distinct URL handled, in the order they were first resolved. */
  readonly results: ImageResult[]
  /** Write the downloaded pictures (atomically); returns the results written. */
  write: () => Promise<ImageResult[]>
}

const pictureExtensions = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp', 'ico', 'avif', 'tif', 'tiff', 'apng', 'heic', 'heif', 'jxl'])

export function createImageDownloader(options: ImageDownloaderOptions = {}): ImageDownloader {
  const concurrency = options.concurrency ?? 4
  const limits = new Map<string, LimitFunction>()
  const downloads = new Map<string, Promise<Download>>()
  /** Hosts that timed out or could not be reached → why. */
  const unreachable = new Map<string, string>()
  const cookieOrigin = options.cookieOrigin ? new URL(options.cookieOrigin).origin : undefined

  async function fetchPicture(url: URL): Promise<Download> {
    const known = unreachable.get(url.host)
    if (known) return {ok: false, reason: `not tried: ${url.host} did not answer an earlier download (${known})`}
    const headers: Record<string, string> = {accept: 'image/*'}
    if (options.cookie && url.origin === cookieOrigin) headers.cookie = options.cookie
    let response
    try {
      response = await fetchUrl(url, {
        headers,
        maxBytes: options.maxBytes ?? defaultMaxImageBytes,
        ...(options.timeout === undefined ? {} : {timeout: options.timeout}),
        ...(options.retries === undefined ? {} : {retries: options.retries}),
        ...(options.retryDelay === undefined ? {} : {retryDelay: options.retryDelay})
      })
    } catch (error) {
      if (!(error instanceof HttpError)) throw error
      const reason = error.message.startsWith(error.url + ': ') ? error.message.slice(error.url.length + 2) : error.message
      if (error.code === 'timeout' || error.code === 'network') unreachable.set(url.host, reason)
      return {ok: false, reason}
    }

    if (response.status !== 200) return {ok: false, reason: `the server answered ${statusText(response.status)}`}
    const sent = mediaType(response.headers)
    const type = await pictureType(response.body, sent)
    if (!type) {
      return {ok: false, reason: `not a picture (the server sent ${sent || 'no content type'}, ${formatBytes(response.body.byteLength)})`}
    }

    return {ok: true, picture: {url: url.href, data: response.body, type: type.mime, name: safeName(lastSegment(url), type.ext)}}
  }

  return {
    download(url) {
      let parsed: URL
      try {
        parsed = new URL(url)
      } catch {
        return Promise.resolve({ok: false, reason: 'not a URL'})
      }

      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        return Promise.resolve({ok: false, reason: `unsupported protocol "${parsed.protocol}"`})
      }

      if (parsed.username || parsed.password) return Promise.resolve({ok: false, reason: 'the URL contains a user name or password'})
      parsed.hash = ''
      let promise = downloads.get(parsed.href)
      if (!promise) {
        let limit = limits.get(parsed.host)
        if (!limit) {
          limit = pLimit(concurrency)
          limits.set(parsed.host, limit)
        }

        promise = limit(() => fetchPicture(parsed))
        downloads.set(parsed.href, promise)
      }

      return promise
    }
  }
}

export function createImageResolver(options: ImageResolverOptions): ImageResolver {
  const server = new URL(options.server)
  const serverPath = server.pathname.replace(/\/*$/, '/')
  const hosts = new Set((options.hosts ?? []).map((host) => host.toLowerCase()))
  const directory = resolvePath(options.directory)
  const downloader = options.downloader ?? createImageDownloader({...options, ...(options.cookie ? {cookieOrigin: server.origin} : {})})
  const results: ImageResult[] = []
  const resolved = new Map<string, Promise<string | undefined>>()
  /** File name → content, for the files this resolver plans or found. */
  const names = new Map<string, Uint8Array>()
  /** Names are chosen one at a time, in the order `resolve` was called, so the result does not depend on which download ends first. */
  let turn: Promise<unknown> = Promise.resolve()

  function hosted(url: string): URL | undefined {
    const value = url.trim()
    // A path without a leading slash is a file beside the note, not on the server.
    if (!/^(https?:)?\/\//i.test(value) && !value.startsWith('/')) return undefined
    let parsed: URL
    try {
      parsed = new URL(value, server)
    } catch {
      return undefined
    }

    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined
    if (hosts.has(parsed.host.toLowerCase())) return parsed
    if (parsed.host.toLowerCase() !== server.host.toLowerCase()) return undefined
    return value.startsWith('/') && !value.startsWith('//') ? parsed : parsed.pathname.startsWith(serverPath) ? parsed : undefined
  }

  async function place(url: string, picture: Picture): Promise<ImageResult> {
    const dot = picture.name.lastIndexOf('.')
    const stem = picture.name.slice(0, dot)
    const extension = picture.name.slice(dot)
    for (let index = 1; index < 1000; index++) {
      const name = index === 1 ? picture.name : `${stem}-${index}${extension}`
      const file = join(directory, name)
      if (dirname(file) !== directory) throw new MinutesError(`${displayUrl(url)}: unsafe picture file name "${name}"`)
      const reference = encodeURIComponent(name)
      const base = {url, file, reference, bytes: picture.data.byteLength}
      const planned = names.get(name)
      if (planned) {
        if (Buffer.compare(planned, picture.data) === 0) return {...base, status: 'reused'}
        continue
      }

      const existing = await readExisting(file)
      if (existing === 'taken') continue
      if (existing) {
        names.set(name, existing)
        if (Buffer.compare(existing, picture.data) === 0) return {...base, status: 'reused'}
        continue
      }

      names.set(name, picture.data)
      return {...base, status: 'downloaded', data: picture.data}
    }

    return {url, status: 'failed', reason: `no free file name for ${picture.name} in ${directory}`}
  }

  async function resolveOne(url: string): Promise<string | undefined> {
    const target = hosted(url)
    if (!target) return undefined
    const download = downloader.download(target.href)
    const previous = turn
    const result = (async () => {
      const outcome = await download
      await previous
      const entry: ImageResult = outcome.ok ? await place(url, outcome.picture) : {url, status: 'failed', reason: outcome.reason}
      results.push(entry)
      return entry.status === 'failed' ? undefined : entry.reference
    })()
    turn = result.catch(() => undefined)
    return result
  }

  return {
    results,
    resolve(url) {
      let promise = resolved.get(url)
      if (!promise) {
        promise = resolveOne(url)
        resolved.set(url, promise)
      }

      return promise
    },
    async write() {
      const written: ImageResult[] = []
      for (const result of results) {
        if (result.status !== 'downloaded' || !result.file || !result.data) continue
        const existing = await readExisting(result.file)
        if (existing instanceof Uint8Array && Buffer.compare(existing, result.data) === 0) continue
        if (existing) throw new MinutesError(`${result.file}: appeared while the minutes were converted; not overwritten`)
        await writeFileAtomic(result.file, result.data)
        written.push(result)
      }

      return written
    }
  }
}

/** Content of an existing file; `undefined` when there is none; `taken` when the name is used by something unreadable (a folder). */
async function readExisting(file: string): Promise<Uint8Array | undefined | 'taken'> {
  try {
    return await readFile(file)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'taken'
  }
}

/** The picture's media type and extension from its content; `undefined` when it is not a picture. */
async function pictureType(data: Uint8Array, sent: string): Promise<{mime: string; ext: string} | undefined> {
  if (sent === 'text/html' || sent === 'application/xhtml+xml') return undefined
  const detected = await fileTypeFromBuffer(data)
  if (detected?.mime.startsWith('image/')) return {mime: detected.mime, ext: detected.ext}
  // SVG is text: file-type does not detect it (or calls it XML).
  if (detected && detected.ext !== 'xml') return undefined
  const start = Buffer.from(data.subarray(0, 4096)).toString('utf8').replace(/^\uFEFF/, '')
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!doctype svg[^>]*>\s*)*<svg[\s>]/i.test(start)) return {mime: 'image/svg+xml', ext: 'svg'}
  return undefined
}

function lastSegment(url: URL): string {
  const segment = url.pathname.slice(url.pathname.lastIndexOf('/') + 1)
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * A file name that stays in its folder: reserved characters (`/`, `\`, `:`,
 * control characters) replaced by filenamify, no leading dots (no hidden
 * files, no `..`), and a picture extension (never `.md`); `picture.<ext>`
 * when nothing is left.
 */
export function safeName(name: string, extension: string): string {
  let result = filenamify(name, {replacement: '-'}).replace(/^[.\s-]+/, '').trim()
  const current = extname(result).slice(1).toLowerCase()
  if (!result || result === extname(result)) result = 'picture'
  if (!pictureExtensions.has(current)) result = `${result}.${extension}`
  return result
}
