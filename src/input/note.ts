/**
 * `readNote()`: the text of a note from wherever it lives: a file, stdin
 * (`-`), or a note URL on a HedgeDoc 1.x or 2 server or on HackMD. Private
 * notes are read with a HedgeDoc session cookie or an API token; none of them
 * is ever part of a message.
 */
import {readFile} from 'node:fs/promises'
import {resolve} from 'node:path'
import {InputError, describeSystemError} from '../errors.js'
import {HttpError, fetchUrl, formatBytes, mediaType, secretsOf, statusText, type HttpOptions, type HttpResponse} from '../net/http.js'
import {isUrl, parseNoteUrl, type NoteLocation} from './note-url.js'
import {decodeText} from './text.js'
import {registerSecret} from '../util/secrets.js'

export interface NoteInfo {
  /** Title the server knows (HedgeDoc: YAML `title` or the first heading). */
  title?: string
  description?: string
  /** When the note was created and last changed (ISO 8601, as the server says). */
  createtime?: string
  updatetime?: string
}

export interface Note {
  /** The Markdown, decoded from UTF-8, LF line endings. */
  text: string
  /** What messages name: the file path as given, `stdin`, or the note URL. */
  name: string
  /** Where the note came from. */
  kind: 'file' | 'stdin' | NoteLocation['kind']
  /** Path of a local file (absolute). */
  path?: string
  /** The note's URL without query or fragment (for templates' `source`). */
  url?: string
  /** Base URL of the note's server (`https://input.scs.community`). */
  server?: string
  /** Title and times from the server, when it gave them. */
  info?: NoteInfo
}

export interface ReadNoteOptions {
  /** Folder relative file paths are resolved from. Default: `process.cwd()`. */
  cwd?: string
  /** Stream read for `-`. Default: `process.stdin`. */
  stdin?: AsyncIterable<Uint8Array | string>
  /**
   * Environment for `MINUTES_HEDGEDOC_COOKIE`, `MINUTES_HEDGEDOC_TOKEN`,
   * `HACKMD_TOKEN` and `MINUTES_HACKMD_API`. Default: `process.env`.
   */
  env?: Record<string, string | undefined>
  /**
   * HedgeDoc 1.x session cookie (`connect.sid=…`; a bare value is taken as
   * `connect.sid`). Default: `MINUTES_HEDGEDOC_COOKIE`.
   */
  cookie?: string
  /** HedgeDoc 2 API token. Default: `MINUTES_HEDGEDOC_TOKEN`. */
  hedgedocToken?: string
  /** HackMD API token. Default: `HACKMD_TOKEN`. */
  hackmdToken?: string
  /** HackMD API base URL (tests, HackMD EE). Default: `MINUTES_HACKMD_API`, else `https://api.hackmd.io/v1`. */
  hackmdApi?: string
  /** Known HedgeDoc base URLs, to recognise one installed under a path. Default: none. */
  servers?: readonly string[]
  /** Milliseconds for each request. Default: 30 000. */
  timeout?: number
  /**
   * Largest note read by URL, in bytes: the answer is streamed and the read
   * stops there, with an error naming the limit. Default: 10 MB
   * (`defaultMaxNoteBytes`).
   */
  maxBytes?: number
  /** Retries after connection errors and 5xx. Default: 2. */
  retries?: number
  /** Milliseconds before the first retry. Default: 500. */
  retryDelay?: number
}

/** Default largest note read by URL: 10 MB. */
export const defaultMaxNoteBytes = 10 * 1024 * 1024

