// Bad input, bad places and faults, one table row per case: each ends in
// time with a clear message (exit 2) or a result, never a hang, a crash, a
// leaked secret or a file replaced that must not be.
import {execFileSync, spawn} from 'node:child_process'
import {chmod, lstat, mkdir, mkdtemp, open, readFile, readdir, readlink, stat, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {convert} from '../src/index.js'
import {runProgram} from '../src/cli/program.js'
import {MinutesError} from '../src/errors.js'
import {InterruptedError, writing} from '../src/cli/context.js'
import {processHold} from '../src/cli/signals.js'
import {bin, memoryContext, runBin} from './helpers/cli.js'
import {closedAfterEach, listen} from './helpers/servers.js'
import {connectionReason, githubError} from '../src/github/errors.js'

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'minutes-bad-'))
}

/** Run the CLI in-process; a thrown `MinutesError` gives its exit code and message, as the bin's entry does. */
async function runProgramIn(args: string[], stdin = '', options: {cwd?: string; env?: Record<string, string | undefined>} = {}) {
  const {context, stdout, stderr} = memoryContext({stdin, ...options})
  try {
    const code = await runProgram(['node', 'minutes', ...args], context)
    return {code, error: undefined, stdout: stdout(), stderr: stderr()}
  } catch (error) {
    if (!(error instanceof MinutesError)) throw error
    return {code: error.exitCode, error: error.message, stdout: stdout(), stderr: stderr()}
  }
}

const note = '# Team IaaS 2024-03-06\n\n* one\n* two\n'
const converted = '# Team IaaS 2024-03-06\n\n- one\n- two\n'

/** A folder with `note.md` and a `sources/` folder holding it too. */
async function setup(): Promise<string> {
  const dir = await folder()
  await writeFile(join(dir, 'note.md'), note)
  await mkdir(join(dir, 'sources'))
  await writeFile(join(dir, 'sources', 'note.md'), note)
  await writeFile(join(dir, 'file'), 'a file, not a folder\n')
  return dir
}

describe('an output folder that cannot be made is one error naming it, exit 2 (no 100 % CPU loop)', () => {
  // procfs answers mkdir with ENOENT although /proc exists: Node's recursive mkdir looped on that forever.
  const cases: Array<[string, string[], RegExp]> = [
    ['convert -o under /proc', ['convert', 'note.md', '-o', '/proc/x/y.md'], /^minutes: \/proc\/x\/y\.md: cannot make the folder \/proc\/x: no such file or directory\n$/],
    ['convert --checkout /proc (its team folder cannot be made)', ['convert', 'note.md', '--checkout', '/proc', '--team', 'iaas'], /^minutes: \/proc\/iaas\/20240306\.md: cannot make the folder \/proc\/iaas: no such file or directory\n$/],
    ['convert --checkout of a folder that does not exist', ['convert', 'note.md', '--checkout', '/proc/x', '--team', 'iaas'], /^minutes: --checkout \/proc\/x: no such folder \(\/proc\/x\)\n/],
    ['migrate --out under /proc', ['migrate', 'sources', '--out', '/proc/x/y'], /^minutes: --out \/proc\/x\/y: cannot make the folder \/proc\/x: no such file or directory\n$/],
    ['convert -o through a file', ['convert', 'note.md', '-o', 'file/x/y.md'], /^minutes: file\/x\/y\.md: a parent of this path is not a directory\n$/],
    ['migrate --out through a file', ['migrate', 'sources', '--out', 'file/out'], /^minutes: --out file\/out: cannot make the folder: a parent of this path is not a directory\n$/]
  ]
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const dir = await setup()
      const result = await runBin(args, {cwd: dir, timeout: 30_000})
      expect(result.stderr).toMatch(message)
      expect(result).toMatchObject({code: 2, stdout: ''})
      expect((await readdir(dir)).sort()).toEqual(['file', 'note.md', 'sources'])
    })
  }
})

