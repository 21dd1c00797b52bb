#!/usr/bin/env node
// npm run build:action: bundle the GitHub Action (action/main.ts and all of
// minutes it uses) with esbuild into action/dist/, which is committed:
//
//   action/dist/index.mjs      the bundle action.yml runs (node24)
//   action/dist/migrate-worker.mjs, piscina-worker.mjs
//                              the worker threads `sync` converts in
//   action/dist/templates/     the bundled templates `check` converts with
//   action/dist/licenses.txt   the licences of the bundled packages
//
// npm run check:action (`--check`) builds into a temporary folder and fails
// when the result differs from the committed action/dist/, so CI notices a
// bundle that was not rebuilt. The build is deterministic: the same sources
// and lock file give the same bytes (esbuild pinned, paths relative to the
// repository, no timestamps, files and licences in sorted order).
import {mkdtemp, mkdir, readFile, readdir, rm, writeFile, copyFile} from 'node:fs/promises'
import {existsSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, relative, resolve, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const committed = join(root, 'action', 'dist')
const check = process.argv.includes('--check')
const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))

/**
 * Two modules find files next to themselves, which a bundle has not: the
 * version (../package.json) becomes a constant, and the templates folder is
 * the one copied beside the bundle.
 */
const standalone = {
  name: 'standalone',
  setup(build) {
    build.onLoad({filter: /[\\/]src[\\/]version\.ts$/}, () => ({
      contents: `/** This package's version (set by scripts/build-action.js). */\nexport const version = ${JSON.stringify(manifest.version)}\n`,
      loader: 'ts'
    }))
    build.onLoad({filter: /[\\/]src[\\/]render[\\/]template\.ts$/}, async (args) => {
      const source = await readFile(args.path, 'utf8')
      const from = "new URL('../../templates/', import.meta.url)"
      if (!source.includes(from)) throw new Error(`${args.path}: no ${from} to point at the bundle's templates/ (update scripts/build-action.js)`)
      return {contents: source.replace(from, "new URL('./templates/', import.meta.url)"), loader: 'ts'}
    })
    // `minutes sync` converts in migrate's worker pool (piscina): both worker
    // scripts are entry points of their own beside the bundle.
    build.onLoad({filter: /[\\/]src[\\/]migrate[\\/]pool\.ts$/}, async (args) => {
      const source = await readFile(args.path, 'utf8')
      const from = "new URL('./worker.js', import.meta.url)"
      if (!source.includes(from)) throw new Error(`${args.path}: no ${from} to point at the bundle's worker (update scripts/build-action.js)`)
      return {contents: source.replace(from, "new URL('./migrate-worker.mjs', import.meta.url)"), loader: 'ts'}
    })
    // piscina's optional native module for thread priorities (a failed load is ignored).
    build.onResolve({filter: /^@napi-rs\/nice$/}, () => ({path: '@napi-rs/nice', namespace: 'not-bundled'}))
    build.onLoad({filter: /.*/, namespace: 'not-bundled'}, () => ({contents: "throw new Error('@napi-rs/nice is not bundled')", loader: 'js'}))
    build.onLoad({filter: /[\\/]piscina[\\/]dist[\\/]index\.js$/}, async (args) => {
      const source = await readFile(args.path, 'utf8')
      const from = "'worker.js'"
      if (!source.includes(from)) throw new Error(`${args.path}: no ${from} to point at the bundle's piscina worker (update scripts/build-action.js)`)
      return {contents: source.replace(from, "'piscina-worker.mjs'"), loader: 'js'}
    })
  }
}

