#!/usr/bin/env node
// npm run bench [-- CORPUS] [--rounds N] [--quick]: every speed figure side
// by side, in one run, ending with the targets of issue 13 as ratios.
//
// - start-up: `minutes --version` and `--help` beside `node -e 0`;
// - import: `hedgedoc-minutes/plugins` and `hedgedoc-minutes` beside
//   unified + remark-parse (the goal: the plugins within 2× of them);
// - action: the Action's bundle checking a small repository as the runner
//   starts it, beside `minutes check` on the same files;
// - convert: `convert()` over the corpus beside a plain remark-parse +
//   remark-gfm + remark-frontmatter + remark-stringify pipeline over the same
//   files, in this process, alternating;
// - one big note: the corpus joined into one note (1.5 MB), and 8 times that
//   (12 MB), each pipeline in a process of its own (scripts/bench/big.js),
//   with its peak memory. The plain pipeline as installed is quadratic on a
//   big note (micromark 4.0.3's edit map: minutes on 1.5 MB, hours on 12 MB),
//   so the baseline is that pipeline with the linear edit map minutes uses
//   (pipeline/edit-map.ts), the same parser; `--unpatched` adds the plain
//   pipeline as installed on the 1.5 MB note (several minutes);
// - check: offline `minutes check` beside markdownlint-cli2 (scripts/bench/check.js);
// - migrate: `minutes migrate` beside the plain pipeline, 1× and 10× the
//   corpus (scripts/bench/migrate.js);
// - sync: `minutes sync` of a 100-meeting pad made from the corpus into an
//   empty checkout, beside `minutes migrate` of the same 100 notes (target:
//   at most 1.1 × migrate; scripts/bench/sync.js).
//
// `--quick` leaves out the 12 MB note (minutes of its own). Figures are
// medians of `--rounds` rounds (default 3; the 12 MB note and migrate run
// once); ratios compare runs of the same round on the same machine, which
// is what matters on a busy machine.
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {loadavg, tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {performance} from 'node:perf_hooks'
import {parseArgs, promisify} from 'node:util'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import {glob} from 'tinyglobby'
import {unified} from 'unified'
import {convert} from '../dist/index.js'
import {benchCheck} from './bench/check.js'
import {benchMigrate} from './bench/migrate.js'
import {benchSync} from './bench/sync.js'

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {rounds: {type: 'string', default: '3'}, quick: {type: 'boolean', default: false}, unpatched: {type: 'boolean', default: false}}
})
const run = promisify(execFile)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const corpus = resolve(positionals[0] ?? join(root, '..', 'shared', 'corpus'))
if (!existsSync(corpus)) {
  console.error(`bench: ${corpus}: no such folder (pass the corpus folder: npm run bench -- DIR)`)
  process.exit(2)
}

const rounds = Math.max(1, Number(values.rounds))
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
const ms = (seconds) => `${(seconds * 1000).toFixed(0)} ms`
const mbps = (bytes, seconds) => `${(bytes / 1e6 / seconds).toFixed(2)} MB/s`
/** Targets, filled in as the benches run, printed last. */
const targets = []

function table(title, rows, columns) {
  console.log(`\n## ${title}\n`)
  console.log(`| ${columns.map(([name]) => name).join(' | ')} |`)
  console.log(`| ${columns.map(() => '---').join(' | ')} |`)
  for (const row of rows) console.log(`| ${columns.map(([, cell]) => cell(row)).join(' | ')} |`)
}

function target(what, ours, baseline, ratio, limit) {
  targets.push({what, ours, baseline, ratio, limit})
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
  const rows = commands.map(([name]) => ({name, seconds: median(times.get(name))}))
  table('Start-up (median of 9)', rows, [
    ['command', (row) => `\`${row.name}\``],
    ['wall', (row) => ms(row.seconds)],
    ['over `node -e 0`', (row) => ms(row.seconds - base)],
    ['× `node -e 0`', (row) => (row.seconds / base).toFixed(2)]
  ])
  const version = rows[1].seconds
  target('`minutes --version`', ms(version), `\`node -e 0\` ${ms(base)}`, version / base, 1.3)
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

const plain = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkStringify).freeze()

