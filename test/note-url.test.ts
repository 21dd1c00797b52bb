import {describe, expect, it} from 'vitest'
import {UsageError} from '../src/errors.js'
import {isUrl, parseNoteUrl} from '../src/input/note-url.js'

const server = 'https://input.scs.community'
const id = 'Xx3UrC4cQ7y-2oV6bTnGNw'

describe('parseNoteUrl: HedgeDoc 1.x', () => {
  const forms: Array<[string, string, string]> = [
    // [input, id, canonical url]
    [`${server}/${id}`, id, `${server}/${id}`],
    [`${server}/${id}?both`, id, `${server}/${id}`],
    [`${server}/${id}?view`, id, `${server}/${id}`],
    [`${server}/${id}?edit`, id, `${server}/${id}`],
    [`${server}/${id}#Action-items`, id, `${server}/${id}`],
    [`${server}/${id}?both#Sprint-Names`, id, `${server}/${id}`],
    [`${server}/${id}/`, id, `${server}/${id}`],
    [`${server}/${id}/download`, id, `${server}/${id}`],
    [`${server}/${id}/publish`, id, `${server}/${id}`],
    [`${server}/s/fZhxtLGOg_`, 'fZhxtLGOg_', `${server}/s/fZhxtLGOg_`],
    [`${server}/s/fZhxtLGOg_#`, 'fZhxtLGOg_', `${server}/s/fZhxtLGOg_`],
    [`${server}/p/McKZb7j1R#/6`, 'McKZb7j1R', `${server}/p/McKZb7j1R`],
    [`${server}/scs-federation?both#`, 'scs-federation', `${server}/scs-federation`],
    [`${server}/2024-scs-sig-iam`, '2024-scs-sig-iam', `${server}/2024-scs-sig-iam`],
    [`http://127.0.0.1:3000/${id}?both`, id, `http://127.0.0.1:3000/${id}`]
  ]

  for (const [input, expectedId, url] of forms) {
    it(`reads ${input}`, () => {
      const location = parseNoteUrl(input)
      const origin = new URL(input).origin
      expect(location).toEqual({
        kind: 'hedgedoc',
        server: origin,
        id: expectedId,
        url,
        download: `${origin}/${expectedId}/download`,
        info: `${origin}/${expectedId}/info`
      })
    })
  }

  it('never fetches the note page itself, nor /s/<id>/download (both can create a note)', () => {
    for (const input of [`${server}/${id}`, `${server}/s/abc`, `${server}/p/abc`]) {
      const location = parseNoteUrl(input)
      if (location.kind !== 'hedgedoc') throw new Error('expected HedgeDoc 1.x')
      expect(location.download).toMatch(/^https:\/\/input\.scs\.community\/[^/]+\/download$/)
    }
  })

  it('decodes the id and encodes it again as one path segment', () => {
    const location = parseNoteUrl(`${server}/Caf%C3%A9-notes`)
    expect(location).toMatchObject({id: 'Café-notes', url: `${server}/Caf%C3%A9-notes`, download: `${server}/Caf%C3%A9-notes/download`})
  })

  it('recognises a server installed under a path when it is configured', () => {
    const location = parseNoteUrl('https://example.org/pad/abc?both', {servers: ['https://example.org/pad/']})
    expect(location).toMatchObject({server: 'https://example.org/pad', id: 'abc', download: 'https://example.org/pad/abc/download'})
  })

  it('refuses what is not a note', () => {
    for (const input of [server, `${server}/`, `${server}/uploads/x.png`, `${server}/login`, `${server}/a/b/c`, `${server}/new`]) {
      expect(() => parseNoteUrl(input), input).toThrow(UsageError)
    }
  })

  it('refuses other protocols and credentials in the URL, without repeating the password', () => {
    expect(() => parseNoteUrl('ftp://input.scs.community/abc')).toThrow(/unsupported protocol "ftp:", expected an http: or https: URL/)
    expect(() => parseNoteUrl('file:///tmp/note.md')).toThrow(/unsupported protocol "file:"/)
    let message = ''
    try {
      parseNoteUrl('https://me:hunter22@input.scs.community/abc')
    } catch (error) {
      message = (error as Error).message
    }

    expect(message).toContain('contains a user name or password')
    expect(message).not.toContain('hunter22')
  })
})

describe('parseNoteUrl: HedgeDoc 2 and HackMD', () => {
  it('reads /n/<alias> as HedgeDoc 2', () => {
    expect(parseNoteUrl('https://md.example.org/n/team-iaas-2024?both')).toEqual({
      kind: 'hedgedoc2',
      server: 'https://md.example.org',
      id: 'team-iaas-2024',
      url: 'https://md.example.org/n/team-iaas-2024',
      content: 'https://md.example.org/api/v2/notes/team-iaas-2024/content',
      metadata: 'https://md.example.org/api/v2/notes/team-iaas-2024/metadata'
    })
  })

  it('reads hackmd.io note URLs through the API', () => {
    for (const input of ['https://hackmd.io/kX1yZ2aBQ3e?view', 'https://hackmd.io/@scs/kX1yZ2aBQ3e', 'https://hackmd.io/s/kX1yZ2aBQ3e', 'https://hackmd.io/kX1yZ2aBQ3e#Agenda']) {
      expect(parseNoteUrl(input), input).toMatchObject({
        kind: 'hackmd',
        server: 'https://hackmd.io',
        id: 'kX1yZ2aBQ3e',
        api: 'https://api.hackmd.io/v1/notes/kX1yZ2aBQ3e'
      })
    }

    expect(parseNoteUrl('https://hackmd.io/@scs/kX1yZ2aBQ3e?both')).toMatchObject({url: 'https://hackmd.io/@scs/kX1yZ2aBQ3e'})
    expect(parseNoteUrl('https://hackmd.io/abc', {hackmdApi: 'http://127.0.0.1:9/v1/'})).toMatchObject({api: 'http://127.0.0.1:9/v1/notes/abc'})
  })
})

describe('isUrl', () => {
  it('tells URLs from file paths', () => {
    expect(isUrl('https://input.scs.community/abc')).toBe(true)
    expect(isUrl('ftp://x/y')).toBe(true)
    expect(isUrl('iaas/20230726.md')).toBe(false)
    expect(isUrl('-')).toBe(false)
    expect(isUrl('C:\\notes\\a.md')).toBe(false)
    expect(isUrl('input.scs.community/abc')).toBe(false)
  })
})
