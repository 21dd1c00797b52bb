#!/usr/bin/env node
// Bench of `minutes migrate` beside a plain remark pipeline, in one run:
// the corpus once and `copies` times (a temporary folder of copies), each
// tool spawned as a user runs it (the real bin, real worker threads), with
// wall time, MB/s, peak memory (resident set of the process tree, sampled
// from /proc: threads are counted in their process), CPU time (user +
// system of the process tree, from the same samples) and the ratio of
// migrate's wall time to the plain pipeline's. On a busy machine wall time
// depends on what else runs; CPU time says how much work each tool did, and
// CPU ÷ wall how many cores it got.
//
//   node scripts/bench/migrate.js ../shared/corpus [--copies 10] [--runs 1] [--concurrency N]
//
// `benchMigrate(corpusDir, {copies, runs, concurrency})` returns the rows;
// scripts/bench.js prints them beside the other benches.
import {spawn} from 'node:child_process'
import {readFileSync, readdirSync} from 'node:fs'
import {cp, mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'
import {glob} from 'tinyglobby'

const root = fileURLToPath(new URL('../../', import.meta.url))
const bin = join(root, 'bin', 'minutes.js')
const plain = join(root, 'scripts', 'bench', 'plain.js')

/** Resident set (KiB) and CPU time (clock ticks) of `pid` and every process below it; 0 when unreadable (not Linux). */
function treeStats(pid) {
  const children = new Map()
  let total = 0
  let ticks = 0
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        if (!children.has(ppid)) children.set(ppid, [])
        children.get(ppid).push(Number(entry))
      } catch {}
    }

    const stack = [pid]
    while (stack.length > 0) {
      const current = stack.pop()
      try {
        const status = readFileSync(`/proc/${current}/status`, 'utf8')
        total += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0)
        const stat = readFileSync(`/proc/${current}/stat`, 'utf8')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        ticks += Number(fields[11]) + Number(fields[12])
      } catch {}
      stack.push(...(children.get(current) ?? []))
    }
  } catch {}

  return {rss: total, ticks}
}

// Linux's USER_HZ: /proc times are in hundredths of a second.
const ticksPerSecond = 100

/** Run `node args…`; wall time in ms, the highest resident set of its process tree in MB, its CPU seconds. */
export function measure(args) {
  return new Promise((resolve_, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, args, {cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, NO_COLOR: '1'}})
    let stderr = ''
    let peak = 0
    let ticks = 0
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setInterval(() => {
      const stats = treeStats(child.pid)
      peak = Math.max(peak, stats.rss)
      ticks = Math.max(ticks, stats.ticks)
    }, 25)
    child.on('error', reject)
    child.on('close', (code) => {
      clearInterval(timer)
      const ms = performance.now() - started
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited ${code}:\n${stderr}`))
      else resolve_({ms, peakMB: peak / 1024, cpuS: ticks / ticksPerSecond})
    })
  })
}

async function sizeOf(directory) {
  const files = await glob('**/*.{md,markdown}', {cwd: directory, absolute: true})
  let bytes = 0
  for (const file of files) bytes += readFileSync(file).length
  return {files: files.length, bytes}
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/**
 * @param {string} corpusDir
 * @param {{copies?: number, runs?: number, concurrency?: number}} [options]
 * @returns {Promise<Array<{tool: string, copies: number, files: number, MB: number, wallMs: number, MBps: number, msPerFile: number, peakMB: number, cpuS: number, ratio: number}>>}
 */
export async function benchMigrate(corpusDir, options = {}) {
  const copies = options.copies ?? 10
  const runs = options.runs ?? 1
  const corpus = resolve(corpusDir)
  const temporary = await mkdtemp(join(tmpdir(), 'minutes-bench-'))
  const rows = []
  try {
    const many = join(temporary, `corpus-x${copies}`)
    for (let copy = 0; copy < copies; copy++) await cp(corpus, join(many, `copy-${copy}`), {recursive: true})

    for (const [factor, source] of [
      [1, corpus],
      [copies, many]
    ]) {
      const {files, bytes} = await sizeOf(source)
      const results = {migrate: [], plain: []}
      for (let run = 0; run < runs; run++) {
        // Side by side: each tool into a fresh folder, alternating.
        const out = join(temporary, `out-${factor}-${run}`)
        const migrateArgs = [bin, 'migrate', source, '--out', join(out, 'migrate'), '--quiet']
        if (options.concurrency) migrateArgs.push('--concurrency', String(options.concurrency))
        results.plain.push(await measure([plain, source, join(out, 'plain')]))
        results.migrate.push(await measure(migrateArgs))
        await rm(out, {recursive: true, force: true})
      }

      const plainMs = median(results.plain.map((result) => result.ms))
      for (const tool of ['plain', 'migrate']) {
        const wallMs = median(results[tool].map((result) => result.ms))
        rows.push({
          tool: tool === 'migrate' ? 'minutes migrate' : 'remark parse+gfm+frontmatter+stringify',
          copies: factor,
          files,
          MB: bytes / 1e6,
          wallMs,
          MBps: bytes / 1e6 / (wallMs / 1000),
          msPerFile: wallMs / files,
          peakMB: Math.max(...results[tool].map((result) => result.peakMB)),
          cpuS: median(results[tool].map((result) => result.cpuS)),
          ratio: wallMs / plainMs
        })
      }
    }
  } finally {
    await rm(temporary, {recursive: true, force: true})
  }

  return rows
}

/** The rows as a table. */
export function formatRows(rows) {
  const header = ['tool', 'copies', 'files', 'MB', 'wall s', 'MB/s', 'ms/file', 'peak MB', 'CPU s', 'cores used', 'time ÷ plain']
  const lines = rows.map((row) => [
    row.tool,
    `${row.copies}×`,
    String(row.files),
    row.MB.toFixed(1),
    (row.wallMs / 1000).toFixed(2),
    row.MBps.toFixed(2),
    row.msPerFile.toFixed(2),
    row.peakMB ? row.peakMB.toFixed(0) : 'n/a',
    row.cpuS ? row.cpuS.toFixed(1) : 'n/a',
    row.cpuS ? (row.cpuS / (row.wallMs / 1000)).toFixed(2) : 'n/a',
    row.ratio.toFixed(2)
  ])
  const widths = header.map((title, index) => Math.max(title.length, ...lines.map((line) => line[index].length)))
  const format = (cells) => cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join('  ')
  return [format(header), ...lines.map(format)].join('\n')
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {values, positionals} = parseArgs({
    allowPositionals: true,
    options: {copies: {type: 'string', default: '10'}, runs: {type: 'string', default: '1'}, concurrency: {type: 'string'}}
  })
  if (positionals.length !== 1) {
    console.error('usage: node scripts/bench/migrate.js CORPUS [--copies 10] [--runs 1] [--concurrency N]')
    process.exit(2)
  }

  const rows = await benchMigrate(positionals[0], {
    copies: Number(values.copies),
    runs: Number(values.runs),
    ...(values.concurrency ? {concurrency: Number(values.concurrency)} : {})
  })
  console.log(formatRows(rows))
  const [load] = (await import('node:os')).loadavg()
  console.log(`(${(await import('node:os')).availableParallelism()} CPUs, load average ${load.toFixed(1)} when done)`)
}