async function conversion(notes) {
  const bytes = notes.reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0)
  const times = {plain: [], convert: []}
  // A warm-up round for each, then alternating measured rounds.
  for (const [name, text] of notes.slice(0, 30)) {
    String(await plain.process(text))
    await convert(text, {path: name})
  }

  for (let round = 0; round < rounds; round++) {
    let start = performance.now()
    for (const [, text] of notes) String(await plain.process(text))
    times.plain.push((performance.now() - start) / 1000)
    start = performance.now()
    for (const [name, text] of notes) await convert(text, {path: name})
    times.convert.push((performance.now() - start) / 1000)
  }

  const base = median(times.plain)
  const ours = median(times.convert)
  table(
    `Convert ${notes.length} notes, ${(bytes / 1e6).toFixed(2)} MB, one thread (median of ${rounds})`,
    [
      {name: 'remark-parse + remark-gfm + remark-frontmatter + remark-stringify', seconds: base},
      {name: 'minutes convert()', seconds: ours}
    ],
    [
      ['pipeline', (row) => row.name],
      ['files', () => String(notes.length)],
      ['bytes', () => String(bytes)],
      ['wall', (row) => ms(row.seconds)],
      ['throughput', (row) => mbps(bytes, row.seconds)],
      ['× plain', (row) => (row.seconds / base).toFixed(2)]
    ]
  )
  target('`convert()` over the corpus, one thread', ms(ours), `plain pipeline ${ms(base)}`, ours / base, 1.0)
}

/** `pipeline` on `file` in a process of its own, `times` times: the median time and the highest peak. */
async function big(file, pipeline, times) {
  const results = []
  for (let round = 0; round < times; round++) {
    const {stdout} = await run(process.execPath, [join(root, 'scripts', 'bench', 'big.js'), file, pipeline], {maxBuffer: 1e6})
    results.push(JSON.parse(stdout))
  }

  return {seconds: median(results.map((result) => result.seconds)), peakMB: Math.max(...results.map((result) => result.peakMB)), bytes: results[0].bytes}
}

async function bigNotes(notes) {
  const temporary = await mkdtemp(join(tmpdir(), 'minutes-bench-'))
  try {
    const joined = notes.map(([, text]) => text).join('\n\n')
    const one = join(temporary, 'joined.md')
    const eight = join(temporary, 'joined-x8.md')
    await writeFile(one, joined)
    await writeFile(eight, Array.from({length: 8}, () => joined).join('\n\n'))

    const rows = []
    const linear = await big(one, 'plain-linear', rounds)
    rows.push({name: 'plain pipeline, with the linear edit map', note: '1×', ...linear})
    if (values.unpatched) rows.push({name: 'plain pipeline as installed', note: '1×', ...(await big(one, 'plain', 1))})
    const ours = await big(one, 'convert', rounds)
    rows.push({name: 'minutes convert()', note: '1×', ...ours})
    let huge
    if (!values.quick) {
      huge = await big(eight, 'convert', 1)
      rows.push({name: 'minutes convert()', note: '8×', ...huge})
    }

    table(`The corpus joined into one note (${(ours.bytes / 1e6).toFixed(2)} MB) and 8 times that, a process each`, rows, [
      ['pipeline', (row) => row.name],
      ['note', (row) => row.note],
      ['bytes', (row) => String(row.bytes)],
      ['wall', (row) => ms(row.seconds)],
      ['throughput', (row) => mbps(row.bytes, row.seconds)],
      ['peak memory', (row) => `${row.peakMB.toFixed(0)} MB`],
      ['× plain (linear edits), same note', (row) => (row.note === '1×' ? (row.seconds / linear.seconds).toFixed(2) : '')],
      ['× 8 × `convert()` of 1×', (row) => (row.note === '8×' ? (row.seconds / (8 * ours.seconds)).toFixed(2) : '')]
    ])
    target('the corpus as one note (1.5 MB)', ms(ours.seconds), `plain pipeline (linear edits) ${ms(linear.seconds)}`, ours.seconds / linear.seconds, 1.0)
    if (huge) {
      target('8 × that note (12 MB)', ms(huge.seconds), `8 × ${ms(ours.seconds)}`, huge.seconds / (8 * ours.seconds), 1.3)
      target('peak memory on the 12 MB note', `${huge.peakMB.toFixed(0)} MB`, '1 GB', huge.peakMB / 1024, 1.0)
    }
  } finally {
    await rm(temporary, {recursive: true, force: true})
  }
}

