#!/usr/bin/env node
// Corpus check: convert every `.md` under DIR and fail on a crash, output that
// is not idempotent, any markdownlint-cli2 violation, or any lost word.
//
//   npm run corpus -- ../shared/corpus [--out OUT] [--details]
//
// With `--source SRC`, DIR holds converted notes (the output of `minutes
// migrate SRC --out DIR`): each must equal what `convert` makes of its source
// in SRC, and is checked for idempotency, lint and lost words against it.
// Links between the notes are rewritten as migrate does: a note whose front
// matter says `url:` is found by that URL, at its path under DIR.
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {dirname, join, posix, relative, resolve} from 'node:path'
import {parseArgs} from 'node:util'
import {glob} from 'tinyglobby'
import {parse as parseYaml} from 'yaml'
import {convert} from '../dist/index.js'
import {linkTo, noteKey} from '../dist/migrate/links.js'
import {missingWords} from '../dist/util/words.js'
import {lint} from './markdownlint.js'

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {out: {type: 'string'}, source: {type: 'string'}, details: {type: 'boolean', default: false}}
})

if (positionals.length !== 1) {
  console.error('usage: npm run corpus -- DIR [--out OUT] [--source SRC] [--details]')
  process.exit(2)
}

const directory = resolve(positionals[0])
const files = (await glob('**/*.md', {cwd: directory})).sort()
if (files.length === 0) {
  console.error(`${directory}: no Markdown files`)
  process.exit(2)
}

// --source: the notes' own URLs (front matter `url:`) → their paths.
const notePaths = new Map()
if (values.source) {
  for (const name of files) {
    const note = await readFile(join(values.source, name), 'utf8').catch(() => '')
    const head = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(note)
    let url
    try {
      url = head ? parseYaml(head[1])?.url : undefined
    } catch {}

    const key = typeof url === 'string' ? noteKey(url) : undefined
    if (key && !notePaths.has(key)) notePaths.set(key, name)
  }
}

/** Links from note `name` to the notes of the batch, as migrate writes them. */
function resolverFor(name) {
  return function (url) {
    const key = noteKey(url)
    const target = key ? notePaths.get(key) : undefined
    return target === undefined ? undefined : linkTo(posix.dirname(name), target, url)
  }
}

const crashes = []
const different = []
const unstable = []
const lost = []
const outputs = {}
let references = 0
let mismatches = 0

for (const name of files) {
  const file = await readFile(join(directory, name), 'utf8')
  const note = values.source ? await readFile(join(values.source, name), 'utf8').catch(() => file) : file
  let first
  try {
    first = await convert(note, values.source && notePaths.size > 0 ? {path: name, resolveNoteLink: resolverFor(name)} : {path: name})
    if (values.source && first.markdown !== file) {
      different.push(name)
      first = {...first, markdown: file}
    }

    const second = await convert(first.markdown, {path: name})
    if (second.markdown !== first.markdown) unstable.push(name)
  } catch (error) {
    crashes.push([name, error])
    continue
  }

  outputs[name] = first.markdown
  references += first.data.references?.filter((reference) => reference.normalised).length ?? 0
  mismatches += first.messages.filter((message) => message.ruleId === 'link-text-mismatch').length
  const missing = missingWords(note, first.markdown, first.data.removed ?? [])
  if (missing.size > 0) lost.push([name, missing])
  if (values.out) {
    const target = join(values.out, name)
    await mkdir(dirname(target), {recursive: true})
    await writeFile(target, first.markdown)
  }
}

const violations = await lint(outputs)

const report = (label, count) => console.log(`${String(count).padStart(6)}  ${label}`)
console.log(`corpus: ${relative(process.cwd(), directory) || '.'}`)
report('files converted', files.length - crashes.length)
report('crashes', crashes.length)
if (values.source) report('different from convert of the source', different.length)
report('not idempotent', unstable.length)
report('markdownlint violations', violations.length)
report('files with lost words', lost.length)
report('references normalised', references)
report('link text/target mismatches', mismatches)

for (const [name, error] of crashes) console.log(`crash: ${name}: ${error?.stack ?? error}`)
for (const name of unstable) console.log(`not idempotent: ${name}`)
for (const name of different) console.log(`differs from convert of ${join(values.source, name)}: ${name}`)
const byRule = new Map()
for (const violation of violations) byRule.set(violation.rule, (byRule.get(violation.rule) ?? 0) + 1)
for (const [rule, count] of [...byRule].sort((a, b) => b[1] - a[1])) console.log(`lint: ${count} × ${rule}`)
for (const violation of values.details ? violations : violations.slice(0, 20)) {
  console.log(`lint: ${violation.file}:${violation.line} ${violation.rule} ${violation.detail}`)
}

for (const [name, missing] of values.details ? lost : lost.slice(0, 20)) {
  console.log(`lost words: ${name}: ${[...missing].map(([word, count]) => (count > 1 ? `${word}×${count}` : word)).join(', ')}`)
}

process.exitCode = crashes.length + different.length + unstable.length + violations.length + lost.length > 0 ? 1 : 0
