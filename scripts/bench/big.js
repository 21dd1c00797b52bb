#!/usr/bin/env node
// One big note through one pipeline, in a process of its own: wall time and
// peak memory (the process's maximum resident set). scripts/bench.js spawns
// it for the corpus joined into one note, and 8 times that.
//
//   node scripts/bench/big.js FILE convert|plain|plain-linear
//
// - convert: minutes' `convert()`;
// - plain: remark-parse + remark-gfm + remark-frontmatter + remark-stringify
//   as installed;
// - plain-linear: the same with minutes' linear edit map around the parse
//   (dist/pipeline/edit-map.js), which takes the quadratic cost out of
//   micromark 4.0.3's document tokenizer for everyone.
//
// Prints one JSON line: {seconds, peakMB, bytes, outputBytes}.
import {readFile} from 'node:fs/promises'
import {performance} from 'node:perf_hooks'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import {convert} from '../../dist/index.js'
import {withLinearEdits} from '../../dist/pipeline/edit-map.js'

const [file, pipeline] = process.argv.slice(2)
if (!file || !['convert', 'plain', 'plain-linear'].includes(pipeline)) {
  console.error('usage: node scripts/bench/big.js FILE convert|plain|plain-linear')
  process.exit(2)
}

const text = await readFile(file, 'utf8')
const plain = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkStringify).freeze()
const start = performance.now()
let output
if (pipeline === 'convert') {
  output = (await convert(text)).markdown
} else {
  const tree = pipeline === 'plain' ? plain.parse(text) : withLinearEdits(() => plain.parse(text))
  output = plain.stringify(await plain.run(tree))
}

const seconds = (performance.now() - start) / 1000
// maxRSS is in kilobytes.
console.log(JSON.stringify({seconds, peakMB: process.resourceUsage().maxRSS / 1024, bytes: Buffer.byteLength(text), outputBytes: Buffer.byteLength(output)}))