async function checking() {
  const rows = await benchCheck(corpus)
  const base = rows.find((row) => row.name.startsWith('markdownlint'))
  const ours = rows.find((row) => row.name.startsWith('minutes'))
  table('Check the corpus offline, beside markdownlint-cli2 on the same files', rows, [
    ['tool', (row) => row.name],
    ['files', (row) => String(row.files)],
    ['wall', (row) => ms(row.seconds)],
    ['throughput', (row) => mbps(row.bytes, row.seconds)],
    ['problems', (row) => String(row.problems)],
    ['× markdownlint-cli2', (row) => (row.seconds / base.seconds).toFixed(2)]
  ])
  target('offline `check`', ms(ours.seconds), `markdownlint-cli2 ${ms(base.seconds)}`, ours.seconds / base.seconds, 1.0)
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
  const migrate = rows.filter((row) => row.tool === 'minutes migrate')
  const [one, ten] = [migrate.find((row) => row.copies === 1), migrate.find((row) => row.copies !== 1)]
  const plainOf = (copies) => rows.find((row) => row.tool !== 'minutes migrate' && row.copies === copies)
  target('`migrate`, 1× the corpus', ms(one.wallMs / 1000), `plain pipeline ${ms(plainOf(1).wallMs / 1000)}`, one.ratio, 1.0)
  target(`\`migrate\`, ${ten.copies}× the corpus`, ms(ten.wallMs / 1000), `plain pipeline ${ms(plainOf(ten.copies).wallMs / 1000)}`, ten.ratio, 0.8)
  if (one.peakMB && ten.peakMB) target(`\`migrate\` peak memory at ${ten.copies}×`, `${ten.peakMB.toFixed(0)} MB`, `1×: ${one.peakMB.toFixed(0)} MB`, ten.peakMB / one.peakMB, 1.2)
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
  const ours = rows.find((row) => row.tool === 'sync')
  const migrate = rows.find((row) => row.tool === 'migrate')
  target(`\`sync\` of a ${ours.meetings}-meeting pad`, ms(ours.wallMs / 1000), `migrate of the same notes ${ms(migrate.wallMs / 1000)}`, ours.ratio, 1.1)
}

console.log(`# minutes bench: ${corpus}, Node ${process.version}, ${new Date().toISOString()}, load average ${loadavg()[0].toFixed(1)}`)
const names = (await glob('**/*.md', {cwd: corpus})).sort()
const notes = await Promise.all(names.map(async (name) => [name, await readFile(join(corpus, name), 'utf8')]))
await startup()
await importing()
await actionStart()
await conversion(notes)
await bigNotes(notes)
await checking()
await migrating()
await syncing()

table(`Targets (issues 11 and 13), load average ${loadavg()[0].toFixed(1)} at the end`, targets, [
  ['what', (row) => row.what],
  ['minutes', (row) => row.ours],
  ['compared with', (row) => row.baseline],
  ['ratio', (row) => `${row.ratio.toFixed(2)}×`],
  ['target', (row) => `≤ ${row.limit.toFixed(1)}×`],
  ['holds', (row) => (row.ratio <= row.limit ? 'yes' : 'no')]
])
