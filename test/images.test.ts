import {mkdir, mkdtemp, readFile, readdir, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {createImageDownloader, createImageResolver, safeName} from '../src/output/images.js'
import {convert} from '../src/pipeline/convert.js'
import {closedAfterEach, hedgedocDouble, jpeg, listen, makePng, otherPng, png, svg} from './helpers/servers.js'

const track = closedAfterEach()

const a = '5344cb36-300f-40c0-9f7b-179a09ae9d32.png'
const b = '9d112f45-008c-485e-96e9-065e3bd844d3.jpg'
const fast = {retryDelay: 5, timeout: 2000}

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'minutes-images-'))
}

describe('createImageResolver with convert()', () => {
  it('downloads the pictures on the note server, Markdown and raw <img>, and points at the files', async () => {
    const server = await track(hedgedocDouble({uploads: {[a]: {body: png, type: 'image/png'}, [b]: {body: jpeg, type: 'image/jpeg'}}}))
    const directory = await folder()
    const resolver = createImageResolver({server: server.url, directory, ...fast})
    const note = [
      '# Team IaaS 2024-03-06',
      '',
      `![](${server.url}/uploads/${a})`,
      '',
      `<img src="${server.url}/uploads/${b}" width="300" />`,
      '',
      `![again](/uploads/${a} =200x)`,
      '',
      '![elsewhere](https://raw.githubusercontent.com/SovereignCloudStack/docs/main/logo.png)',
      ''
    ].join('\n')

    const result = await convert(note, {config: {hedgedoc: server.url}, resolveImage: resolver.resolve})
    expect(result.markdown).toBe(
      [
        '# Team IaaS 2024-03-06',
        '',
        `![${a}](${a})`,
        '',
        `<img src="${b}" alt="${b}" width="300" />`,
        '',
        `<img src="${a}" alt="again" width="200">`,
        '',
        '![elsewhere](https://raw.githubusercontent.com/SovereignCloudStack/docs/main/logo.png)',
        ''
      ].join('\n')
    )
    // Nothing is written before write(); each URL is fetched once.
    expect(await readdir(directory)).toEqual([])
    expect(server.requests.map((request) => request.path).sort()).toEqual([`/uploads/${a}`, `/uploads/${b}`])
    expect(resolver.results.map(({url, status, reference}) => ({url, status, reference}))).toEqual([
      {url: `${server.url}/uploads/${a}`, status: 'downloaded', reference: a},
      {url: `${server.url}/uploads/${b}`, status: 'downloaded', reference: b},
      {url: `/uploads/${a}`, status: 'reused', reference: a}
    ])

    const written = await resolver.write()
    expect(written.map((entry) => entry.file)).toEqual([join(directory, a), join(directory, b)])
    expect(await readFile(join(directory, a))).toEqual(png)
    expect(await readFile(join(directory, b))).toEqual(jpeg)
    expect((await readdir(directory)).sort()).toEqual([a, b])
  })

  it('reuses an identical existing file and never overwrites a different one', async () => {
    const server = await track(hedgedocDouble({uploads: {'same.png': {body: png, type: 'image/png'}, 'clash.png': {body: png, type: 'image/png'}}}))
    const directory = await folder()
    await writeFile(join(directory, 'same.png'), png)
    await writeFile(join(directory, 'clash.png'), otherPng)
    const resolver = createImageResolver({server: server.url, directory, ...fast})
    expect(await resolver.resolve(`${server.url}/uploads/same.png`)).toBe('same.png')
    expect(await resolver.resolve(`${server.url}/uploads/clash.png`)).toBe('clash-2.png')
    expect(resolver.results.map((entry) => entry.status)).toEqual(['reused', 'downloaded'])
    await resolver.write()
    expect(await readFile(join(directory, 'clash.png'))).toEqual(otherPng)
    expect(await readFile(join(directory, 'clash-2.png'))).toEqual(png)

    // A second run finds everything in place.
    const again = createImageResolver({server: server.url, directory, ...fast})
    expect(await again.resolve(`${server.url}/uploads/clash.png`)).toBe('clash-2.png')
    expect(again.results[0]!.status).toBe('reused')
    expect(await again.write()).toEqual([])
  })

  it('keeps the reference and reports a reply that is not a picture, too large, or an error', async () => {
    const server = await track(
      hedgedocDouble({
        uploads: {
          'page.png': {body: '<!DOCTYPE html><html><body>Login</body></html>', type: 'text/html; charset=utf-8'},
          'lying.png': {body: '<!DOCTYPE html><html></html>', type: 'image/png'},
          'huge.png': {body: Buffer.concat([png, Buffer.alloc(4096)]), type: 'image/png'},
          'report.png': {body: '%PDF-1.4\n%\u00e2\u00e3\n', type: 'application/pdf'}
        },
        fail: {'/uploads/broken.png': 99}
      })
    )
    const directory = await folder()
    const resolver = createImageResolver({server: server.url, directory, maxBytes: 1024, ...fast})
    for (const name of ['page.png', 'lying.png', 'huge.png', 'report.png', 'missing.png', 'broken.png']) {
      expect(await resolver.resolve(`${server.url}/uploads/${name}`), name).toBeUndefined()
    }

    expect(resolver.results.map(({status, reason}) => `${status}: ${reason}`)).toEqual([
      'failed: not a picture (the server sent text/html, 46 bytes)',
      'failed: not a picture (the server sent image/png, 28 bytes)',
      'failed: larger than 1 kB',
      'failed: not a picture (the server sent application/pdf, 15 bytes)',
      'failed: the server answered 404 Not Found',
      'failed: the server answered 500 Internal Server Error'
    ])
    expect(await resolver.write()).toEqual([])
    expect(await readdir(directory)).toEqual([])
  })

  it('waits for a hanging picture server once, then skips its other pictures', async () => {
    const server = await track(hedgedocDouble({hang: ['/uploads/a.png', '/uploads/b.png', '/uploads/c.png']}))
    const directory = await folder()
    const resolver = createImageResolver({server: server.url, directory, timeout: 300, retryDelay: 5, concurrency: 1})
    const started = Date.now()
    const result = await convert(`![](${server.url}/uploads/a.png)\n\n![](${server.url}/uploads/b.png)\n\n![](${server.url}/uploads/c.png)\n`, {
      resolveImage: resolver.resolve
    })
    expect(Date.now() - started).toBeLessThan(3000)
    expect(result.markdown).toContain(`(${server.url}/uploads/a.png)`)
    expect(resolver.results.map((entry) => entry.reason)).toEqual([
      'no complete answer within 0.3 seconds',
      `not tried: 127.0.0.1:${server.port} did not answer an earlier download (no complete answer within 0.3 seconds)`,
      `not tried: 127.0.0.1:${server.port} did not answer an earlier download (no complete answer within 0.3 seconds)`
    ])
    expect(server.requests).toHaveLength(1)
    expect(await readdir(directory)).toEqual([])
  })

  it('downloads only from the note server (and hosts named), never data: or relative files', async () => {
    const other = await track(listen((_, response) => {
      response.writeHead(200, {'content-type': 'image/svg+xml'})
      response.end(svg)
    }))
    const server = await track(hedgedocDouble({uploads: {'x.png': {body: png, type: 'image/png'}}}))
    const directory = await folder()
    const resolver = createImageResolver({server: server.url, directory, ...fast})
    for (const url of [`${other.url}/logo.svg`, 'diagram.png', './pics/x.png', 'data:image/png;base64,iVBORw0KGgo=', 'ftp://127.0.0.1/x.png']) {
      expect(await resolver.resolve(url), url).toBeUndefined()
    }

    expect(other.requests).toHaveLength(0)
    expect(resolver.results).toEqual([])

    const withHost = createImageResolver({server: server.url, hosts: [`127.0.0.1:${other.port}`], directory, ...fast})
    expect(await withHost.resolve(`${other.url}/logo.svg`)).toBe('logo.svg')
  })

  it('keeps every file inside the folder, whatever the URL says', async () => {
    const names = ['..%2F..%2Fevil.png', '.hidden.png', 'notes.md', 'a%5Cb.png', '%2E%2E']
    const server = await track(listen((_, response) => {
      response.writeHead(200, {'content-type': 'image/png'})
      response.end(png)
    }))
    const directory = await folder()
    await mkdir(join(directory, 'sub'))
    const resolver = createImageResolver({server: server.url, directory: join(directory, 'sub'), ...fast})
    const references = []
    for (const name of names) references.push(await resolver.resolve(`${server.url}/uploads/${name}`))
    expect(references).toEqual(['evil.png', 'hidden.png', 'notes.md.png', 'a-b.png', 'picture.png'])
    await resolver.write()
    expect((await readdir(join(directory, 'sub'))).sort()).toEqual(['a-b.png', 'evil.png', 'hidden.png', 'notes.md.png', 'picture.png'])
    expect((await readdir(directory)).sort()).toEqual(['sub'])
  })

  it('names clashes in document order, whichever download ends first', async () => {
    const server = await track(listen(async (request, response) => {
      // The first picture is the slower one.
      if (request.url === '/uploads/one/shot.png') await new Promise((resolve) => setTimeout(resolve, 100))
      response.writeHead(200, {'content-type': 'image/png'})
      response.end(request.url === '/uploads/one/shot.png' ? png : otherPng)
    }))
    const resolver = createImageResolver({server: server.url, directory: await folder(), ...fast})
    const result = await convert(`![](${server.url}/uploads/one/shot.png)\n\n![](${server.url}/uploads/two/shot.png)\n`, {resolveImage: resolver.resolve})
    expect(result.markdown).toBe('![shot.png](shot.png)\n\n![shot.png](shot-2.png)\n')
  })
})

