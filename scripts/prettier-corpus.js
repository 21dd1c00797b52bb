#!/usr/bin/env node
// node scripts/prettier-corpus.js [DIR] [--min 0.98]: converts every note
// under DIR (default ../shared/corpus) in memory and formats the minutes with
// prettier 3 and its defaults. Prints the notes prettier would change, with
// the first changed line, and fails when fewer than --min of them are left
// unchanged (issue 15: at least 98%). Run by .ci/run.
import {readFile} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {parseArgs} from 'node:util'
import {glob} from 'tinyglobby'
import * as prettier from 'prettier'
import {convert} from '../dist/index.js'

const {values, positionals} = parseArgs({allowPositionals: true, options: {min: {type: 'string', default: '0.98'}}})
const corpus = resolve(positionals[0] ?? join(import.meta.dirname, '..', '..', 'shared', 'corpus'))
const names = (await glob('**/*.md', {cwd: corpus})).sort()
const changed = []
for (const name of names) {
  const {markdown} = await convert(await readFile(join(corpus, name), 'utf8'), {path: name})
  const formatted = await prettier.format(markdown, {parser: 'markdown'})
  if (formatted === markdown) continue
  const ours = markdown.split('\n')
  const theirs = formatted.split('\n')
  let line = 0
  while (ours[line] === theirs[line]) line++
  changed.push(`${name}:${line + 1}: prettier writes ${JSON.stringify(theirs[line])} for ${JSON.stringify(ours[line])}`)
}

const unchanged = (names.length - changed.length) / names.length
for (const entry of changed) console.log(entry)
console.log(`prettier ${prettier.version} leaves ${names.length - changed.length} of ${names.length} converted notes unchanged (${(unchanged * 100).toFixed(1)}%, at least ${(Number(values.min) * 100).toFixed(0)}% wanted)`)
if (names.length === 0 || unchanged < Number(values.min)) process.exit(1)