describe('writing keeps what it must: modes, links, FIFOs', () => {
  // --write, -o and check --fix share one writer; each is run once per case.
  const writers: Array<[string, (file: string) => string[]]> = [
    ['convert --write', (file) => ['convert', '--write', file]],
    ['convert -o', (file) => ['convert', 'note.md', '-o', file]],
    ['check --fix', (file) => ['check', '--fix', file]]
  ]

  for (const [writer, args] of writers) {
    it(`${writer} keeps a 0600 file's mode`, async () => {
      const dir = await setup()
      const file = join(dir, '20240306.md')
      await writeFile(file, note, {mode: 0o600})
      await chmod(file, 0o600)
      const result = await runBin(args('20240306.md'), {cwd: dir})
      expect(result.stderr).not.toContain('minutes:')
      expect(await readFile(file, 'utf8')).toBe(converted)
      expect((await stat(file)).mode & 0o777).toBe(0o600)
      expect((await readdir(dir)).sort()).toEqual(['20240306.md', 'file', 'note.md', 'sources'])
    })

    it(`${writer} refuses to overwrite a read-only (0444) file, also as root`, async () => {
      const dir = await setup()
      const file = join(dir, '20240306.md')
      await writeFile(file, note)
      await chmod(file, 0o444)
      const result = await runBin(args('20240306.md'), {cwd: dir})
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('minutes: 20240306.md: read-only file (mode 0444); not overwritten\n')
      expect(await readFile(file, 'utf8')).toBe(note)
      expect((await stat(file)).mode & 0o777).toBe(0o444)
    })

    it(`${writer} writes through a symlink: the link stays, its target gets the minutes`, async () => {
      const dir = await setup()
      await mkdir(join(dir, 'real'))
      await writeFile(join(dir, 'real', 'target.md'), note)
      await symlink('real/target.md', join(dir, '20240306.md'))
      const result = await runBin(args('20240306.md'), {cwd: dir})
      expect(result.stderr).not.toContain('minutes:')
      expect((await lstat(join(dir, '20240306.md'))).isSymbolicLink()).toBe(true)
      expect(await readlink(join(dir, '20240306.md'))).toBe('real/target.md')
      expect(await readFile(join(dir, 'real', 'target.md'), 'utf8')).toBe(converted)
      expect(await readdir(join(dir, 'real'))).toEqual(['target.md'])
    })
  }

  it('-o to a symlink whose target does not exist yet creates the target', async () => {
    const dir = await setup()
    await symlink('minutes/20240306.md', join(dir, 'link.md'))
    const result = await runBin(['convert', 'note.md', '-o', 'link.md'], {cwd: dir})
    expect(result.code).toBe(0)
    expect((await lstat(join(dir, 'link.md'))).isSymbolicLink()).toBe(true)
    expect(await readFile(join(dir, 'minutes', '20240306.md'), 'utf8')).toBe(converted)
  })

  it('a symlink loop is a clear error naming the path as given', async () => {
    const dir = await setup()
    await symlink('b.md', join(dir, 'a.md'))
    await symlink('a.md', join(dir, 'b.md'))
    const result = await runBin(['convert', 'note.md', '-o', 'a.md'], {cwd: dir})
    expect(result).toMatchObject({code: 2, stdout: ''})
    expect(result.stderr).toBe('minutes: a.md: too many levels of symbolic links (a symlink loop?)\n')
    const input = await runBin(['convert', 'a.md'], {cwd: dir})
    expect(input.stderr).toBe('minutes: a.md: too many levels of symbolic links (a symlink loop?)\n')
    const check = await runBin(['check', 'a.md'], {cwd: dir})
    expect(check.code).toBe(2)
    expect(check.stderr).toContain('minutes: a.md: too many levels of symbolic links (a symlink loop?)\n')
    expect(check.stderr + check.stdout).not.toContain(dir)
  })

  it('-o to a FIFO streams into it and leaves the FIFO in place', async () => {
    const dir = await setup()
    const fifo = join(dir, 'pipe.md')
    execFileSync('mkfifo', [fifo])
    // The reader opens first (as a shell's `cat pipe.md &` would); the bin takes far longer to start.
    const reader = spawn('cat', [fifo], {stdio: ['ignore', 'pipe', 'inherit']})
    const chunks: Buffer[] = []
    reader.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    const closed = new Promise((resolve) => reader.on('close', resolve))
    await new Promise((resolve) => setTimeout(resolve, 300))
    const result = await runBin(['convert', 'note.md', '-o', 'pipe.md'], {cwd: dir})
    await closed
    expect(result.stderr).not.toContain('minutes:')
    expect(result.code).toBe(0)
    expect(Buffer.concat(chunks).toString()).toBe(converted)
    expect((await lstat(fifo)).isFIFO()).toBe(true)
  })

  it('-o to a FIFO that nobody reads is refused at once, and the FIFO stays', async () => {
    const dir = await setup()
    const fifo = join(dir, 'pipe.md')
    execFileSync('mkfifo', [fifo])
    const result = await runBin(['convert', 'note.md', '-o', 'pipe.md'], {cwd: dir, timeout: 30_000})
    expect(result).toMatchObject({code: 2, stdout: ''})
    expect(result.stderr).toMatch(/^minutes: pipe\.md: a FIFO that no process reads; nothing written\n/)
    expect((await lstat(fifo)).isFIFO()).toBe(true)
  })
})

