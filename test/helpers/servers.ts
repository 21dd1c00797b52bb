// HTTP doubles on 127.0.0.1 (random port): a HedgeDoc 1.x server, a HedgeDoc 2
// API and the HackMD API, behaving as the real ones do for what the tool uses
// (see shared/HEDGEDOC.md, sections 2 and 5). Nothing here reaches the internet.
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import {afterEach} from 'vitest'
import type {AddressInfo} from 'node:net'
import {crc32, deflateSync} from 'node:zlib'

export interface Recorded {
  method: string
  path: string
  headers: IncomingMessage['headers']
}

export type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => unknown

export interface Served {
  /** `http://127.0.0.1:PORT` */
  url: string
  port: number
  requests: Recorded[]
  close: () => Promise<void>
}

/** Listen on 127.0.0.1 with `handler`; every request is recorded. */
export async function listen(handler: Handler): Promise<Served> {
  const requests: Recorded[] = []
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    requests.push({method: request.method ?? 'GET', path: url.pathname + url.search, headers: request.headers})
    Promise.resolve(handler(request, response, url)).catch((error: unknown) => {
      response.statusCode = 599
      response.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** A port nothing listens on (it was just closed). */
export async function closedPort(): Promise<number> {
  const served = await listen(() => undefined)
  await served.close()
  return served.port
}

export interface DoubleNote {
  content: string
  title?: string
  alias?: string
  shortid?: string
  /** `private` and `protected` need the session cookie. Default: `freely`. */
  permission?: 'freely' | 'editable' | 'protected' | 'private'
  createtime?: string
  updatetime?: string
}

export interface Upload {
  body: Uint8Array | string
  type: string
}

export interface HedgedocDoubleOptions {
  /** Notes by their (base64url) id. */
  notes?: Record<string, DoubleNote>
  /** Files under /uploads/ by name. */
  uploads?: Record<string, Upload>
  /** The cookie value of a logged-in session. Default: `s%3Agood-session.sig`. */
  session?: string
  /** Paths that get no answer at all (a hanging server). */
  hang?: string[]
  /** Paths that answer 500 this many times before they work. */
  fail?: Record<string, number>
  /** Paths with their own handler, before everything else. */
  routes?: Record<string, Handler>
  /** `HedgeDoc-Version` header; `false` leaves it out. Default: `1.9.9`. */
  version?: string | false
}

export const goodSession = 's%3Agood-session.sig'

/**
 * A HedgeDoc 1.x server: `/<note>/download` (text/markdown), `/<note>/info`
 * (JSON), `/uploads/<file>`, a 302 to `/` for a note the reader may not see,
 * the 404 page, and `GET /<note>` that *creates* a note (so tests can assert
 * it is never called).
 */
export async function hedgedocDouble(options: HedgedocDoubleOptions = {}): Promise<Served & {created: string[]}> {
  const notes = options.notes ?? {}
  const session = options.session ?? goodSession
  const failures = new Map(Object.entries(options.fail ?? {}))
  const created: string[] = []

  function find(key: string): DoubleNote | undefined {
    return notes[key] ?? Object.values(notes).find((note) => note.alias === key || note.shortid === key)
  }

  function page(response: ServerResponse, status: number, title: string) {
    response.writeHead(status, {'content-type': 'text/html; charset=utf-8'})
    response.end(`<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`)
  }

  const served = await listen(async (request, response, url) => {
    if (options.version !== false) response.setHeader('HedgeDoc-Version', options.version ?? '1.9.9')
    const path = decodeURIComponent(url.pathname)
    const route = options.routes?.[url.pathname]
    if (route) return route(request, response, url)
    if (options.hang?.includes(url.pathname)) return // never answers
    const failing = failures.get(url.pathname)
    if (failing) {
      failures.set(url.pathname, failing - 1)
      return page(response, 500, '500 Internal Error wtf.')
    }

    if (path === '/') return page(response, 200, 'HedgeDoc - Collaborative markdown notes')
    const upload = /^\/uploads\/([^/]+)$/.exec(path)
    if (upload) {
      const file = options.uploads?.[upload[1]!]
      if (!file) return page(response, 404, '404 Not Found oops.')
      const body = typeof file.body === 'string' ? Buffer.from(file.body) : Buffer.from(file.body)
      response.writeHead(200, {'content-type': file.type, 'content-length': body.byteLength, 'content-disposition': 'attachment'})
      return response.end(body)
    }

    const match = /^\/(?:(s|p)\/)?([^/]+)(?:\/([^/]+))?$/.exec(path)
    if (!match) return page(response, 404, '404 Not Found oops.')
    const [, published, key, action] = match as unknown as [string, string | undefined, string, string | undefined]
    const note = find(key)
    if (!note) {
      // As HedgeDoc's findNote: `/<id>` and `/s/<id>/…` create a note; `/<id>/<action>` does not.
      if (!action || published) {
        created.push(path)
        response.writeHead(302, {location: `${served.url}/newNoteId0123456789AB`})
        return response.end()
      }

      return page(response, 404, '404 Not Found oops.')
    }

    const loggedIn = (request.headers.cookie ?? '').split(/;\s*/).includes(`connect.sid=${session}`)
    if ((note.permission === 'private' || note.permission === 'protected') && !loggedIn) {
      response.writeHead(302, {location: `${served.url}/`})
      return response.end('Found. Redirecting to /')
    }

    if (!action) return page(response, 200, note.title ?? 'note')
    if (action === 'download') {
      response.writeHead(200, {
        'content-type': 'text/markdown; charset=UTF-8',
        'content-disposition': `attachment; filename=${encodeURIComponent(note.title ?? 'Untitled')}.md`,
        'access-control-allow-origin': '*'
      })
      return response.end(note.content)
    }

    if (action === 'info' && !published) {
      response.writeHead(200, {'content-type': 'application/json; charset=utf-8'})
      return response.end(
        JSON.stringify({
          title: note.title ?? 'Untitled',
          description: note.content.slice(0, 100),
          viewcount: 3,
          createtime: note.createtime ?? '2024-03-06T08:00:00.000Z',
          updatetime: note.updatetime ?? '2024-03-06T10:30:00.000Z'
        })
      )
    }

    response.writeHead(302, {location: `${served.url}/${key}`})
    response.end()
  })

  return Object.assign(served, {created})
}

/** A HedgeDoc 2 API: `/api/v2/notes/<alias>/content` and `/metadata`, with a Bearer token. */
export async function hedgedoc2Double(options: {notes: Record<string, DoubleNote>; token: string}): Promise<Served> {
  return listen((request, response, url) => {
    const match = /^\/api\/v2\/notes\/([^/]+)\/(content|metadata)$/.exec(url.pathname)
    if (!match) {
      response.writeHead(404, {'content-type': 'application/json'})
      return response.end(JSON.stringify({statusCode: 404, message: 'Cannot GET ' + url.pathname}))
    }

    if (request.headers.authorization !== `Bearer ${options.token}`) {
      response.writeHead(401, {'content-type': 'application/json'})
      return response.end(JSON.stringify({statusCode: 401, message: 'Unauthorized'}))
    }

    const note = options.notes[decodeURIComponent(match[1]!)]
    if (!note) {
      response.writeHead(404, {'content-type': 'application/json'})
      return response.end(JSON.stringify({statusCode: 404, message: 'Note not found'}))
    }

    if (match[2] === 'content') {
      response.writeHead(200, {'content-type': 'text/markdown; charset=utf-8'})
      return response.end(note.content)
    }

    response.writeHead(200, {'content-type': 'application/json'})
    response.end(
      JSON.stringify({
        id: 'a1b2',
        aliases: [{name: match[1], primaryAlias: true}],
        primaryAddress: match[1],
        title: note.title ?? '',
        description: '',
        tags: [],
        createdAt: note.createtime ?? '2024-03-06T08:00:00.000Z',
        updatedAt: note.updatetime ?? '2024-03-06T10:30:00.000Z'
      })
    )
  })
}

/** The HackMD API: `GET /v1/notes/<id>` with a Bearer token, the note as JSON. */
export async function hackmdDouble(options: {notes: Record<string, DoubleNote>; token: string}): Promise<Served> {
  return listen((request, response, url) => {
    const match = /^\/v1\/notes\/([^/]+)$/.exec(url.pathname)
    if (request.headers.authorization !== `Bearer ${options.token}`) {
      response.writeHead(401, {'content-type': 'application/json'})
      return response.end(JSON.stringify({error: 'Unauthorized'}))
    }

    const note = match ? options.notes[decodeURIComponent(match[1]!)] : undefined
    if (!note) {
      response.writeHead(404, {'content-type': 'application/json'})
      return response.end(JSON.stringify({error: 'Not Found'}))
    }

    response.writeHead(200, {'content-type': 'application/json'})
    response.end(
      JSON.stringify({
        id: match![1],
        title: note.title ?? '',
        tags: [],
        createdAt: 1709712000000,
        lastChangedAt: 1709721000000,
        publishType: 'view',
        shortId: 'abc123',
        content: note.content
      })
    )
  })
}

/** A valid PNG of `width`×1 transparent pixels: different widths, different files. */
export function makePng(width = 1): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.byteLength)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }

  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(1, 4)
  header.set([8, 6, 0, 0, 0], 8)
  const pixels = Buffer.alloc(1 + width * 4)
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0))
  ])
}

export const png = makePng(1)
export const otherPng = makePng(2)
/** A minimal JPEG (SOI, JFIF APP0, EOI): enough for content sniffing. */
export const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex')
export const svg = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>\n'

/**
 * For a test file: a function that keeps track of the servers a test starts
 * and closes them after each test.
 */
export function closedAfterEach(): <T extends Served>(served: Promise<T>) => Promise<T> {
  const open: Served[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((served) => served.close()))
  })
  return async function (served) {
    const value = await served
    open.push(value)
    return value
  }
}
