// What `npm pack` ships: the built code, the sources its maps point to, the
// templates and the licence; no tests, fixtures or scripts; nothing that runs
// at install; and runtime dependencies that all allow Node 20. `.ci/run`
// packs the real tarball, installs it into an empty folder and runs its bin.
import {execFile} from 'node:child_process'
import {readFile} from 'node:fs/promises'
import {join, posix} from 'node:path'
import {promisify} from 'node:util'
import semver from 'semver'
import {expect, it} from 'vitest'
import {root} from './helpers/cli.js'

const run = promisify(execFile)

interface PackageJson {
  name: string
  version: string
  license: string
  engines: {node: string}
  bin: Record<string, string>
  exports: Record<string, unknown>
  files: string[]
  scripts: Record<string, string>
  dependencies: Record<string, string>
}

const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as PackageJson

/** The files `npm pack` puts in the tarball (`--ignore-scripts`: the dist/ of `npm test`'s build). */
async function packedFiles(): Promise<string[]> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const {stdout} = await run(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: root, maxBuffer: 16 * 1024 * 1024})
  const [result] = JSON.parse(stdout) as Array<{files: Array<{path: string}>}>
  return result!.files.map((file) => file.path)
}

it('is hedgedoc-minutes on npm, with the bin `minutes`', () => {
  expect(manifest.name).toBe('hedgedoc-minutes')
  expect(manifest.bin).toEqual({minutes: 'bin/minutes.js'})
  expect(manifest.license).toBe('Apache-2.0')
})

it('has the full Apache-2.0 text as LICENSE', async () => {
  const text = await readFile(join(root, 'LICENSE'), 'utf8')
  expect(text).toContain('Apache License\n                           Version 2.0, January 2004')
  expect(text).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION')
  expect(text).toContain('END OF TERMS AND CONDITIONS')
  expect(text.split('\n').length).toBeGreaterThan(200)
})

it('runs no script at install: the build is prepack, and postinstall (for clones) is disabled while packing', () => {
  // npm warns about install scripts of dependencies (`npm warn install-scripts`); a tarball with
  // preinstall, install, postinstall or prepare would also need a compiler on the user's machine.
  expect(manifest.scripts.prepare).toBeUndefined()
  expect(manifest.scripts.preinstall).toBeUndefined()
  expect(manifest.scripts.install).toBeUndefined()
  expect(manifest.scripts.prepack).toMatch(/^pinst --disable && .*npm run build$/)
  expect(manifest.scripts.postpack).toBe('pinst --enable')
})

it('packs the built code, the sources of its maps, the templates and the licence, and nothing else', async () => {
  const files = await packedFiles()
  expect(files).toContain('LICENSE')
  expect(files).toContain('README.md')
  expect(files).toContain('package.json')
  expect(files).toContain('bin/minutes.js')
  expect(files).toContain('dist/index.js')
  expect(files).toContain('dist/index.d.ts')
  expect(files).toContain('dist/plugins.js')
  expect(files).toContain('dist/config.schema.json')
  expect(files).toContain('templates/default.liquid')
  const tops = new Set(files.map((file) => file.split('/')[0]))
  expect([...tops].sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'package.json', 'src', 'templates'])

  const maps = files.filter((file) => file.endsWith('.map'))
  expect(maps.length).toBeGreaterThan(50)
  const missing: string[] = []
  for (const map of maps) {
    const {sources} = JSON.parse(await readFile(join(root, map), 'utf8')) as {sources: string[]}
    for (const source of sources) {
      const path = posix.normalize(posix.join(posix.dirname(map), source))
      if (!files.includes(path)) missing.push(`${map} → ${path}`)
    }
  }

  expect(missing).toEqual([])
})

it('every runtime dependency (the whole tree in the lock file) allows Node 20 (its current release line, 20.19)', async () => {
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, {version?: string; dev?: boolean; engines?: {node?: string} | string[]}>
  }
  const refusing: string[] = []
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || Array.isArray(entry.engines)) continue
    const range = entry.engines?.node
    if (range && !semver.satisfies('20.19.0', range)) refusing.push(`${path}@${entry.version}: node ${range}`)
  }

  expect(refusing).toEqual([])
  expect(manifest.engines.node).toBe('>=20')
})