describe('createImageDownloader', () => {
  it('downloads each URL once and at most `concurrency` at a time per host', async () => {
    let running = 0
    let most = 0
    const server = await track(listen(async (_, response) => {
      running++
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, 30))
      running--
      response.writeHead(200, {'content-type': 'image/png'})
      response.end(makePng(3))
    }))
    const downloader = createImageDownloader({concurrency: 2, ...fast})
    const urls = Array.from({length: 6}, (_, index) => `${server.url}/uploads/${index}.png`)
    const downloads = await Promise.all([...urls, ...urls].map((url) => downloader.download(url)))
    expect(downloads.every((download) => download.ok)).toBe(true)
    expect(server.requests).toHaveLength(6)
    expect(most).toBe(2)
  })

  it('sends the cookie only to its own origin', async () => {
    const other = await track(listen((_, response) => {
      response.writeHead(200, {'content-type': 'image/png'})
      response.end(png)
    }))
    const server = await track(hedgedocDouble({uploads: {'a.png': {body: png, type: 'image/png'}}}))
    const downloader = createImageDownloader({cookie: 'connect.sid=s%3Asession', cookieOrigin: server.url, ...fast})
    await downloader.download(`${server.url}/uploads/a.png`)
    await downloader.download(`${other.url}/uploads/a.png`)
    expect(server.requests[0]!.headers.cookie).toBe('connect.sid=s%3Asession')
    expect(other.requests[0]!.headers.cookie).toBeUndefined()
  })
})

describe('safeName', () => {
  it('keeps upload names and makes others safe', () => {
    expect(safeName(a, 'png')).toBe(a)
    expect(safeName('../../etc/passwd', 'png')).toBe('etc-passwd.png')
    expect(safeName('..', 'png')).toBe('picture.png')
    expect(safeName('con.png', 'png')).toBe('con-.png')
    expect(safeName('', 'jpg')).toBe('picture.jpg')
    expect(safeName('Bild (1).JPG', 'jpg')).toBe('Bild (1).JPG')
    expect(safeName('upload', 'webp')).toBe('upload.webp')
  })
})
