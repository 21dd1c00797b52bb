// `minutes convert URL`: the real bin against HedgeDoc doubles on 127.0.0.1.
import {mkdtemp, readFile, readdir, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runProgram} from '../src/cli/program.js'
import {memoryContext, runBin} from './helpers/cli.js'
import {closedAfterEach, closedPort, goodSession, hedgedocDouble, listen, png} from './helpers/servers.js'

const id = 'Xx3UrC4cQ7y-2oV6bTnGNw'
const upload = '5344cb36-300f-40c0-9f7b-179a09ae9d32.png'

function note(server: string): string {
  return [
    '---',
    'title: Team IaaS weekly',
    '---',
    '',
    '# Team IaaS 2024-03-06',
    '',
    '### Participants',
    '* @alice-example',
    '* Bob (Example GmbH)',
    '',
    '### Agenda',
    `* Architecture, see ![](${server}/uploads/${upload})`,
    `* Sprint planning in [the planning note](${server}/planning-2024?both)`,
    `<img src="${server}/uploads/${upload}" width="300" />`,
    ''
  ].join('\n')
}

const track = closedAfterEach()
async function hedgedoc(options: Parameters<typeof hedgedocDouble>[0] = {}) {
  return track(hedgedocDouble(options))
}

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'minutes-url-'))
}

/** A server whose note is `note(server)` and whose upload exists. */
async function scsLike(extra: Parameters<typeof hedgedocDouble>[0] = {}) {
  const notes: Record<string, {content: string; title: string}> = {}
  const server = await hedgedoc({notes, uploads: {[upload]: {body: png, type: 'image/png'}}, ...extra})
  notes[id] = {content: note(server.url), title: 'Team IaaS weekly'}
  return server
}

