// Every fixture folder fixtures/<concern>/<case>/ holds input.md and the
// expected output.md (+ options.json for convert, + messages.json with the
// expected warnings as "line:column rule-id"). One loop runs them all.
import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {convert, type ConvertOptions} from '../src/index.js'
import {missingWords} from '../src/util/words.js'
// @ts-expect-error: plain JavaScript helper shared with scripts/corpus.js
import {lint} from '../scripts/markdownlint.js'

const root = new URL('../fixtures/', import.meta.url).pathname

async function optional(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined)
}

// Convert fixtures are folders with input.md and output.md (fixtures/check/
// has its own layout and loop, in check-fixtures.test.ts).
const cases: Array<{concern: string; name: string; directory: string}> = []
for (const concern of (await readdir(root, {withFileTypes: true})).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
  const directory = join(root, concern)
  if (await optional(join(directory, 'input.md'))) cases.push({concern, name: concern, directory})
  for (const entry of await readdir(directory, {withFileTypes: true})) {
    if (entry.isDirectory() && (await optional(join(directory, entry.name, 'input.md'))) !== undefined) {
      cases.push({concern, name: entry.name, directory: join(directory, entry.name)})
    }
  }
}

const concerns = [...new Set(cases.map((entry) => entry.concern))]

async function load(directory: string) {
  const input = await readFile(join(directory, 'input.md'), 'utf8')
  const output = await readFile(join(directory, 'output.md'), 'utf8')
  const options = JSON.parse((await optional(join(directory, 'options.json'))) ?? '{}') as ConvertOptions
  const messages = await optional(join(directory, 'messages.json'))
  return {input, output, options: {cwd: root, ...options}, messages: messages ? (JSON.parse(messages) as string[]) : undefined}
}

describe.each(concerns)('fixtures: %s', (concern) => {
  it.each(cases.filter((entry) => entry.concern === concern).map((entry) => [entry.name, entry.directory]))('%s', async (_, directory) => {
    const {input, output, options, messages} = await load(directory)
    const result = await convert(input, options)
    expect(result.markdown).toBe(output)

    // Idempotent: the output converts to itself.
    expect((await convert(output, options)).markdown).toBe(output)

    // Faithful: every word a reader saw is still there.
    expect(Object.fromEntries(missingWords(input, output, result.data.removed))).toEqual({})

    if (messages) {
      expect(result.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)).toEqual(messages)
    }
  })
})

// A list starting at another number than 1 (GitHub shows it as the note
// does, markdownlint wants 1), a note that links to a heading it does not have, has no title at all, or
// has front matter that is not YAML (kept as written, maybe with a `title:`)
// cannot be made lint-clean without inventing content: convert keeps it and
// warns, and these are the only lint findings allowed, in those fixtures only.
const tolerated: Record<string, string> = {'list-start': 'MD029', 'relative-link': 'MD051', 'heading-structure': 'MD041', frontmatter: 'MD025'}

it('every fixture output passes markdownlint-cli2 with the project configuration', async () => {
  const outputs: Record<string, string> = {}
  const allowed = new Map<string, Set<string>>()
  for (const entry of cases) {
    const name = `${entry.concern}/${entry.name}.md`
    const {output, messages} = await load(entry.directory)
    outputs[name] = output
    allowed.set(name, new Set((messages ?? []).map((message) => tolerated[message.split(' ')[1]!]).filter((rule): rule is string => Boolean(rule))))
  }

  const problems = (await lint(outputs)) as Array<{file: string; line: number; rule: string; detail: string}>
  const unexpected = problems.filter((problem) => !allowed.get(problem.file)?.has(problem.rule.split('/')[0]!))
  expect(unexpected.map((problem) => `${problem.file}:${problem.line} ${problem.rule} ${problem.detail}`)).toEqual([])
})