/** Read the note `input`: a file path, `-` for stdin, or a note URL. */
export async function readNote(input: string, options: ReadNoteOptions = {}): Promise<Note> {
  if (input === '-') {
    const chunks: Uint8Array[] = []
    for await (const chunk of options.stdin ?? (process.stdin as AsyncIterable<Uint8Array>)) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    }

    return {text: decodeText(Buffer.concat(chunks), 'stdin'), name: 'stdin', kind: 'stdin'}
  }

  if (!isUrl(input)) return readFileNote(input, options.cwd ?? process.cwd())

  const env = options.env ?? process.env
  const hackmdApi = options.hackmdApi ?? (env.MINUTES_HACKMD_API || undefined)
  const location = parseNoteUrl(input, {
    ...(options.servers ? {servers: options.servers} : {}),
    ...(hackmdApi ? {hackmdApi} : {})
  })
  const maxBytes = options.maxBytes ?? defaultMaxNoteBytes
  const http: HttpOptions = {
    maxBytes,
    ...(options.timeout === undefined ? {} : {timeout: options.timeout}),
    ...(options.retries === undefined ? {} : {retries: options.retries}),
    ...(options.retryDelay === undefined ? {} : {retryDelay: options.retryDelay})
  }

  try {
    switch (location.kind) {
      case 'hedgedoc': {
        return await readHedgedoc(location, cookieHeader(options.cookie ?? env.MINUTES_HEDGEDOC_COOKIE), http)
      }
      case 'hedgedoc2': {
        return await readHedgedoc2(location, options.hedgedocToken ?? (env.MINUTES_HEDGEDOC_TOKEN || undefined), http)
      }
      case 'hackmd': {
        return await readHackmd(location, options.hackmdToken ?? (env.HACKMD_TOKEN || undefined), http)
      }
    }
  } catch (error) {
    if (!(error instanceof HttpError) || error.code !== 'too-large') throw error
    throw new HttpError(`${location.url}: the note is larger than ${formatBytes(maxBytes)}, the limit for a note read by URL; not read further`, {
      code: 'too-large',
      url: location.url,
      ...(error.status === undefined ? {} : {status: error.status}),
      hint: `Pass --max-note-size MB to allow a larger note (default: ${formatBytes(defaultMaxNoteBytes)}).`
    })
  }
}

async function readFileNote(input: string, cwd: string): Promise<Note> {
  const path = resolve(cwd, input)
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const hint = code === 'ENOENT' && /^[\w-]+(\.[\w-]+)+\//.test(input) ? `For a note on a server, pass the whole URL: https://${input}` : undefined
    throw new InputError(describeSystemError(error, input), {cause: error, ...(hint ? {hint} : {})})
  }

  return {text: decodeText(bytes, input), name: input, kind: 'file', path}
}

/** `Cookie` header value for a cookie option: `name=value` pairs, or a bare `connect.sid` value. */
export function cookieHeader(cookie: string | undefined): string | undefined {
  const value = cookie?.trim().replace(/^cookie:\s*/i, '')
  if (!value) return undefined
  const header = value.includes('=') ? value : `connect.sid=${value}`
  registerSecret(header, 'cookie')
  return header
}

