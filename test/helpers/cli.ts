// Running the CLI in tests: in-process with fake streams, or the real bin.
import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {PassThrough, Readable} from 'node:stream'
import type {CommandContext} from '../../src/cli/context.js'

export const root = fileURLToPath(new URL('../../', import.meta.url))
export const bin = fileURLToPath(new URL('../../bin/minutes.js', import.meta.url))

/** A command context whose output is collected in memory. */
export function memoryContext(options: {stdin?: string; cwd?: string; env?: Record<string, string | undefined>} = {}) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const context: CommandContext = {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    stdin: Readable.from([Buffer.from(options.stdin ?? '')]),
    stdout,
    stderr,
    verbose: false
  }
  return {context, stdout: () => out, stderr: () => err}
}

export interface BinResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Run `bin/minutes.js` (the built package) as a user would. */
export function runBin(
  args: string[],
  options: {stdin?: string | Buffer; cwd?: string; env?: Record<string, string | undefined>; timeout?: number} = {}
): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? root,
      env: {PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env},
      stdio: ['pipe', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 60_000)
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, stdout, stderr})
    })
    child.stdin.end(options.stdin ?? '')
  })
}
