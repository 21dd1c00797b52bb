import {describe, expect, it} from 'vitest'
import {HttpError, displayUrl, fetchUrl, redact, secretsOf, statusText} from '../src/net/http.js'
import {closedAfterEach, closedPort, listen, type Served} from './helpers/servers.js'
import {failure} from './helpers/errors.js'

const track = closedAfterEach()
async function serve(...args: Parameters<typeof listen>): Promise<Served> {
  return track(listen(...args))
}

const fast = {retryDelay: 5, timeout: 2000}

describe('fetchUrl', () => {
  it('returns status, headers and the whole body', async () => {
    const served = await serve((_, response) => {
      response.writeHead(200, {'content-type': 'text/markdown; charset=UTF-8'})
      response.write('# Team IaaS\n')
      response.end('\n- item\n')
    })
    const response = await fetchUrl(`${served.url}/abc/download`, fast)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=UTF-8')
    expect(Buffer.from(response.body).toString()).toBe('# Team IaaS\n\n- item\n')
  })

  it('retries 5xx with backoff and returns the answer that worked', async () => {
    let count = 0
    const served = await serve((_, response) => {
      count++
      response.writeHead(count < 3 ? 502 : 200)
      response.end(count < 3 ? 'Bad Gateway' : 'ok')
    })
    const response = await fetchUrl(served.url + '/x', fast)
    expect(response.status).toBe(200)
    expect(served.requests).toHaveLength(3)
  })

  it('gives the last 5xx back after the retries', async () => {
    const served = await serve((_, response) => {
      response.writeHead(500)
      response.end('wtf.')
    })
    const response = await fetchUrl(served.url + '/x', {...fast, retries: 1})
    expect(response.status).toBe(500)
    expect(served.requests).toHaveLength(2)
  })

  it('does not retry 4xx', async () => {
    const served = await serve((_, response) => {
      response.writeHead(404)
      response.end()
    })
    expect((await fetchUrl(served.url + '/x', fast)).status).toBe(404)
    expect(served.requests).toHaveLength(1)
  })

  it('names a refused connection, after retrying', async () => {
    const port = await closedPort()
    const error = await failure(fetchUrl(`http://127.0.0.1:${port}/abc/download`, fast), HttpError)
    expect(error.code).toBe('network')
    expect(error.message).toBe(`http://127.0.0.1:${port}/abc/download: connection refused`)
    expect(error.hint).toMatch(/Check the URL and your network/)
  })

  it('explains a port that fetch refuses', async () => {
    const error = await failure(fetchUrl('http://127.0.0.1:1/x', {...fast, retries: 0}), HttpError)
    expect(error.message).toBe('http://127.0.0.1:1/x: port 1 is one that fetch refuses to use ("bad port")')
  })

  it('times out a server that never answers, without retrying', async () => {
    const served = await serve(() => undefined)
    const started = Date.now()
    const error = await failure(fetchUrl(served.url + '/slow', {timeout: 300, retryDelay: 5}), HttpError)
    expect(error.code).toBe('timeout')
    expect(error.message).toBe(`${served.url}/slow: no complete answer within 0.3 seconds`)
    expect(error.hint).toMatch(/--timeout/)
    expect(served.requests).toHaveLength(1)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('times out a server that stops in the middle of the body', async () => {
    const served = await serve((_, response) => {
      response.writeHead(200, {'content-type': 'image/png', 'content-length': '1000'})
      response.write(Buffer.alloc(10))
    })
    const error = await failure(fetchUrl(served.url + '/uploads/a.png', {timeout: 300, retryDelay: 5}), HttpError)
    expect(error.code).toBe('timeout')
  })

  it('follows redirects and reports the final URL', async () => {
    const served = await serve((request, response) => {
      if (request.url === '/old') {
        response.writeHead(301, {location: '/new'})
        return response.end()
      }

      response.end('here')
    })
    const response = await fetchUrl(served.url + '/old', fast)
    expect(response.url).toBe(served.url + '/new')
    expect(Buffer.from(response.body).toString()).toBe('here')
  })

  it('names a redirect loop', async () => {
    const served = await serve((request, response) => {
      response.writeHead(302, {location: request.url === '/a' ? '/b' : '/a'})
      response.end()
    })
    const error = await failure(fetchUrl(served.url + '/a', fast), HttpError)
    expect(error.code).toBe('redirect')
    expect(error.message).toBe(`${served.url}/a: redirect loop (${served.url}/b → ${served.url}/a)`)
  })

  it('stops after too many redirects', async () => {
    const served = await serve((request, response) => {
      response.writeHead(302, {location: `/r${Number(request.url!.slice(2)) + 1}`})
      response.end()
    })
    const error = await failure(fetchUrl(served.url + '/r0', {...fast, maxRedirects: 3}), HttpError)
    expect(error.message).toBe(`${served.url}/r0: more than 3 redirects`)
  })

  it('lets the caller refuse a redirect', async () => {
    const served = await serve((_, response) => {
      response.writeHead(302, {location: '/'})
      response.end()
    })
    await expect(
      fetchUrl(served.url + '/note/download', {
        ...fast,
        onRedirect(to) {
          if (to.pathname === '/') throw new HttpError('login', {code: 'login', url: to.href})
        }
      })
    ).rejects.toMatchObject({code: 'login'})
  })

  it('sends credentials only to the origin they were given for', async () => {
    const other = await serve((_, response) => response.end('other'))
    const served = await serve((_, response) => {
      response.writeHead(302, {location: other.url + '/elsewhere'})
      response.end()
    })
    await fetchUrl(served.url + '/x', {...fast, headers: {cookie: 'connect.sid=s%3Asecret-session', accept: 'text/plain'}})
    expect(served.requests[0]!.headers.cookie).toBe('connect.sid=s%3Asecret-session')
    expect(other.requests[0]!.headers.cookie).toBeUndefined()
    expect(other.requests[0]!.headers.accept).toBe('text/plain')
  })

  it('refuses a body larger than the limit, by Content-Length and while reading', async () => {
    const served = await serve((request, response) => {
      if (request.url === '/declared') {
        response.writeHead(200, {'content-length': '2048'})
        return response.end(Buffer.alloc(2048))
      }

      response.writeHead(200) // chunked, no length
      response.write(Buffer.alloc(1024))
      response.end(Buffer.alloc(1024))
    })
    for (const path of ['/declared', '/chunked']) {
      const error = await failure(fetchUrl(served.url + path, {...fast, maxBytes: 1500}), HttpError)
      expect(error.code).toBe('too-large')
      expect(error.message).toBe(`${served.url}${path}: larger than 1.5 kB`)
    }
  })

  it('accepts only http: and https: URLs', async () => {
    const error = await failure(fetchUrl('ftp://127.0.0.1/x'), HttpError)
    expect(error.code).toBe('url')
    expect(error.message).toBe('ftp://127.0.0.1/x: unsupported protocol "ftp:", expected an http: or https: URL')
    expect((await failure(fetchUrl('not a url'), HttpError)).code).toBe('url')
  })

  it('never shows credentials: not in the message, the hint, the stack or the cause', async () => {
    const port = await closedPort()
    const cookie = 'connect.sid=s%3AverySecretSessionValue.abc'
    const error = await failure(fetchUrl(`http://127.0.0.1:${port}/x`, {...fast, retries: 0, headers: {cookie, authorization: 'Bearer hd2.key.supersecrettoken'}}), HttpError)
    const everything = [error.message, error.hint, error.stack, (error.cause as Error).message, (error.cause as Error).stack, JSON.stringify(error)].join('\n')
    expect(everything).not.toContain('verySecretSessionValue')
    expect(everything).not.toContain('supersecrettoken')

    const inUrl = await failure(fetchUrl('https://me:hunter22@127.0.0.1/x'), HttpError)
    expect(inUrl.code).toBe('credentials')
    expect([inUrl.message, inUrl.hint, inUrl.stack, inUrl.url].join('\n')).not.toContain('hunter22')
  })
})

describe('redaction helpers', () => {
  it('finds the secrets of credential headers', () => {
    expect(secretsOf({cookie: 'connect.sid=abcd1234; theme=dark', accept: 'x'})).toEqual(['connect.sid=abcd1234; theme=dark', 'abcd1234', 'dark'])
    expect(secretsOf({Authorization: 'Bearer hd2.k.s3cret'})).toEqual(['Bearer hd2.k.s3cret', 'hd2.k.s3cret'])
  })

  it('replaces secrets and their URL-encoded form', () => {
    expect(redact('a s:secret b s%3Asecret', ['s:secret'])).toBe('a [redacted] b [redacted]')
  })

  it('strips user name and password from shown URLs', () => {
    expect(displayUrl('https://me:pw@example.org/a?b#c')).toBe('https://example.org/a?b#c')
  })
})

describe('statusText', () => {
  it('names a status as Node knows it, and gives the bare number otherwise', () => {
    expect(statusText(404)).toBe('404 Not Found')
    expect(statusText(500)).toBe('500 Internal Server Error')
    expect(statusText(429)).toBe('429 Too Many Requests')
    expect(statusText(599)).toBe('599')
  })
})
