#!/usr/bin/env node
// Bench of `minutes sync` beside `minutes migrate`, in one run: a pad of 100
// meetings made from corpus notes (newest first, headings one level down, a
// preamble on top) synced into an empty checkout, and migrate of the same
// 100 notes into an empty folder. Both spawned as a user runs them (the real
// bin, worker threads on every core), pictures kept as links (no network);
// rounds alternate, medians reported, and the ratio of sync's wall time to
// migrate's.
//
//   node scripts/bench/sync.js ../shared/corpus [--runs 3] [--meetings 100]
//
// `benchSync(corpusDir, {runs, meetings})` returns the rows; scripts/bench.js
// prints them beside the other benches.
import {readdirSync, readFileSync} from 'node:fs'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'
import {visit} from 'unist-util-visit'
import {createProcessor, findMeetings} from '../../dist/index.js'
import {measure} from './migrate.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const bin = join(root, 'bin', 'minutes.js')

/** Corpus notes that start with a dated H1, are one meeting, and whose headings can go one level down. */
function pickNotes(corpus, count) {
  const notes = []
  for (const team of readdirSync(corpus).sort()) {
    let names = []
    try {
      names = readdirSync(join(corpus, team)).filter((name) => /^\d{8}\.md$/.test(name)).sort()
    } catch {}
    for (const name of names) {
      const text = readFileSync(join(corpus, team, name), 'utf8')
      if (!/^# \d{4}-\d{2}-\d{2}[ \t]*\n/.test(text) || /^#{6} |^ {0,3}(?:=+|-+)[ \t]*$/m.test(text)) continue
      if (findMeetings(text).meetings.length !== 1) continue
      notes.push({name: `${team}-${name}`, text})
    }
  }

  // A spread over the teams and the years; one note per date (a pad has one meeting a day).
  const byDate = new Map()
  for (const note of notes) if (!byDate.has(note.text.slice(2, 12))) byDate.set(note.text.slice(2, 12), note)
  return [...byDate.values()].sort((a, b) => a.text.slice(2, 12).localeCompare(b.text.slice(2, 12))).slice(-count)
}

function pushDown(note) {
  const lines = note.split('\n')
  visit(createProcessor().parse(note), 'heading', (heading) => {
    const line = lines[heading.position.start.line - 1]
    const at = line.indexOf('#', heading.position.start.column - 1)
    lines[heading.position.start.line - 1] = line.slice(0, at) + '#' + line.slice(at)
  })
  return lines.join('\n')
}

const preamble = '# Team Bench pad\n\nWeekly, https://conf.example.org/bench\n\n## Template\n\n### Participants\n- @\n\n### Topics\n- ...\n\n'

/**
 * @param {string} corpusDir
 * @param {{runs?: number, meetings?: number}} [options]
 */
export async function benchSync(corpusDir, options = {}) {
  const runs = options.runs ?? 3
  const notes = pickNotes(resolve(corpusDir), options.meetings ?? 100)
  const temporary = await mkdtemp(join(tmpdir(), 'minutes-bench-sync-'))
  try {
    const pad = preamble + [...notes].reverse().map((note) => pushDown(note.text).replace(/\n*$/, '\n')).join('\n')
    await writeFile(join(temporary, 'pad.md'), pad)
    if (process.env.MINUTES_BENCH_PAD) await writeFile(process.env.MINUTES_BENCH_PAD, pad)
    await mkdir(join(temporary, 'notes'))
    for (const note of notes) await writeFile(join(temporary, 'notes', note.name), note.text)
    const results = {migrate: [], sync: []}
    for (let round = 0; round < runs; round++) {
      await rm(join(temporary, 'out'), {recursive: true, force: true})
      await rm(join(temporary, 'checkout'), {recursive: true, force: true})
      await mkdir(join(temporary, 'checkout'))
      results.migrate.push(await measure([bin, 'migrate', join(temporary, 'notes'), '--out', join(temporary, 'out'), '--quiet', '--images', 'keep']))
      results.sync.push(await measure([bin, 'sync', '--team', 'bench', '--pad', join(temporary, 'pad.md'), '--out', join(temporary, 'checkout'), '--quiet', '--images', 'keep']))
    }

    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
    const bytes = Buffer.byteLength(pad)
    const rows = Object.entries(results).map(([tool, measured]) => ({
      tool,
      meetings: notes.length,
      bytes,
      wallMs: median(measured.map((entry) => entry.ms)),
      cpuS: median(measured.map((entry) => entry.cpuS)),
      peakMB: median(measured.map((entry) => entry.peakMB))
    }))
    const base = rows.find((row) => row.tool === 'migrate').wallMs
    for (const row of rows) row.ratio = row.wallMs / base
    return rows
  } finally {
    await rm(temporary, {recursive: true, force: true})
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const {positionals, values} = parseArgs({allowPositionals: true, options: {runs: {type: 'string'}, meetings: {type: 'string'}}})
  const rows = await benchSync(positionals[0] ?? join(root, '..', 'shared', 'corpus'), {
    runs: values.runs ? Number(values.runs) : undefined,
    meetings: values.meetings ? Number(values.meetings) : undefined
  })
  console.table(rows)
}
