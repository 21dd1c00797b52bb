// Start-up stays light: --version and --help load no unified, remark,
// micromark or octokit; commands import their code only when they run.
import {execFile} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {describe, expect, it} from 'vitest'
import {bin, root} from './helpers/cli.js'

const run = promisify(execFile)
const tracer = fileURLToPath(new URL('helpers/trace-imports.mjs', import.meta.url))

async function packagesLoaded(args: string[]): Promise<string[]> {
  const {stderr} = await run(process.execPath, ['--import', tracer, bin, ...args], {cwd: root})
  const line = stderr.split('\n').find((text) => text.startsWith('LOADED '))
  return JSON.parse(line!.slice('LOADED '.length)) as string[]
}

const heavy = /^(unified|remark-|micromark|mdast-|@octokit\/|liquidjs|zod|hast-|parse5|yaml$)/

describe('start-up', () => {
  it('minutes --version loads no package at all, and prints the version', async () => {
    expect(await packagesLoaded(['--version'])).toEqual([])
    const {stdout} = await run(process.execPath, [bin, '--version'], {cwd: root})
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
  })

  it.each([['--help'], ['convert', '--help'], ['check', '--help'], ['publish', '--help'], ['init', '--help'], ['sync', '--help']])(
    'minutes %s loads only commander',
    async (...args) => {
      const packages = await packagesLoaded(args)
      expect(packages.filter((name) => heavy.test(name))).toEqual([])
      expect(packages).toContain('commander')
    }
  )

  it('a command that runs does load its code (the tracer sees it)', async () => {
    const packages = await packagesLoaded(['convert', 'fixtures/example/input.md'])
    expect(packages).toContain('unified')
  })
})