async function readHedgedoc(location: Extract<NoteLocation, {kind: 'hedgedoc'}>, cookie: string | undefined, http: HttpOptions): Promise<Note> {
  const headers: Record<string, string> = {accept: 'text/markdown, text/plain;q=0.9, */*;q=0.1'}
  if (cookie) headers.cookie = cookie
  const secrets = secretsOf(headers)
  const root = new URL(location.server + '/').pathname
  // HedgeDoc 1.x answers a reader who may not see the note with a redirect to
  // the start page (`lib/errors.js`, `errorForbidden`), not with a 401/403.
  // Its `serverURL` may name another host than the URL used, so any redirect
  // to a start page counts: a note's Markdown is never there.
  const onRedirect = (to: URL) => {
    if (to.pathname === root || to.pathname === root.replace(/\/$/, '') || to.pathname === '/') {
      throw new HttpError(
        cookie
          ? `${location.url}: the server sent the login page: the session cookie was not accepted (it may have expired)`
          : `${location.url}: the server sent the login page: the note is private or needs a login`,
        {
          code: 'login',
          url: location.url,
          secrets,
          hint: `Log in at ${location.server} in a browser, copy the value of its \`connect.sid\` cookie, and pass it with --cookie 'connect.sid=…' or the MINUTES_HEDGEDOC_COOKIE environment variable.`
        }
      )
    }
  }

  const response = await fetchUrl(location.download, {...http, headers, onRedirect})
  if (response.status !== 200) {
    const hedgedoc = response.headers.has('hedgedoc-version')
    if (response.status === 404) {
      throw new HttpError(
        hedgedoc
          ? `${location.url}: no such note on ${location.server} (404 Not Found)`
          : `${location.url}: not found (404); is ${location.server} a HedgeDoc server and "${location.id}" a note on it?`,
        {code: 'status', url: location.url, status: 404, secrets, hint: 'Check the URL: open it in a browser, and copy it from the address bar.'}
      )
    }

    if (response.status === 403) {
      throw new HttpError(`${location.url}: the logged-in user may not read this note (403 Forbidden)`, {
        code: 'login',
        url: location.url,
        status: 403,
        secrets,
        hint: "Ask the note's owner to share it, or use the cookie of a user who can read it."
      })
    }

    throw statusError(location.url, response, secrets)
  }

  checkMarkdown(response, location, secrets)
  const text = decodeText(response.body, location.url)
  const info = await readJson(location.info, {...http, headers, onRedirect})
  return {
    text,
    name: location.url,
    kind: 'hedgedoc',
    url: location.url,
    server: location.server,
    ...(info ? {info: noteInfo(info, {title: 'title', description: 'description', createtime: 'createtime', updatetime: 'updatetime'})} : {})
  }
}

/** A reply that is not Markdown (an HTML page, JSON, a picture) is refused. */
function checkMarkdown(response: HttpResponse, location: NoteLocation, secrets: readonly string[]): void {
  const type = mediaType(response.headers)
  const start = Buffer.from(response.body.subarray(0, 512)).toString('utf8').trimStart().toLowerCase()
  const markdownType = type === 'text/markdown' || type === 'text/x-markdown'
  const html = type === 'text/html' || type === 'application/xhtml+xml' || (!markdownType && /^<(!doctype html|html[\s>])/.test(start))
  if (html) {
    throw new HttpError(`${location.url}: the server sent an HTML page, not the note's Markdown; is ${location.server} a HedgeDoc server?`, {
      code: 'status',
      url: location.url,
      status: response.status,
      secrets,
      hint: 'Check the URL, or save the note with "Download → Markdown" in HedgeDoc and convert the file.'
    })
  }

  if (type && !markdownType && type !== 'text/plain') {
    throw new HttpError(`${location.url}: the server sent ${type}, not the note's Markdown; is ${location.server} a HedgeDoc server?`, {
      code: 'status',
      url: location.url,
      status: response.status,
      secrets,
      hint: 'Check the URL, or save the note as a file and convert that.'
    })
  }
}

function statusError(url: string, response: HttpResponse, secrets: readonly string[], hint?: string): HttpError {
  const server = response.status >= 500
  return new HttpError(`${url}: the server answered ${statusText(response.status)}${server ? ' (after retrying)' : ''}`, {
    code: 'status',
    url,
    status: response.status,
    secrets,
    hint: hint ?? (server ? 'The server has a problem; try again later.' : 'Check the URL; open it in a browser to see what the server says.')
  })
}

/** JSON from `url`, or `undefined` when it cannot be had: the title is a nicety, the note is what counts. */
async function readJson(url: string, options: HttpOptions): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetchUrl(url, {...options, retries: 0})
    if (response.status !== 200) return undefined
    const value = JSON.parse(Buffer.from(response.body).toString('utf8')) as unknown
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function noteInfo(value: Record<string, unknown>, keys: Record<keyof NoteInfo, string | string[]>): NoteInfo {
  const info: NoteInfo = {}
  for (const [field, names] of Object.entries(keys) as Array<[keyof NoteInfo, string | string[]]>) {
    for (const name of Array.isArray(names) ? names : [names]) {
      const raw = value[name]
      if (typeof raw === 'string' && raw) {
        info[field] = raw
        break
      }

      if (typeof raw === 'number' && (field === 'createtime' || field === 'updatetime')) {
        info[field] = new Date(raw).toISOString()
        break
      }
    }
  }

  return info
}

