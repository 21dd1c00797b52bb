// The README is part of the product: lint-clean, and its Quick start is the
// two commands the brief asks for.
import {readFile, readdir} from 'node:fs/promises'
import {expect, it} from 'vitest'
// @ts-expect-error: plain JavaScript helper shared with scripts/corpus.js
import {lint} from '../scripts/markdownlint.js'

const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')

it('passes markdownlint-cli2 with the project configuration', async () => {
  expect(await lint({'README.md': readme})).toEqual([])
})

it('has a Quick start of exactly two commands in one fenced block', () => {
  const section = readme.split('## Quick start\n')[1]!.split('\n## ')[0]!
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!)
  expect(blocks).toHaveLength(1)
  expect(blocks[0]!.trim().split('\n')).toEqual(['npm ci && node bin/minutes.js convert fixtures/example/input.md', 'npm ci && npm test'])
})

it('shows the before/after example of fixtures/readme/before-after: the note, and what minutes convert makes of it', async () => {
  const fixture = new URL('../fixtures/readme/before-after/', import.meta.url)
  const section = readme.split('## Before and after\n')[1]!.split('\n## Install\n')[0]!
  const blocks = [...section.matchAll(/^```markdown\n([\s\S]*?)^```$/gm)].map((match) => match[1]!)
  expect(blocks).toHaveLength(2)
  expect(blocks[0]).toBe(await readFile(new URL('input.md', fixture), 'utf8'))
  expect(blocks[1]).toBe(await readFile(new URL('output.md', fixture), 'utf8'))
})

it('CHANGELOG.md passes markdownlint-cli2 and has an Unreleased section above the first release', async () => {
  const changelog = await readFile(new URL('../CHANGELOG.md', import.meta.url), 'utf8')
  expect(await lint({'CHANGELOG.md': changelog})).toEqual([])
  const releases = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((match) => match[1])
  expect(releases[0]).toBe('Unreleased')
  expect(releases.at(-1)).toBe('0.1.0')
})

it('the docs/ pages pass markdownlint-cli2 too', async () => {
  const directory = new URL('../docs/', import.meta.url)
  const names = (await readdir(directory)).filter((name) => name.endsWith('.md'))
  expect(names.length).toBeGreaterThan(0)
  const pages = Object.fromEntries(await Promise.all(names.map(async (name) => [`docs/${name}`, await readFile(new URL(name, directory), 'utf8')] as const)))
  expect(await lint(pages)).toEqual([])
})
