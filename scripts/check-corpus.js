#!/usr/bin/env node
// Corpus check for `minutes check`: run it offline over DIR as
// `minutes check DIR --format json` does, print the problems per rule and
// every link-text mismatch, and fail when a file cannot be read or the
// number of mismatches is not the expected one.
//
//   node scripts/check-corpus.js ../shared/corpus --expect-mismatches 7
import {resolve} from 'node:path'
import {parseArgs} from 'node:util'
import {checkFiles} from '../dist/check/check.js'
import {findFiles} from '../dist/check/files.js'

const usage = 'usage: node scripts/check-corpus.js DIR [--expect-mismatches N]'
let parsed
try {
  parsed = parseArgs({allowPositionals: true, options: {'expect-mismatches': {type: 'string'}, help: {type: 'boolean', short: 'h'}}})
} catch (error) {
  console.error(`${error.message}\n${usage}`)
  process.exit(2)
}

const {values, positionals} = parsed
if (values.help) {
  console.log(usage)
  process.exit(0)
}

const expected = values['expect-mismatches'] === undefined ? undefined : Number(values['expect-mismatches'])
if (positionals.length !== 1 || (expected !== undefined && !Number.isInteger(expected))) {
  console.error(usage)
  process.exit(2)
}

const directory = resolve(positionals[0])
const files = await findFiles([], directory)
const report = await checkFiles(files, {cwd: directory})
const byRule = new Map()
for (const problem of report.problems) byRule.set(problem.ruleId, (byRule.get(problem.ruleId) ?? 0) + 1)

console.log(`check corpus: ${positionals[0]}`)
console.log(`${String(report.files.length).padStart(6)}  files checked`)
console.log(`${String(report.errors.length).padStart(6)}  files not readable`)
for (const [rule, count] of [...byRule].sort((a, b) => b[1] - a[1])) console.log(`${String(count).padStart(6)}  ${rule}`)
const mismatches = report.problems.filter((problem) => problem.ruleId === 'link-text-mismatch')
for (const problem of mismatches) console.log(`mismatch: ${problem.file}:${problem.line}:${problem.column} ${problem.message}`)
for (const error of report.errors) console.log(`error: ${error}`)

let failed = report.errors.length > 0
if (expected !== undefined && mismatches.length !== expected) {
  console.log(`expected ${expected} link-text mismatches, found ${mismatches.length}`)
  failed = true
}

process.exitCode = failed ? 1 : 0