describe('impossible dates are refused or named, never "Invalid time value"', () => {
  for (const date of ['2024-13-01', '2024-00-10', '2024-12-32', '2023-02-29']) {
    it(`--date ${date} is a usage error, exit 2`, async () => {
      const result = await runProgramIn(['convert', '-', '--date', date], note)
      expect(result.code).toBe(2)
      expect(result.error).toBe(`invalid date "${date}": expected a calendar date written YYYY-MM-DD, such as 2023-07-26`)
    })
  }

  it('the library refuses an impossible date option', async () => {
    await expect(convert(note, {date: '2024-13-01'})).rejects.toThrow('invalid date "2024-13-01"')
  })

  const notes: Array<[string, string, string | undefined, string]> = [
    ['in the title', '# Team IaaS 2024-13-01\n\ntext\n', undefined, '1:1 Unexpected date `2024-13-01` in the title'],
    ['in German in the title', '# Team IaaS 31.04.2024\n\ntext\n', undefined, '1:1 Unexpected date `31.04.2024` in the title'],
    ['in the front matter', '---\ndate: 2024-02-30\n---\n\n# Team IaaS\n\ntext\n', undefined, '1:1 Unexpected date `2024-02-30` in the front matter'],
    ['in the file name', '# Team IaaS\n\ntext\n', 'iaas/20241332.md', '1:1 Unexpected date `20241332` in the file name']
  ]
  for (const [name, text, path, message] of notes) {
    it(`an impossible date ${name} is not taken, and is named`, async () => {
      const result = await convert(text, path === undefined ? {} : {path})
      expect(result.data.date).toBeUndefined()
      expect(result.messages.map((item) => `${item.line}:${item.column} ${item.message}`)).toContainEqual(expect.stringContaining(message))
    })
  }

  it('a real date next to an impossible one still counts', async () => {
    const result = await convert('---\ndate: 2024-02-30\n---\n\n# Team IaaS 2024-02-29\n\ntext\n', {path: '20240229.md'})
    expect(result.data.date).toBe('2024-02-29')
  })
})

