#!/usr/bin/env node
// The baseline of the migrate bench: every .md under SRC through a plain
// remark-parse + remark-gfm + remark-frontmatter + remark-stringify pipeline
// into OUT, one file after another (read, process, write), in one thread.
//
//   node scripts/bench/plain.js SRC OUT
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import {glob} from 'tinyglobby'
import {unified} from 'unified'

const [source, out] = process.argv.slice(2)
if (!source || !out) {
  console.error('usage: node scripts/bench/plain.js SRC OUT')
  process.exit(2)
}

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).use(remarkStringify).freeze()
const files = (await glob('**/*.{md,markdown}', {cwd: source})).sort()
for (const name of files) {
  const file = await processor.process(await readFile(join(source, name), 'utf8'))
  const target = join(out, name)
  await mkdir(dirname(target), {recursive: true})
  await writeFile(target, String(file))
}
