#!/usr/bin/env node
// npm run bench [-- CORPUS]: every speed figure side by side, in one run.
//
// - start-up: `minutes --version` and `--help` beside `node -e 0`;
// - import: `hedgedoc-minutes/plugins` and `hedgedoc-minutes` beside
//   unified + remark-parse (the goal: the plugins within 2× of them);
// - action: the Action's bundle checking a small repository as the runner
//   starts it, beside `minutes check` on the same files;
// - convert: `convert()` over the corpus beside a plain remark-parse +
//   remark-gfm + remark-stringify pipeline over the same files;
// - check: offline `minutes check` beside markdownlint-cli2 (scripts/bench/check.js);
// - migrate: `minutes migrate` beside the plain pipeline, 1× and 10× the
//   corpus (scripts/bench/migrate.js);
// - sync: `minutes sync` of a 100-meeting pad made from the corpus into an
//   empty checkout, beside `minutes migrate` of the same 100 notes (target:
//   at most 1.1 × migrate; scripts/bench/sync.js).
//
// Figures are medians of a few rounds; ratios compare runs of the same round
// on the same machine, which is what matters on a busy machine.
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {performance} from 'node:perf_hooks'
import {promisify} from 'node:util'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import {glob} from 'tinyglobby'
import {unified} from 'unified'
import {convert} from '../dist/index.js'
import {benchCheck} from './bench/check.js'
import {benchMigrate} from './bench/migrate.js'
import {benchSync} from './bench/sync.js'

const run = promisify(execFile)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const corpus = resolve(process.argv[2] ?? join(root, '..', 'shared', 'corpus'))
if (!existsSync(corpus)) {
  console.error(`bench: ${corpus}: no such folder (pass the corpus folder: npm run bench -- DIR)`)
  process.exit(2)
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const ms = (seconds) => `${(seconds * 1000).toFixed(0)} ms`
const mbps = (bytes, seconds) => `${(bytes / 1e6 / seconds).toFixed(2)} MB/s`

function table(title, rows, columns) {
  console.log(`\n## ${title}\n`)
  console.log(`| ${columns.map(([name]) => name).join(' | ')} |`)
  console.log(`| ${columns.map(() => '---').join(' | ')} |`)
  for (const row of rows) console.log(`| ${columns.map(([, cell]) => cell(row)).join(' | ')} |`)
}

async function startup() {
  const commands = [
    ['node -e 0', ['-e', '0']],
    ['minutes --version', [join(root, 'bin', 'minutes.js'), '--version']],
    ['minutes --help', [join(root, 'bin', 'minutes.js'), '--help']],
    ['minutes convert --help', [join(root, 'bin', 'minutes.js'), 'convert', '--help']]
  ]
  const times = new Map(commands.map(([name]) => [name, []]))
  for (let round = 0; round < 9; round++) {
    for (const [name, args] of commands) {
      const start = performance.now()
      await run(process.execPath, args)
      times.get(name).push((performance.now() - start) / 1000)
    }
  }

  const base = median(times.get('node -e 0'))
  table(
    'Start-up (median of 9)',
    commands.map(([name]) => ({name, seconds: median(times.get(name))})),
    [
      ['command', (row) => `\`${row.name}\``],
      ['wall', (row) => ms(row.seconds)],
      ['over `node -e 0`', (row) => ms(row.seconds - base)]
    ]
  )
}

async function importing() {
  const imports = [
    ['node -e 0', '0'],
    ['unified + remark-parse', "await import('unified'); await import('remark-parse')"],
    ['hedgedoc-minutes/plugins', "await import('hedgedoc-minutes/plugins')"],
    ['hedgedoc-minutes', "await import('hedgedoc-minutes')"]
  ]
  const times = new Map(imports.map(([name]) => [name, []]))
  for (let round = 0; round < 15; round++) {
    for (const [name, code] of imports) {
      const start = performance.now()
      await run(process.execPath, ['--input-type=module', '-e', code], {cwd: root})
      times.get(name).push((performance.now() - start) / 1000)
    }
  }

  const base = median(times.get('node -e 0'))
  const rows = imports.map(([name]) => ({name, seconds: median(times.get(name))}))
  const remark = rows[1].seconds
  table('Import (median of 15, spawned)', rows, [
    ['import', (row) => `\`${row.name}\``],
    ['wall', (row) => ms(row.seconds)],
    ['over `node -e 0`', (row) => ms(row.seconds - base)],
    ['× unified + remark-parse (wall)', (row) => (row.seconds / remark).toFixed(2)],
    ['× unified + remark-parse (over node)', (row) => (row.name === 'node -e 0' ? '' : ((row.seconds - base) / (remark - base)).toFixed(2))]
  ])
}

async function actionStart() {
  const {cp, mkdtemp, rm, writeFile} = await import('node:fs/promises')
  const {tmpdir} = await import('node:os')
  const workspace = await mkdtemp(join(tmpdir(), 'minutes-bench-action-'))
  await cp(join(root, 'fixtures', 'check', 'clean', 'input'), workspace, {recursive: true})
  const summary = join(workspace, '..', `${workspace.split('/').pop()}-summary`)
  await writeFile(summary, '')
  const env = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: summary,
    INPUT_ONLINE: 'false',
    INPUT_COMMAND: 'check',
    'INPUT_WORKING-DIRECTORY': '.'
  }
  const runs = [
    ['node action/dist/index.mjs (the Action)', [join(root, 'action', 'dist', 'index.mjs')], env],
    ['minutes check (the bin)', [join(root, 'bin', 'minutes.js'), 'check'], {PATH: process.env.PATH}]
  ]
  const times = new Map(runs.map(([name]) => [name, []]))
  for (let round = 0; round < 9; round++) {
    for (const [name, args, environment] of runs) {
      const start = performance.now()
      await run(process.execPath, args, {cwd: workspace, env: environment})
      times.get(name).push((performance.now() - start) / 1000)
    }
  }

  await rm(workspace, {recursive: true, force: true})
  await rm(summary, {force: true})
  table(
    'The Action: start to exit on a clean two-file repository, offline (median of 9)',
    runs.map(([name]) => ({name, seconds: median(times.get(name))})),
    [
      ['run', (row) => row.name],
      ['wall', (row) => ms(row.seconds)]
    ]
  )
}

