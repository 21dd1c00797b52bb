import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'
import {describe, expect, it} from 'vitest'
import {InputError, MinutesError} from '../src/errors.js'
import {cookieHeader, readNote, type ReadNoteOptions} from '../src/input/note.js'
import {closedAfterEach, closedPort, goodSession, hackmdDouble, hedgedoc2Double, hedgedocDouble, listen} from './helpers/servers.js'
import {failure} from './helpers/errors.js'

const id = 'Xx3UrC4cQ7y-2oV6bTnGNw'
const content = '---\ntitle: Team IaaS weekly\n---\n\n# Team IaaS 2024-03-06\n\n* Participants: @alice-example\n'

const track = closedAfterEach()

const fast: ReadNoteOptions = {env: {}, retryDelay: 5, timeout: 2000}

describe('readNote: HedgeDoc 1.x', () => {
  it('reads the Markdown from /download and the title and times from /info', async () => {
    const server = await track(hedgedocDouble({notes: {[id]: {content, title: 'Team IaaS weekly', createtime: '2024-03-06T08:00:00.000Z', updatetime: '2024-03-06T10:30:00.000Z'}}}))
    const note = await readNote(`${server.url}/${id}?both#Agenda`, fast)
    expect(note).toEqual({
      text: content,
      name: `${server.url}/${id}`,
      kind: 'hedgedoc',
      url: `${server.url}/${id}`,
      server: server.url,
      info: {title: 'Team IaaS weekly', description: content.slice(0, 100), createtime: '2024-03-06T08:00:00.000Z', updatetime: '2024-03-06T10:30:00.000Z'}
    })
    expect(server.requests.map((request) => request.path)).toEqual([`/${id}/download`, `/${id}/info`])
    expect(server.created).toEqual([])
  })

  it('reads every form people copy, and never asks for a page that creates a note', async () => {
    const server = await track(hedgedocDouble({notes: {[id]: {content, alias: 'scs-federation', shortid: 'fZhxtLGOg_'}}}))
    for (const path of [`/${id}`, `/${id}?view`, `/${id}?edit`, `/${id}#Action-items`, '/s/fZhxtLGOg_', '/p/fZhxtLGOg_#/6', '/scs-federation?both#', `/${id}/download`]) {
      const note = await readNote(server.url + path, fast)
      expect(note.text, path).toBe(content)
    }

    expect(server.requests.every((request) => /^\/[^/]+\/(download|info)$/.test(request.path))).toBe(true)
    expect(server.created).toEqual([])
  })

  it('normalises CRLF line endings as a file would be', async () => {
    const server = await track(hedgedocDouble({notes: {[id]: {content: '# A\r\n\r\ntext\r\n'}}}))
    expect((await readNote(`${server.url}/${id}`, fast)).text).toBe('# A\n\ntext\n')
  })

  it('says a private note needs a login (HedgeDoc redirects to /), and reads it with the session cookie', async () => {
    const server = await track(hedgedocDouble({notes: {[id]: {content, permission: 'private'}}}))
    const error = await failure(readNote(`${server.url}/${id}?both`, fast), MinutesError)
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toBe(`${server.url}/${id}: the server sent the login page: the note is private or needs a login`)
    expect(error.hint).toContain('MINUTES_HEDGEDOC_COOKIE')
    expect(error.hint).toContain('--cookie')

    expect((await readNote(`${server.url}/${id}`, {...fast, cookie: `connect.sid=${goodSession}`})).text).toBe(content)
    expect((await readNote(`${server.url}/${id}`, {...fast, env: {MINUTES_HEDGEDOC_COOKIE: goodSession}})).text).toBe(content)
    const withCookie = server.requests.filter((request) => request.headers.cookie)
    expect(withCookie.map((request) => request.headers.cookie)).toContain(`connect.sid=${goodSession}`)
  })

  it('says when the cookie was not accepted, without printing it', async () => {
    const server = await track(hedgedocDouble({notes: {[id]: {content, permission: 'protected'}}}))
    const error = await failure(readNote(`${server.url}/${id}`, {...fast, cookie: 'connect.sid=s%3Aexpired-session-value.sig'}), MinutesError)
    expect(error.message).toContain('the session cookie was not accepted (it may have expired)')
    expect([error.message, error.hint, error.stack].join('\n')).not.toContain('expired-session-value')
  })

  it('names a missing note (404), on a HedgeDoc server and on another server', async () => {
    const server = await track(hedgedocDouble())
    const error = await failure(readNote(`${server.url}/doesNotExist0123456789`, fast), MinutesError)
    expect(error.message).toBe(`${server.url}/doesNotExist0123456789: no such note on ${server.url} (404 Not Found)`)
    expect(server.created).toEqual([])

    const other = await track(hedgedocDouble({version: false}))
    const unknown = await failure(readNote(`${other.url}/abc`, fast), MinutesError)
    expect(unknown.message).toBe(`${other.url}/abc: not found (404); is ${other.url} a HedgeDoc server and "abc" a note on it?`)
  })

  it('refuses an HTML page instead of Markdown (a server that is not HedgeDoc)', async () => {
    const server = await track(
      listen((_, response) => {
        response.writeHead(200, {'content-type': 'text/html; charset=utf-8'})
        response.end('<!DOCTYPE html><html><body>Welcome</body></html>')
      })
    )
    const error = await failure(readNote(`${server.url}/abc`, fast), MinutesError)
    expect(error.message).toBe(`${server.url}/abc: the server sent an HTML page, not the note's Markdown; is ${server.url} a HedgeDoc server?`)
  })

  it('retries a flapping server and reports one that keeps failing', async () => {
    const flapping = await track(hedgedocDouble({notes: {[id]: {content}}, fail: {[`/${id}/download`]: 2}}))
    expect((await readNote(`${flapping.url}/${id}`, fast)).text).toBe(content)

    const broken = await track(hedgedocDouble({notes: {[id]: {content}}, fail: {[`/${id}/download`]: 99}}))
    const error = await failure(readNote(`${broken.url}/${id}`, fast), MinutesError)
    expect(error.message).toBe(`${broken.url}/${id}: the server answered 500 Internal Server Error (after retrying)`)
    expect(broken.requests).toHaveLength(3)
  })

  it('names an unreachable server and a server that hangs', async () => {
    const port = await closedPort()
    expect((await failure(readNote(`http://127.0.0.1:${port}/${id}`, fast), MinutesError)).message).toBe(`http://127.0.0.1:${port}/${id}/download: connection refused`)

    const hanging = await track(hedgedocDouble({notes: {[id]: {content}}, hang: [`/${id}/download`]}))
    const error = await failure(readNote(`${hanging.url}/${id}`, {...fast, timeout: 300}), MinutesError)
    expect(error.message).toBe(`${hanging.url}/${id}/download: no complete answer within 0.3 seconds`)
  })

  it('names a redirect loop', async () => {
    const server = await track(
      hedgedocDouble({
        routes: {
          [`/${id}/download`]: (_, response) => {
            response.writeHead(302, {location: `/${id}/download/`})
            response.end()
          },
          [`/${id}/download/`]: (_, response) => {
            response.writeHead(302, {location: `/${id}/download`})
            response.end()
          }
        }
      })
    )
    expect((await failure(readNote(`${server.url}/${id}`, fast), MinutesError)).message).toMatch(/: redirect loop \(/)
  })

  it('still reads the note when /info fails', async () => {
    const server = await track(hedgedocDouble({notes: {[id]: {content}}, fail: {[`/${id}/info`]: 99}}))
    const note = await readNote(`${server.url}/${id}`, fast)
    expect(note.text).toBe(content)
    expect(note.info).toBeUndefined()
  })
})

describe('readNote: HedgeDoc 2 and HackMD', () => {
  it('reads a HedgeDoc 2 note with MINUTES_HEDGEDOC_TOKEN', async () => {
    const token = 'hd2.keyid.secretpart0123456789'
    const server = await track(hedgedoc2Double({notes: {'team-iaas': {content, title: 'Team IaaS weekly'}}, token}))
    const note = await readNote(`${server.url}/n/team-iaas?both`, {...fast, env: {MINUTES_HEDGEDOC_TOKEN: token}})
    expect(note).toMatchObject({text: content, kind: 'hedgedoc2', url: `${server.url}/n/team-iaas`, server: server.url, info: {title: 'Team IaaS weekly', createtime: '2024-03-06T08:00:00.000Z'}})
    expect(server.requests.map((request) => request.path)).toEqual(['/api/v2/notes/team-iaas/content', '/api/v2/notes/team-iaas/metadata'])

    const missing = await failure(readNote(`${server.url}/n/team-iaas`, fast), MinutesError)
    expect(missing.message).toBe(`${server.url}/n/team-iaas: the HedgeDoc 2 API needs a token (401 Unauthorized)`)
    expect(missing.hint).toContain('MINUTES_HEDGEDOC_TOKEN')

    const wrong = await failure(readNote(`${server.url}/n/team-iaas`, {...fast, hedgedocToken: 'hd2.keyid.wrongsecret'}), MinutesError)
    expect(wrong.message).toContain('refused the token')
    expect([wrong.message, wrong.hint, wrong.stack].join('\n')).not.toContain('wrongsecret')
  })

  it('reads a HackMD note through its API with HACKMD_TOKEN, the API base from MINUTES_HACKMD_API', async () => {
    const token = 'HACKMDTOKEN0123456789'
    const api = await track(hackmdDouble({notes: {kX1yZ2aBQ3e: {content, title: 'Team IaaS weekly'}}, token}))
    const env = {HACKMD_TOKEN: token, MINUTES_HACKMD_API: `${api.url}/v1`}
    const note = await readNote('https://hackmd.io/@scs/kX1yZ2aBQ3e?view', {...fast, env})
    expect(note).toEqual({
      text: content,
      name: 'https://hackmd.io/@scs/kX1yZ2aBQ3e',
      kind: 'hackmd',
      url: 'https://hackmd.io/@scs/kX1yZ2aBQ3e',
      server: 'https://hackmd.io',
      info: {title: 'Team IaaS weekly', createtime: '2024-03-06T08:00:00.000Z', updatetime: '2024-03-06T10:30:00.000Z'}
    })
    expect(api.requests[0]).toMatchObject({path: '/v1/notes/kX1yZ2aBQ3e'})
    expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${token}`)

    const missing = await failure(readNote('https://hackmd.io/unknownNote', {...fast, env}), MinutesError)
    expect(missing.message).toBe('https://hackmd.io/unknownNote: the HackMD API has no note "unknownNote" (404 Not Found)')

    const refused = await failure(readNote('https://hackmd.io/kX1yZ2aBQ3e', {...fast, env: {...env, HACKMD_TOKEN: 'WRONGTOKEN123'}}), MinutesError)
    expect(refused.message).toContain('refused the token (401 Unauthorized)')
    expect([refused.message, refused.hint].join('\n')).not.toContain('WRONGTOKEN123')
  })

  it('asks for HACKMD_TOKEN before asking the API', async () => {
    const error = await failure(readNote('https://hackmd.io/kX1yZ2aBQ3e', {...fast, hackmdApi: 'http://127.0.0.1:9/v1'}), MinutesError)
    expect(error.message).toBe('https://hackmd.io/kX1yZ2aBQ3e: HackMD notes are read through its API, which needs a token')
    expect(error.hint).toContain('HACKMD_TOKEN')
  })
})

describe('readNote: files and stdin', () => {
  it('reads a file relative to cwd, and stdin for -', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'minutes-note-'))
    await writeFile(join(directory, 'note.md'), '\uFEFF# A\r\n')
    expect(await readNote('note.md', {cwd: directory})).toEqual({text: '# A\n', name: 'note.md', kind: 'file', path: join(directory, 'note.md')})
    expect(await readNote('-', {stdin: Readable.from([Buffer.from('# B\n')])})).toEqual({text: '# B\n', name: 'stdin', kind: 'stdin'})
  })

  it('suggests a scheme for a URL without one', async () => {
    const error = await failure(readNote('input.scs.community/abc', {cwd: tmpdir()}), MinutesError)
    expect(error.message).toBe('input.scs.community/abc: no such file or directory')
    expect(error.hint).toBe('For a note on a server, pass the whole URL: https://input.scs.community/abc')
  })
})

describe('cookieHeader', () => {
  it('takes name=value pairs as they are and a bare value as connect.sid', () => {
    expect(cookieHeader('connect.sid=s%3Aabc')).toBe('connect.sid=s%3Aabc')
    expect(cookieHeader('s%3Aabc')).toBe('connect.sid=s%3Aabc')
    expect(cookieHeader('Cookie: a=b; c=d')).toBe('a=b; c=d')
    expect(cookieHeader('  ')).toBeUndefined()
    expect(cookieHeader(undefined)).toBeUndefined()
  })
})
