/**
 * Note URLs: what kind of server a URL points at and where its Markdown is.
 * Pure functions, no network.
 *
 * - HedgeDoc 1.x, every form people copy: `/<id>`, `/<id>?both|view|edit`,
 *   `/<id>#heading`, `/<alias>`, `/s/<shortid>`, `/p/<shortid>`, and
 *   `/<id>/download|info|publish|slide`. Query and fragment only choose the
 *   browser's view and are dropped. The Markdown is read from
 *   `/<id>/download` and the title from `/<id>/info`: never `GET /<id>`, which
 *   creates a note when the server allows free URLs, and for `/s/` and `/p/`
 *   not `/s/<id>/download` either, which does the same for an unknown id;
 *   `/<id>/…` accepts short ids and aliases too and creates nothing.
 * - HedgeDoc 2 (`/n/<alias>`): `/api/v2/notes/<alias>/content` and `/metadata`.
 * - HackMD (`hackmd.io/<id>`, `/@user/<id>`, `/s/<id>`): its API
 *   `GET /v1/notes/<id>` (default base `https://api.hackmd.io/v1`).
 */
import {UsageError} from '../errors.js'
import {displayUrl} from '../net/http.js'

export type NoteLocation =
  | {
      kind: 'hedgedoc'
      /** Base URL of the server, no trailing slash (`https://input.scs.community`). */
      server: string
      /** Note id, short id or alias, decoded. */
      id: string
      /** The note's URL without query or fragment, for templates' `source`. */
      url: string
      /** Where its Markdown is. */
      download: string
      /** Where its title and times are (JSON). */
      info: string
    }
  | {kind: 'hedgedoc2'; server: string; id: string; url: string; content: string; metadata: string}
  | {kind: 'hackmd'; server: string; id: string; url: string; api: string}

export interface NoteUrlOptions {
  /**
   * Known HedgeDoc base URLs (the configuration's `hedgedoc`). A server
   * installed under a path (`https://example.org/pad`) is recognised only
   * from these; any other URL's server is its origin.
   */
  servers?: readonly string[]
  /** HackMD API base URL. Default: `https://api.hackmd.io/v1`. */
  hackmdApi?: string
}

const defaultHackmdApi = 'https://api.hackmd.io/v1'
const hackmdHosts = new Set(['hackmd.io', 'www.hackmd.io'])

/**
 * Paths of a HedgeDoc 1.x server that are pages, not notes
 * (`lib/web/*Router.js`, `app.js` static folders).
 */
const reserved = new Set([
  'uploads',
  'login',
  'logout',
  'register',
  'auth',
  'me',
  'history',
  'new',
  'features',
  'status',
  'config',
  'temp',
  'js',
  'css',
  'images',
  'vendor',
  'build',
  'docs',
  'favicon.png',
  'robots.txt',
  '403',
  '404',
  '500'
])

const noteActions = new Set(['download', 'info', 'publish', 'slide', 'pretty', 'revision', 'edit'])

/** Does `input` look like a URL (`scheme://…`) rather than a file path? */
export function isUrl(input: string): boolean {
  return /^[a-z][a-z\d+.-]*:\/\//i.test(input)
}

/** Where the note at `input` is and how to read it; a `UsageError` when it is not a note URL. */
export function parseNoteUrl(input: string, options: NoteUrlOptions = {}): NoteLocation {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new UsageError(`${input}: not a valid URL`)
  }

  const shown = displayUrl(url)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${shown}: unsupported protocol "${url.protocol}", expected an http: or https: URL`, {
      hint: 'Pass the note URL as it appears in the browser, such as https://input.scs.community/<id>, or a file.'
    })
  }

  if (url.username || url.password) {
    throw new UsageError(`${shown}: the URL contains a user name or password`, {
      hint: 'Remove them from the URL; pass a HedgeDoc session with --cookie or MINUTES_HEDGEDOC_COOKIE instead.'
    })
  }

  if (hackmdHosts.has(url.hostname)) return hackmd(url, shown, options.hackmdApi ?? defaultHackmdApi)

  const base = baseOf(url, options.servers ?? [])
  const rest = url.pathname.slice(new URL(base).pathname.replace(/\/$/, '').length)
  const segments = rest.split('/').filter(Boolean)
  const notNote = (why: string) =>
    new UsageError(`${shown}: ${why}`, {
      hint: `Expected a note URL such as ${base}/<id>, ${base}/<id>?both, ${base}/s/<id> or ${base}/n/<alias> (HedgeDoc 2).`
    })

  if (segments.length === 0) throw notNote('this is the server, not a note')
  const [first, second, third] = segments as [string, string | undefined, string | undefined]

  if (first === 'n' && second && segments.length === 2) {
    const id = decode(second, shown)
    const api = `${base}/api/v2/notes/${encodeURIComponent(id)}`
    return {kind: 'hedgedoc2', server: base, id, url: `${base}/n/${second}`, content: `${api}/content`, metadata: `${api}/metadata`}
  }

  let raw: string
  let path: string
  if ((first === 's' || first === 'p') && second && (segments.length === 2 || (segments.length === 3 && noteActions.has(third!)))) {
    raw = second
    path = `${first}/${second}`
  } else if (segments.length === 1 || (segments.length === 2 && noteActions.has(second!))) {
    raw = first
    path = first
  } else {
    throw notNote('not a note URL')
  }

  if (reserved.has(raw.toLowerCase()) && path === raw) throw notNote(`/${raw} is a page of the server, not a note`)
  const id = decode(raw, shown)
  // Re-encode, so that what is fetched is exactly one path segment.
  const segment = encodeURIComponent(id)
  return {
    kind: 'hedgedoc',
    server: base,
    id,
    url: `${base}/${path}`,
    download: `${base}/${segment}/download`,
    info: `${base}/${segment}/info`
  }
}

function decode(segment: string, shown: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new UsageError(`${shown}: the note id is not a valid URL path segment`)
  }
}

/** The server's base URL: a known server `url` is under, else the origin. */
function baseOf(url: URL, servers: readonly string[]): string {
  for (const server of servers) {
    let known: URL
    try {
      known = new URL(server)
    } catch {
      continue
    }

    const path = known.pathname.replace(/\/+$/, '')
    if (known.origin === url.origin && path && (url.pathname === path || url.pathname.startsWith(path + '/'))) return known.origin + path
  }

  return url.origin
}

function hackmd(url: URL, shown: string, api: string): NoteLocation {
  const segments = url.pathname.split('/').filter(Boolean)
  // `/@user/<id>` and `/@team/<id>`: the owner is not part of the note id.
  if (segments[0]?.startsWith('@')) segments.shift()
  if (segments[0] === 's' || segments[0] === 'p') segments.shift()
  if (segments.length === 2 && noteActions.has(segments[1]!)) segments.pop()
  if (segments.length !== 1) {
    throw new UsageError(`${shown}: not a HackMD note URL`, {hint: 'Expected a note URL such as https://hackmd.io/<id> or https://hackmd.io/@user/<id>.'})
  }

  const id = decode(segments[0]!, shown)
  const clean = new URL(url.href)
  clean.search = ''
  clean.hash = ''
  return {kind: 'hackmd', server: url.origin, id, url: clean.href, api: `${api.replace(/\/+$/, '')}/notes/${encodeURIComponent(id)}`}
}
