#!/usr/bin/env node
// Bench: offline `minutes check` of a corpus beside markdownlint-cli2 on the
// same files, in the same run (both in-process, each after a warm-up).
//
//   node scripts/bench/check.js ../shared/corpus
//
// `benchCheck(dir)` returns rows {name, files, bytes, seconds, problems} for
// scripts/bench.js (npm run bench) to print with the others.
import {stat} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {performance} from 'node:perf_hooks'
import {main} from 'markdownlint-cli2'
import {checkFiles} from '../../dist/check/check.js'
import {findFiles} from '../../dist/check/files.js'
import {defaultConfig} from '../markdownlint.js'

async function lintFiles(directory, files) {
  let problems = 0
  await main({
    directory,
    argv: ['--config', defaultConfig, ...files.map((file) => `:${file}`)],
    optionsOverride: {outputFormatters: [[({results}) => (problems += results.length)]], noProgress: true, noBanner: true},
    logMessage() {},
    logError() {}
  })
  return problems
}

/**
 * @param {string} corpusDir
 * @returns {Promise<Array<{name: string, files: number, bytes: number, seconds: number, problems: number}>>}
 */
export async function benchCheck(corpusDir) {
  const directory = resolve(corpusDir)
  const files = await findFiles([], directory)
  let bytes = 0
  for (const file of files) bytes += (await stat(join(directory, file))).size

  // Each tool is warmed up (module loading, first-use compilation) right
  // before it is measured.
  await checkFiles(files.slice(0, 10), {cwd: directory})
  let start = performance.now()
  const report = await checkFiles(files, {cwd: directory})
  const checkSeconds = (performance.now() - start) / 1000

  await lintFiles(directory, files.slice(0, 10))
  start = performance.now()
  const lintProblems = await lintFiles(directory, files)
  const lintSeconds = (performance.now() - start) / 1000

  return [
    {name: 'minutes check (offline)', files: report.files.length, bytes, seconds: checkSeconds, problems: report.problems.length},
    {name: 'markdownlint-cli2', files: files.length, bytes, seconds: lintSeconds, problems: lintProblems}
  ]
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const directory = process.argv[2]
  if (!directory) {
    console.error('usage: node scripts/bench/check.js CORPUS_DIR')
    process.exit(2)
  }

  const rows = await benchCheck(directory)
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(26)} ${String(row.files).padStart(5)} files ${(row.bytes / 1e6).toFixed(2).padStart(6)} MB ${row.seconds.toFixed(2).padStart(7)} s ` +
        `${(row.bytes / 1e6 / row.seconds).toFixed(2).padStart(6)} MB/s ${String(row.problems).padStart(6)} problems`
    )
  }

  console.log(`ratio check / markdownlint-cli2: ${(rows[0].seconds / rows[1].seconds).toFixed(1)}×`)
}