describe('Ctrl-C and SIGTERM stop a long conversion at once, leaving nothing behind', () => {
  const unit = '## Topic\n\nSome text about the topic, with a [link](https://example.com/page) and `code`.\nA second line with @handle and #12.\n\n- an item\n- another item\n\n'

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} during the conversion of a 2 MB note ends the process (130/143), no output, no temporary file`, async () => {
      const dir = await folder()
      await writeFile(join(dir, 'huge.md'), '# Huge 2024-01-01\n\n' + unit.repeat(Math.ceil(2e6 / unit.length)))
      const child = spawn(process.execPath, [bin, 'convert', 'huge.md', '-o', 'out.md'], {cwd: dir, stdio: 'ignore'})
      const ended = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.on('close', (code, signal) => resolve({code, signal})))
      // Well into the conversion, which takes many seconds.
      await new Promise((resolve) => setTimeout(resolve, 1500))
      const sent = performance.now()
      child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      const result = await ended
      clearTimeout(timer)
      // Ended by the signal itself (a shell shows 130 or 143), not by the SIGKILL of the guard.
      expect(result.signal === signal || result.code === (signal === 'SIGINT' ? 130 : 143)).toBe(true)
      expect(performance.now() - sent).toBeLessThan(10_000)
      expect(await readdir(dir)).toEqual(['huge.md'])
    }, 60_000)
  }

  it('a hold lets the task finish on the first signal, ends at once on the second, then restores the default', async () => {
    const exits: number[] = []
    const hold = processHold((code) => exits.push(code))
    const before = process.listenerCount('SIGINT')
    const beforeTerm = process.listenerCount('SIGTERM')
    let aborted: unknown
    await hold(async (signal) => {
      expect(process.listenerCount('SIGINT')).toBe(before + 1)
      process.emit('SIGINT', 'SIGINT')
      aborted = signal.aborted && signal.reason
      process.emit('SIGTERM', 'SIGTERM')
    })
    expect(aborted).toBe('SIGINT')
    expect(exits).toEqual([143])
    expect(process.listenerCount('SIGINT')).toBe(before)
    expect(process.listenerCount('SIGTERM')).toBe(beforeTerm)
  })

  it('a signal while the output is written: the files are finished whole, then exit 130', async () => {
    const {context} = memoryContext()
    const hold = processHold(() => undefined)
    context.hold = hold
    const dir = await folder()
    const error = await writing(context, async () => {
      process.emit('SIGINT', 'SIGINT')
      await writeFile(join(dir, 'a.md'), 'whole\n')
    }).catch((error: unknown) => error)
    expect(error).toBeInstanceOf(InterruptedError)
    expect((error as InterruptedError).exitCode).toBe(130)
    expect(await readFile(join(dir, 'a.md'), 'utf8')).toBe('whole\n')
  })
})

describe('stdout that fails', () => {
  it('a stdout that cannot be written is one line, exit 2, no stack trace', async () => {
    const dir = await setup()
    // A descriptor opened read-only: every write fails (EBADF), as /dev/full fails with ENOSPC.
    const handle = await open(join(dir, 'note.md'), 'r')
    const child = spawn(process.execPath, [bin, 'convert', 'note.md'], {cwd: dir, stdio: ['ignore', handle.fd, 'pipe'], env: {PATH: process.env.PATH, NO_COLOR: '1'}})
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise((resolve) => child.on('close', resolve))
    await handle.close()
    expect(code).toBe(2)
    expect(stderr).toMatch(/^minutes: cannot write to stdout: [^\n]+\n$/)
  })

  it('a closed pipe (| head -1) ends quietly', async () => {
    const dir = await setup()
    await writeFile(join(dir, 'long.md'), '# Team IaaS 2024-03-06\n\n' + Array.from({length: 3000}, (_, index) => `Paragraph ${index}, long enough to fill the pipe's buffer.\n`).join('\n'))
    const child = spawn(process.execPath, [bin, 'convert', 'long.md'], {cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: {PATH: process.env.PATH, NO_COLOR: '1'}})
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(0)
  }, 120_000)
})

describe('files that are not UTF-8 text', () => {
  it('UTF-16 with a byte order mark is read as UTF-16 (LE and BE), not called binary', async () => {
    const text = '# Team IaaS 2024-03-06\r\n\r\n* one\r\n* two\r\n'
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const be = Buffer.from(le.subarray(0)).swap16()
    for (const bytes of [le, be]) {
      const dir = await folder()
      await writeFile(join(dir, 'note.md'), bytes)
      const result = await runProgramIn(['convert', 'note.md'], '', {cwd: dir})
      expect(result).toMatchObject({code: 0, stdout: converted})
    }
  })

  it('a binary file is refused by name; check says so and does not claim success', async () => {
    const dir = await folder()
    await writeFile(join(dir, 'picture.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]))
    const result = await runProgramIn(['check', 'picture.md'], '', {cwd: dir})
    expect(result.code).toBe(2)
    expect(result.stderr).toBe('minutes: picture.md: not a text file (it contains NUL bytes)\n')
    expect(result.stdout).toBe('✖ 0 files checked: no problems; 1 file could not be checked\n')
  })
})

describe('a note read by URL is limited in size', () => {
  const served = closedAfterEach()

  /** A HedgeDoc-like server whose note is `size` bytes, streamed without Content-Length; counts the bytes sent. */
  async function bigNote(size: number) {
    let sent = 0
    const server = await served(
      listen(async (_request, response, url) => {
        if (!url.pathname.endsWith('/download')) {
          response.statusCode = 404
          response.end()
          return
        }

        response.setHeader('content-type', 'text/markdown; charset=utf-8')
        const chunk = Buffer.from('- an item of a very long note\n'.repeat(2000))
        let mine = 0
        while (mine < size && !response.destroyed) {
          sent += chunk.byteLength
          mine += chunk.byteLength
          if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve).once('close', resolve))
        }

        response.end()
      })
    )
    return {server, sent: () => sent}
  }

  it('stops at the default 10 MB and names the limit and the option', async () => {
    const {server, sent} = await bigNote(100 * 1024 * 1024)
    const result = await runProgramIn(['convert', `${server.url}/big-note`, '--quiet'])
    expect(result.code).toBe(2)
    expect(result.error).toBe(`${server.url}/big-note: the note is larger than 10 MB, the limit for a note read by URL; not read further`)
    expect(sent()).toBeLessThan(30 * 1024 * 1024)
  })

  it('--max-note-size changes the limit', async () => {
    const {server} = await bigNote(200 * 1024)
    const small = await runProgramIn(['convert', `${server.url}/note`, '--max-note-size', '0.1', '--quiet'])
    expect(small.error).toMatch(/larger than 102\.4 kB, the limit/)
    const large = await runProgramIn(['convert', `${server.url}/note`, '--max-note-size', '1', '--quiet'])
    expect(large.code).toBe(0)
    expect(large.stdout).toContain('- an item of a very long note\n')
  }, 120_000)
})