describe('minutes convert URL', () => {
  it('gives the same bytes as converting the same note saved to a file', async () => {
    const server = await scsLike()
    const directory = await folder()
    await writeFile(join(directory, 'note.md'), note(server.url))

    const fromUrl = await runBin(['convert', `${server.url}/${id}?both`], {cwd: directory})
    const fromFile = await runBin(['convert', 'note.md'], {cwd: directory})
    expect(fromUrl.code).toBe(0)
    expect(fromFile.code).toBe(0)
    expect(fromUrl.stdout).toBe(fromFile.stdout)
    expect(fromUrl.stdout).toContain(`![${upload}](${server.url}/uploads/${upload})`)
    expect(server.requests.map((request) => request.path)).toEqual([`/${id}/download`, `/${id}/info`])
    expect(server.created).toEqual([])

    // Links to other notes on the note's server are warnings naming the note URL, line and column.
    expect(fromUrl.stderr).toContain(`${server.url}/${id}:13:`)
    expect(fromUrl.stderr).toMatch(/warning Unexpected link to HedgeDoc note `http:\/\/127\.0\.0\.1:\d+\/planning-2024\?both`.*\[hedgedoc-link\]/)
  })

  it('gives templates the note URL as `source`', async () => {
    const server = await scsLike()
    const directory = await folder()
    await writeFile(join(directory, 'with-source.liquid'), '# {{ title }}\n\nSource: <{{ source }}>\n\n{{ body }}\n')
    const result = await runBin(['convert', `${server.url}/${id}?view#Agenda`, '--template', 'with-source.liquid'], {cwd: directory})
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Source: <${server.url}/${id}>`)
  })

  it('downloads the pictures next to the minutes with --images download -o', async () => {
    const server = await scsLike()
    const directory = await folder()
    const output = join(directory, 'iaas', '20240306.md')
    const result = await runBin(['convert', `${server.url}/${id}`, '--images', 'download', '-o', output], {cwd: directory})
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`${join(directory, 'iaas', upload)}: picture downloaded`)
    expect(result.stderr).toContain(`${output}: written`)
    const minutes = await readFile(output, 'utf8')
    expect(minutes).toContain(`![${upload}](${upload})`)
    expect(minutes).toContain(`<img src="${upload}" alt="${upload}" width="300" />`)
    expect(minutes).not.toContain('/uploads/')
    expect(await readFile(join(directory, 'iaas', upload))).toEqual(png)
    expect(server.requests.filter((request) => request.path.startsWith('/uploads/'))).toHaveLength(1)
  })

  it('downloads pictures by default with --checkout, and reuses them the next time', async () => {
    const server = await scsLike()
    const repo = await folder()
    const first = await runBin(['convert', `${server.url}/${id}`, '--checkout', repo, '--team', 'iaas'])
    expect(first.code).toBe(0)
    expect(first.stdout).toBe(`${join(repo, 'iaas', '20240306.md')}\n`)
    expect((await readdir(join(repo, 'iaas'))).sort()).toEqual(['20240306.md', upload])

    const again = await runBin(['convert', `${server.url}/${id}`, '--checkout', repo, '--team', 'iaas'])
    expect(again.code).toBe(0)
    expect(again.stderr).toContain('20240306.md: unchanged')
    expect(again.stderr).not.toContain('picture downloaded')
    expect((await readdir(join(repo, 'iaas'))).sort()).toEqual(['20240306.md', upload])
  })

  it('keeps the links with --images keep, also with --checkout', async () => {
    const server = await scsLike()
    const repo = await folder()
    const result = await runBin(['convert', `${server.url}/${id}`, '--checkout', repo, '--team', 'iaas', '--images', 'keep'])
    expect(result.code).toBe(0)
    expect(await readdir(join(repo, 'iaas'))).toEqual(['20240306.md'])
    expect(await readFile(join(repo, 'iaas', '20240306.md'), 'utf8')).toContain(`${server.url}/uploads/${upload}`)
    expect(server.requests.some((request) => request.path.startsWith('/uploads/'))).toBe(false)
  })

  it('reports a picture that cannot be downloaded, keeps its link and still writes the minutes', async () => {
    // HedgeDoc writes absolute upload URLs; relative ones count as the note server's too.
    const content = '# Team IaaS 2024-03-06\n\n![](/uploads/missing.png)\n\n* a list\n  ![](/uploads/slow.png)\n'
    const server = await hedgedoc({notes: {[id]: {content}}, hang: ['/uploads/slow.png']})
    const directory = await folder()
    const output = join(directory, '20240306.md')
    const result = await runBin(['convert', `${server.url}/${id}`, '--images', 'download', '-o', output, '--timeout', '1'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(
      `${server.url}/${id}:3:1: warning Could not download picture \`/uploads/missing.png\`: the server answered 404 Not Found; the link to the server is kept [image-download]`
    )
    expect(result.stderr).toContain(
      `${server.url}/${id}:6:3: warning Could not download picture \`/uploads/slow.png\`: no complete answer within 1 second; the link to the server is kept [image-download]`
    )
    expect(await readFile(output, 'utf8')).toBe('# Team IaaS 2024-03-06\n\n![missing.png](/uploads/missing.png)\n\n- a list\\\n  ![slow.png](/uploads/slow.png)\n')
    expect(await readdir(directory)).toEqual(['20240306.md'])
  })

  it('waits at most --timeout for a hanging picture server, then keeps the link', async () => {
    const server = await hedgedoc({hang: ['/uploads/slow.png']})
    const content = `# Team IaaS 2024-03-06\n\n![](${server.url}/uploads/slow.png)\n`
    const directory = await folder()
    await writeFile(join(directory, 'note.md'), content)
    const output = join(directory, 'out', '20240306.md')
    const config = join(directory, 'minutes.config.json')
    await writeFile(config, JSON.stringify({hedgedoc: server.url}))
    const started = Date.now()
    const result = await runBin(['convert', 'note.md', '--images', 'download', '-o', output, '--timeout', '1'], {cwd: directory})
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('note.md:3:1: warning Could not download picture')
    expect(result.stderr).toContain('no complete answer within 1 second')
    expect(await readdir(join(directory, 'out'))).toEqual(['20240306.md'])
  })

  it('downloads the pictures of a file converted in place (--write), from the configured server', async () => {
    const server = await hedgedoc({uploads: {[upload]: {body: png, type: 'image/png'}}})
    const directory = await folder()
    await writeFile(join(directory, 'minutes.config.json'), JSON.stringify({hedgedoc: server.url}))
    await writeFile(join(directory, '20240306.md'), `# Team IaaS 2024-03-06\n\n![](${server.url}/uploads/${upload})\n`)
    const {context, stderr} = memoryContext({cwd: directory})
    expect(await runProgram(['node', 'minutes', 'convert', '--write', '20240306.md', '--images', 'download'], context)).toBe(0)
    expect(await readFile(join(directory, '20240306.md'), 'utf8')).toBe(`# Team IaaS 2024-03-06\n\n![${upload}](${upload})\n`)
    expect(await readFile(join(directory, upload))).toEqual(png)
    expect(stderr()).toContain('20240306.md: converted')
  })

  it('refuses --images download without a place for the pictures, before any request', async () => {
    const server = await scsLike()
    const result = await runBin(['convert', `${server.url}/${id}`, '--images', 'download'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('minutes: --images download needs a place for the pictures: pass --output FILE, --checkout DIR or --write')
    expect(server.requests).toHaveLength(0)
  })
})

describe('minutes convert URL: bad input gives one clear error, exit 2, and writes nothing', () => {
  async function expectFailure(args: string[], pattern: RegExp, env: Record<string, string> = {}) {
    const verbose = args.includes('--verbose')
    const directory = await folder()
    const output = join(directory, 'out.md')
    const result = await runBin(['convert', ...args, '-o', output], {env})
    expect(result.code, result.stderr).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.split('\n')[0]).toMatch(pattern)
    if (!verbose) expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(await readdir(directory)).toEqual([])
    return result
  }

  it('an ftp: URL', async () => {
    await expectFailure(['ftp://127.0.0.1/abc'], /^minutes: ftp:\/\/127\.0\.0\.1\/abc: unsupported protocol "ftp:", expected an http: or https: URL$/)
  })

  it('an unreachable server', async () => {
    const port = await closedPort()
    await expectFailure([`http://127.0.0.1:${port}/${id}?both`], new RegExp(`^minutes: http://127\\.0\\.0\\.1:${port}/${id}/download: connection refused$`))
  })

  it('a missing note (404)', async () => {
    const server = await hedgedoc()
    await expectFailure([`${server.url}/${id}`], new RegExp(`^minutes: ${server.url}/${id}: no such note on ${server.url} \\(404 Not Found\\)$`))
    expect(server.created).toEqual([])
  })

  it('a server error (500), after retrying', async () => {
    const server = await hedgedoc({notes: {[id]: {content: '# A\n'}}, fail: {[`/${id}/download`]: 99}})
    await expectFailure([`${server.url}/${id}`], /the server answered 500 Internal Server Error \(after retrying\)$/)
    expect(server.requests).toHaveLength(3)
  })

  it('a redirect loop', async () => {
    const server = await track(listen((request, response) => {
      response.writeHead(302, {location: request.url!.endsWith('/') ? request.url!.slice(0, -1) : request.url + '/'})
      response.end()
    }))
    await expectFailure([`${server.url}/${id}`], /: redirect loop \(/)
  })

  it('a private note: the login redirect', async () => {
    const server = await hedgedoc({notes: {[id]: {content: '# A\n', permission: 'private'}}})
    const result = await expectFailure([`${server.url}/${id}?both`], new RegExp(`^minutes: ${server.url}/${id}: the server sent the login page: the note is private or needs a login$`))
    expect(result.stderr).toContain('MINUTES_HEDGEDOC_COOKIE')
  })

  it('an HTML page instead of Markdown', async () => {
    const server = await track(listen((_, response) => {
      response.writeHead(200, {'content-type': 'text/html'})
      response.end('<!doctype html><title>Not HedgeDoc</title>')
    }))
    await expectFailure([`${server.url}/${id}`], /the server sent an HTML page, not the note's Markdown; is http:\/\/127\.0\.0\.1:\d+ a HedgeDoc server\?$/)
  })

  it('a note server that hangs', async () => {
    const server = await hedgedoc({notes: {[id]: {content: '# A\n'}}, hang: [`/${id}/download`]})
    await expectFailure([`${server.url}/${id}`, '--timeout', '0.5'], /download: no complete answer within 0\.5 seconds$/)
  })

  it('never prints the cookie, not even with --verbose', async () => {
    const server = await hedgedoc({notes: {[id]: {content: '# A\n', permission: 'private'}}})
    const secret = 's%3AexpiredButSecretSessionValue.abc'
    const viaEnv = await expectFailure([`${server.url}/${id}`, '--verbose'], /the session cookie was not accepted/, {MINUTES_HEDGEDOC_COOKIE: `connect.sid=${secret}`})
    const viaOption = await expectFailure([`${server.url}/${id}`, '--verbose', '--cookie', secret], /the session cookie was not accepted/)
    for (const result of [viaEnv, viaOption]) {
      expect(result.stderr).not.toContain('expiredButSecretSessionValue')
      expect(result.stderr).not.toContain(decodeURIComponent(secret))
    }

    const port = await closedPort()
    const unreachable = await expectFailure([`http://127.0.0.1:${port}/${id}`, '--verbose'], /connection refused/, {MINUTES_HEDGEDOC_COOKIE: secret})
    expect(unreachable.stderr).not.toContain('expiredButSecretSessionValue')
  })
})

describe('minutes convert URL: private notes', () => {
  it('reads a private note with the session cookie from MINUTES_HEDGEDOC_COOKIE or --cookie', async () => {
    const server = await hedgedoc({notes: {[id]: {content: '# Team IaaS 2024-03-06\n\n- secret plans\n', permission: 'private'}}})
    const viaEnv = await runBin(['convert', `${server.url}/${id}`], {env: {MINUTES_HEDGEDOC_COOKIE: `connect.sid=${goodSession}`}})
    expect(viaEnv).toMatchObject({code: 0, stdout: '# Team IaaS 2024-03-06\n\n- secret plans\n'})
    const viaOption = await runBin(['convert', `${server.url}/${id}`, '--cookie', goodSession])
    expect(viaOption).toMatchObject({code: 0, stdout: '# Team IaaS 2024-03-06\n\n- secret plans\n'})
  })
})

describe('convert options, in process', () => {
  it('passes --images, --max-image-size, --cookie and --timeout', async () => {
    const {context} = memoryContext()
    let received: Record<string, unknown> | undefined
    const code = await runProgram(
      ['node', 'minutes', 'convert', 'https://input.scs.community/abc?both', '-o', 'x.md', '--images', 'download', '--max-image-size', '5', '--cookie', 'connect.sid=x', '--timeout', '10'],
      context,
      {
        async convert(options) {
          received = options
          return 0
        }
      }
    )
    expect(code).toBe(0)
    expect(received).toMatchObject({input: 'https://input.scs.community/abc?both', images: 'download', maxImageSize: 5, cookie: 'connect.sid=x', timeout: 10})
  })

  it('defaults: 20 MB, 30 seconds, --images chosen by the command', async () => {
    const {context} = memoryContext()
    let received: Record<string, unknown> | undefined
    await runProgram(['node', 'minutes', 'convert', 'note.md'], context, {
      async convert(options) {
        received = options
        return 0
      }
    })
    expect(received).toMatchObject({maxImageSize: 20, timeout: 30})
    expect(received?.images).toBeUndefined()
  })

  it('refuses an unknown --images mode and a bad --timeout', async () => {
    for (const args of [['--images', 'fetch'], ['--timeout', '-1'], ['--max-image-size', 'big']]) {
      const {context, stderr} = memoryContext()
      expect(await runProgram(['node', 'minutes', 'convert', 'note.md', ...args], context)).toBe(2)
      expect(stderr()).toMatch(/error: option/)
    }
  })

  it('converts a URL in process, with the note server in the warnings', async () => {
    const server = await scsLike()
    const {context, stdout, stderr} = memoryContext()
    const code = await runProgram(['node', 'minutes', 'convert', `${server.url}/${id}`], context)
    expect(code).toBe(0)
    expect(stdout()).toContain('# Team IaaS 2024-03-06')
    expect(stderr()).toContain(`${server.url}/${id}:13:`)
  })
})