async function readHedgedoc2(location: Extract<NoteLocation, {kind: 'hedgedoc2'}>, token: string | undefined, http: HttpOptions): Promise<Note> {
  const headers: Record<string, string> = {accept: 'text/markdown, text/plain;q=0.9'}
  if (token) headers.authorization = `Bearer ${token}`
  const secrets = secretsOf(headers)
  const response = await fetchUrl(location.content, {...http, headers})
  if (response.status === 401 || response.status === 403) {
    throw new HttpError(
      token
        ? `${location.url}: the HedgeDoc API refused the token (${statusText(response.status)})`
        : `${location.url}: the HedgeDoc 2 API needs a token (${statusText(response.status)})`,
      {
        code: 'login',
        url: location.url,
        status: response.status,
        secrets,
        hint: 'Create an API token in HedgeDoc (profile → access tokens) and set it in the MINUTES_HEDGEDOC_TOKEN environment variable.'
      }
    )
  }

  if (response.status === 404) {
    throw new HttpError(`${location.url}: no such note on ${location.server} (404 Not Found)`, {code: 'status', url: location.url, status: 404, secrets, hint: 'Check the URL.'})
  }

  if (response.status !== 200) throw statusError(location.url, response, secrets)
  checkMarkdown(response, location, secrets)
  const text = decodeText(response.body, location.url)
  const metadata = await readJson(location.metadata, {...http, headers})
  return {
    text,
    name: location.url,
    kind: 'hedgedoc2',
    url: location.url,
    server: location.server,
    ...(metadata
      ? {info: noteInfo(metadata, {title: 'title', description: 'description', createtime: ['createdAt', 'createTime'], updatetime: ['updatedAt', 'updateTime']})}
      : {})
  }
}

async function readHackmd(location: Extract<NoteLocation, {kind: 'hackmd'}>, token: string | undefined, http: HttpOptions): Promise<Note> {
  const hint = 'Create a token at https://hackmd.io/settings#api and set it in the HACKMD_TOKEN environment variable.'
  if (!token) throw new InputError(`${location.url}: HackMD notes are read through its API, which needs a token`, {hint})
  const headers = {accept: 'application/json', authorization: `Bearer ${token}`}
  const secrets = secretsOf(headers)
  const response = await fetchUrl(location.api, {...http, headers})
  if (response.status === 401 || response.status === 403) {
    throw new HttpError(`${location.url}: the HackMD API refused the token (${statusText(response.status)})`, {code: 'login', url: location.url, status: response.status, secrets, hint})
  }

  if (response.status === 404) {
    throw new HttpError(`${location.url}: the HackMD API has no note "${location.id}" (404 Not Found)`, {
      code: 'status',
      url: location.url,
      status: 404,
      secrets,
      hint: "Check the URL; the API knows a note by the id in https://hackmd.io/<id>, not by a custom permalink, and only notes the token's user can read."
    })
  }

  if (response.status !== 200) throw statusError(location.url, response, secrets)
  let note: unknown
  try {
    note = JSON.parse(Buffer.from(response.body).toString('utf8'))
  } catch {
    note = undefined
  }

  const content = (note as {content?: unknown} | undefined)?.content
  if (typeof content !== 'string') {
    throw new HttpError(`${location.url}: the HackMD API answered without the note's content (expected JSON with "content")`, {
      code: 'status',
      url: location.url,
      status: response.status,
      secrets,
      hint: 'Check MINUTES_HACKMD_API: it should be the API base URL, such as https://api.hackmd.io/v1.'
    })
  }

  return {
    text: decodeText(Buffer.from(content, 'utf8'), location.url),
    name: location.url,
    kind: 'hackmd',
    url: location.url,
    server: location.server,
    info: noteInfo(note as Record<string, unknown>, {title: 'title', description: 'description', createtime: 'createdAt', updatetime: 'lastChangedAt'})
  }
}