describe('help states each command\'s real defaults', () => {
  const cases: Array<[string, string]> = [
    ['convert', '(default: download with --checkout, else keep)'],
    ['sync', '(default: download)'],
    ['migrate', '(default: download with --layout repo, else keep)'],
    ['publish', '(default: download)']
  ]
  for (const [command, expected] of cases) {
    it(`${command} --help: --images ${expected}`, async () => {
      const {stdout} = await runProgramIn([command, '--help'])
      const text = stdout.replace(/\s+/g, ' ')
      expect(text).toContain(`--images <mode> pictures on the HedgeDoc server`)
      expect(text.slice(text.indexOf('--images <mode>'), text.indexOf('(choices', text.indexOf('--images <mode>')))).toContain(expected)
      expect(text).toContain('--max-note-size <MB> largest note read by URL, in MB')
    })
  }
})

describe('a token the API echoes back never leaves the process', () => {
  const served = closedAfterEach()
  const token = 'ghp_EchoedBack0123456789abcdef'

  for (const format of ['stylish', 'json', 'github'] as const) {
    it(`check --online --format ${format}: not on stdout, stderr or in the job summary`, async () => {
      const api = await served(
        listen((request, response) => {
          response.statusCode = 401
          response.setHeader('content-type', 'application/json')
          response.end(JSON.stringify({message: `upstream refused the request with ${String(request.headers.authorization)} (${token})`}))
        })
      )
      const dir = await folder()
      await writeFile(join(dir, '20240306.md'), '# Team IaaS 2024-03-06\n\n- [issues#1](https://github.com/SovereignCloudStack/issues/issues/1)\n')
      const summary = join(dir, 'summary.md')
      const result = await runProgramIn(['check', '--online', '--no-cache', '--format', format, '--api-url', api.url], '', {
        cwd: dir,
        env: {GITHUB_TOKEN: token, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, MINUTES_WAIT_SCALE: '0.001'}
      })
      const everything = result.stdout + result.stderr + (result.error ?? '') + (await readFile(summary, 'utf8'))
      expect(api.requests.length).toBeGreaterThan(0)
      expect(everything).toContain('[redacted]')
      expect(everything).not.toContain(token)
      expect(everything).not.toContain('EchoedBack')
    }, 60_000)
  }
})

describe('GitHub API answers that are no API answers', () => {
  const served = closedAfterEach()

  it('publish against an HTML page (a proxy, a captive portal) names the API URL and what came back', async () => {
    const portal = await served(
      listen((_request, response) => {
        response.setHeader('content-type', 'text/html; charset=utf-8')
        response.end('<!doctype html><html><head><title>Welcome to the hotel Wi-Fi</title></head><body>Log in</body></html>')
      })
    )
    const dir = await setup()
    const result = await runProgramIn(['publish', 'note.md', '--team', 'iaas', '--dry-run', '--api-url', portal.url], '', {cwd: dir, env: {GITHUB_TOKEN: 'ghp_portal0123456789', MINUTES_WAIT_SCALE: '0.001'}})
    expect(result.code).toBe(2)
    expect(result.error).toBe(`${portal.url}: the GitHub API answered HTTP 200 with an HTML page ("Welcome to the hotel Wi-Fi"), not JSON`)
  })

  it('a host that cannot be found is named as such, not as "500"', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND github.example.invalid'), {status: 500, response: undefined, cause: Object.assign(new Error('x'), {code: 'ENOTFOUND'})})
    expect(connectionReason(error)).toBe('the host github.example.invalid could not be reached: its name was not found (DNS)')
    expect(githubError(error, 'read the repository').message).toBe('could not read the repository: the host github.example.invalid could not be reached: its name was not found (DNS), also after retrying')
  })
})
