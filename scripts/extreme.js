#!/usr/bin/env node
// Extreme input, too slow for `npm test` (run by .ci/run): 10,000 indented
// list levels (100 MB of indentation), 100,000 levels written on one line,
// and a 10 MB note through the bin. Each must finish with the text kept, one
// `nesting` warning per construct, and idempotent output.
//
//   node scripts/extreme.js
import {execFile} from 'node:child_process'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {convert} from '../dist/index.js'

const bin = fileURLToPath(new URL('../bin/minutes.js', import.meta.url))
const title = '# 2024-05-02\n\n'
let failed = 0

function check(name, ok, detail = '') {
  if (!ok) failed++
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`)
}

async function flattened(name, note, expectedWarnings = 1) {
  const start = performance.now()
  const result = await convert(note)
  const seconds = ((performance.now() - start) / 1000).toFixed(1)
  const warnings = result.messages.filter((message) => message.ruleId === 'nesting')
  const again = await convert(result.markdown)
  check(`${name} (${seconds} s)`, warnings.length === expectedWarnings && again.markdown === result.markdown, `${warnings.length} nesting warnings, idempotent: ${again.markdown === result.markdown}`)
  return result
}

const levels = Array.from({length: 10_000}, (_, level) => ' '.repeat(level * 2) + `- level ${level}`)
const deep = await flattened('10,000 indented list levels', title + levels.join('\n') + '\n')
check('10,000 indented list levels: the deepest item kept', deep.markdown.includes(`${' '.repeat(62)}- level 9999\n`))

for (const marker of ['- ', '1. ', '* ', '> - ', '>']) {
  const result = await flattened(`\`${marker}\` × 100,000 on one line`, title + marker.repeat(100_000) + 'deep text\n')
  check(`\`${marker}\` × 100,000: the text kept`, result.markdown.includes('deep text'))
}

await flattened('100,000 `*` around a word', title + '*'.repeat(100_000) + 'x' + '*'.repeat(100_000) + '\n', 2)

const dir = await mkdtemp(join(tmpdir(), 'minutes-extreme-'))
try {
  const unit = '## Topic\n\nSome text about the topic, with a [link](https://example.com/page) and `code`.\nA second line with @handle and #12.\n\n- an item\n- another item\n\n'
  await writeFile(join(dir, 'huge.md'), '# Huge 2024-01-01\n\n' + unit.repeat(Math.ceil(10e6 / unit.length)))
  const start = performance.now()
  const {stdout, stderr} = await promisify(execFile)(process.execPath, [bin, 'convert', 'huge.md', '-o', 'out.md', '--quiet'], {cwd: dir, maxBuffer: 1e8})
  const seconds = ((performance.now() - start) / 1000).toFixed(1)
  const output = await readFile(join(dir, 'out.md'), 'utf8')
  check(`a 10 MB note through the bin (${seconds} s)`, stdout === '' && stderr === '' && output.length > 9e6 && output.endsWith('- another item\n'))
} finally {
  await rm(dir, {recursive: true, force: true})
}

if (failed > 0) {
  console.error(`${failed} extreme case(s) failed`)
  process.exitCode = 1
}