/** The name and folder of the package a bundled file belongs to. */
function packageOf(input) {
  const match = /^(.*node_modules[\\/])((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(input)
  return match ? {name: match[2].split(sep).join('/'), folder: join(root, match[1], match[2])} : undefined
}

async function licences(metafile) {
  const packages = new Map()
  for (const input of Object.keys(metafile.inputs)) {
    const found = packageOf(input)
    if (found) packages.set(found.folder, found.name)
  }

  const sections = []
  for (const [folder, name] of [...packages].sort(([a, , ], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const pkg = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'))
    const files = (await readdir(folder)).filter((file) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(file)).sort()
    const text = files.length > 0 ? (await readFile(join(folder, files[0]), 'utf8')).trim() : `(no licence file; package.json says ${pkg.license ?? 'nothing'})`
    sections.push(`${pkg.name}@${pkg.version} (${pkg.license ?? 'unknown'})\n\n${text}\n`)
  }

  return `Packages bundled into action/dist/index.mjs, with their licences.\n\n${sections.join('\n---\n\n')}`
}

async function buildInto(outdir) {
  await rm(outdir, {recursive: true, force: true})
  await mkdir(join(outdir, 'templates'), {recursive: true})
  const result = await build({
    absWorkingDir: root,
    tsconfig: 'tsconfig.json',
    entryPoints: {index: 'action/main.ts', 'migrate-worker': 'src/migrate/worker.ts', 'piscina-worker': 'node_modules/piscina/dist/worker.js'},
    outdir,
    outExtension: {'.js': '.mjs'},
    // Three files, each whole (no shared chunks: fewer files to commit and
    // review; the workers are found next to the bundle that starts them).
    bundle: true,
    platform: 'node',
    target: 'node20',
    // ES module builds first: jsonc-parser's `main` is a UMD build whose require()s esbuild cannot follow.
    mainFields: ['module', 'main'],
    format: 'esm',
    // CommonJS packages inside an ES module bundle still call require() and read __dirname.
    banner: {
      js: [
        "import {createRequire as __minutesCreateRequire} from 'node:module';",
        "import {dirname as __minutesDirname} from 'node:path';",
        "import {fileURLToPath as __minutesFileURLToPath} from 'node:url';",
        'const require = __minutesCreateRequire(import.meta.url);',
        'const __filename = __minutesFileURLToPath(import.meta.url);',
        'const __dirname = __minutesDirname(__filename);'
      ].join('\n')
    },
    define: {'process.env.NODE_ENV': '"production"'},
    legalComments: 'none',
    charset: 'utf8',
    minify: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [standalone]
  })
  for (const file of (await readdir(join(root, 'templates'))).filter((name) => name.endsWith('.liquid')).sort()) {
    await copyFile(join(root, 'templates', file), join(outdir, 'templates', file))
  }

  await writeFile(join(outdir, 'licenses.txt'), await licences(result.metafile))
}

async function listing(folder) {
  const files = new Map()
  async function walk(directory) {
    for (const entry of await readdir(directory, {withFileTypes: true})) {
      const path = join(directory, entry.name)
      if (entry.isDirectory()) await walk(path)
      else files.set(relative(folder, path).split(sep).join('/'), await readFile(path))
    }
  }

  if (existsSync(folder)) await walk(folder)
  return files
}

if (check) {
  const temporary = await mkdtemp(join(tmpdir(), 'minutes-action-'))
  try {
    await buildInto(join(temporary, 'dist'))
    const fresh = await listing(join(temporary, 'dist'))
    const current = await listing(committed)
    const differing = [...new Set([...fresh.keys(), ...current.keys()])]
      .sort()
      .filter((file) => !fresh.has(file) || !current.has(file) || !fresh.get(file).equals(current.get(file)))
    if (differing.length > 0) {
      console.error(`action/dist/ is not what \`npm run build:action\` builds from these sources; differing: ${differing.join(', ')}`)
      console.error('Run `npm run build:action` and commit action/dist/.')
      process.exitCode = 1
    } else {
      console.log(`action/dist/ is up to date (${fresh.size} files)`)
    }
  } finally {
    await rm(temporary, {recursive: true, force: true})
  }
} else {
  await buildInto(committed)
  const files = await listing(committed)
  console.log(`action/dist/: ${[...files].map(([name, bytes]) => `${name} ${(bytes.length / 1024).toFixed(0)} KB`).join(', ')}`)
}
