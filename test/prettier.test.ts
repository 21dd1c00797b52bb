// Prettier coexistence: the minutes are a fixed point of prettier 3 with its
// defaults wherever markdownlint's defaults allow it. Every fixture's output
// is left unchanged by the real prettier, but for the cases listed with their
// reason. (.ci/run measures the same on the corpus: scripts/prettier-corpus.js.)
import {readdir, readFile} from 'node:fs/promises'
import {join, relative} from 'node:path'
import * as prettier from 'prettier'
import {expect, it} from 'vitest'
import {convert} from '../src/index.js'

const root = new URL('../fixtures/', import.meta.url).pathname

/** Fixture outputs prettier changes on purpose, and why. */
const differs: Record<string, string> = {
  // prettier formats the code of fenced blocks in languages it knows (here
  // JavaScript: `const a = 1;`); the minutes keep code as written.
  'code/flags/output.md': 'embedded code is reformatted by prettier',
  // A centred column with an odd gap gets its extra space on the left
  // (markdown-table's layout), on the right in prettier's; columns narrower
  // than 3 get a 3-wide delimiter row in prettier's. Both render the same.
  'format/tables/output.md': 'table layout of centred and narrow columns'
}

async function outputs(directory: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(directory, {withFileTypes: true})) {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) found.push(...(await outputs(path)))
    else if (entry.name === 'output.md') found.push(path)
  }

  return found
}

it('prettier 3 with its defaults leaves the fixtures\' minutes unchanged', async () => {
  const changed: string[] = []
  const files = await outputs(root)
  for (const file of files) {
    const text = await readFile(file, 'utf8')
    if ((await prettier.format(text, {parser: 'markdown'})) !== text) changed.push(relative(root, file))
  }

  expect(files.length).toBeGreaterThan(50)
  expect(changed.sort()).toEqual(Object.keys(differs).sort())
})

it('emphasis, spacing, tables and link destinations are written as prettier writes them', async () => {
  const note = [
    '# 2024-03-06',
    '',
    'A *point*,  two   spaces, in*word*emphasis, *snake_case*.',
    '',
    '- [slides](https://example.com/apps/files/?dir=/x&fileid=12) and [amp](https://example.com/?a=1\\&amp;b)',
    '',
    '| Who | Übung 👍 |',
    '| --- | --- |',
    '| Alice Example | yes |',
    ''
  ].join('\n')
  const {markdown} = await convert(note, {path: '20240306.md'})
  expect(markdown).toBe(
    [
      '# 2024-03-06',
      '',
      'A _point_, two spaces, in*word*emphasis, _snake_case_.',
      '',
      '- [slides](https://example.com/apps/files/?dir=/x&fileid=12) and [amp](https://example.com/?a=1\\&amp;b)',
      '',
      '| Who           | Übung 👍 |',
      '| ------------- | -------- |',
      '| Alice Example | yes      |',
      ''
    ].join('\n')
  )
  expect(await prettier.format(markdown, {parser: 'markdown'})).toBe(markdown)
})

it('a note whose first emphasis is within a word keeps `*` throughout (markdownlint MD049 takes the style from it)', async () => {
  const {markdown} = await convert('# 2024-03-06\n\nspelling group*s* and *then* more\n', {path: '20240306.md'})
  expect(markdown).toBe('# 2024-03-06\n\nspelling group*s* and *then* more\n')
})