async function conversion() {
  const names = (await glob('**/*.md', {cwd: corpus})).sort()
  const notes = await Promise.all(names.map(async (name) => [name, await readFile(join(corpus, name), 'utf8')]))
  const bytes = notes.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0)
  const plain = unified().use(remarkParse).use(remarkGfm).use(remarkStringify).freeze()

  const rounds = {plain: [], convert: []}
  // A warm-up round for each, then alternating measured rounds.
  for (const [, text] of notes.slice(0, 20)) {
    String(await plain.process(text))
    await convert(text)
  }

  for (let round = 0; round < 3; round++) {
    let start = performance.now()
    for (const [, text] of notes) String(await plain.process(text))
    rounds.plain.push((performance.now() - start) / 1000)
    start = performance.now()
    for (const [name, text] of notes) await convert(text, {path: name})
    rounds.convert.push((performance.now() - start) / 1000)
  }

  const base = median(rounds.plain)
  table(
    `Convert ${names.length} notes, ${(bytes / 1e6).toFixed(2)} MB, one thread (median of 3)`,
    [
      {name: 'remark-parse + remark-gfm + remark-stringify', seconds: base},
      {name: 'minutes convert()', seconds: median(rounds.convert)}
    ],
    [
      ['pipeline', (row) => row.name],
      ['files', () => String(names.length)],
      ['bytes', () => String(bytes)],
      ['wall', (row) => ms(row.seconds)],
      ['throughput', (row) => mbps(bytes, row.seconds)],
      ['× plain', (row) => (row.seconds / base).toFixed(2)]
    ]
  )
}

async function checking() {
  const rows = await benchCheck(corpus)
  const base = rows.find((row) => row.name.startsWith('markdownlint')).seconds
  table('Check the corpus offline, beside markdownlint-cli2 on the same files', rows, [
    ['tool', (row) => row.name],
    ['files', (row) => String(row.files)],
    ['wall', (row) => ms(row.seconds)],
    ['throughput', (row) => mbps(row.bytes, row.seconds)],
    ['problems', (row) => String(row.problems)],
    ['× markdownlint-cli2', (row) => (row.seconds / base).toFixed(2)]
  ])
}

async function migrating() {
  const rows = await benchMigrate(corpus, {copies: 10})
  table('Migrate beside the plain pipeline over the same files, 1× and 10× the corpus (spawned, all cores)', rows, [
    ['run', (row) => row.tool],
    ['copies', (row) => `${row.copies}×`],
    ['files', (row) => String(row.files)],
    ['wall', (row) => ms(row.wallMs / 1000)],
    ['throughput', (row) => `${row.MBps.toFixed(2)} MB/s`],
    ['ms/file', (row) => row.msPerFile.toFixed(2)],
    ['peak memory', (row) => (row.peakMB ? `${row.peakMB.toFixed(0)} MB` : 'n/a')],
    ['CPU', (row) => (row.cpuS ? `${row.cpuS.toFixed(1)} s` : 'n/a')],
    ['× plain', (row) => row.ratio.toFixed(2)]
  ])
}

async function syncing() {
  const rows = await benchSync(corpus, {runs: 3})
  table(`Sync a pad of ${rows[0].meetings} corpus meetings into an empty checkout, beside migrate of the same notes (spawned, all cores, median of 3)`, rows, [
    ['run', (row) => `minutes ${row.tool}`],
    ['meetings', (row) => String(row.meetings)],
    ['wall', (row) => ms(row.wallMs / 1000)],
    ['CPU', (row) => `${row.cpuS.toFixed(1)} s`],
    ['peak memory', (row) => `${row.peakMB.toFixed(0)} MB`],
    ['× migrate (target ≤ 1.1)', (row) => row.ratio.toFixed(2)]
  ])
}

console.log(`# minutes bench: ${corpus}, Node ${process.version}, ${new Date().toISOString()}`)
await startup()
await importing()
await actionStart()
await conversion()
await checking()
await migrating()
await syncing()
