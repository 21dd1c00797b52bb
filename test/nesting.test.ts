// The nesting limit (syntax/nesting.ts) and the linear edit map
// (pipeline/edit-map.ts): deep nesting in any form is flattened with one
// warning per construct, at the right place, nothing lost, idempotent and
// lint-clean; the edits micromark makes give the same events as its own
// `consume`. Deeper and larger inputs (10,000 levels, 10 MB) run in .ci/run.
import fc from 'fast-check'
import type {Nodes} from 'mdast'
import {fromMarkdown} from 'mdast-util-from-markdown'
import {EditMap} from 'micromark-util-edit-map'
import type {Event} from 'micromark-util-types'
import {describe, expect, it} from 'vitest'
import {lint} from '../scripts/markdownlint.js'
import {linearConsumes, withLinearEdits} from '../src/pipeline/edit-map.js'
import {convert} from '../src/index.js'
import {nesting, nestingFromMarkdown} from '../src/syntax/nesting.js'

const title = '# 2024-05-02\n\n'

/** Deepest nesting of quotes and lists in a tree. */
function depth(node: Nodes): number {
  const own = node.type === 'blockquote' || node.type === 'list' ? 1 : 0
  if (!('children' in node)) return own
  let deepest = 0
  for (const child of node.children) deepest = Math.max(deepest, depth(child))
  return own + deepest
}

const words = (text: string) => (text.match(/[a-z]+\d*/gi) ?? []).join(' ')

async function flattened(note: string) {
  const result = await convert(note)
  const again = await convert(result.markdown)
  return {
    result,
    nesting: result.messages.filter((message) => message.ruleId === 'nesting').map((message) => `${message.line}:${message.column} ${message.message}`),
    depth: depth(fromMarkdown(result.markdown)),
    idempotent: again.markdown === result.markdown,
    kept: words(result.markdown) === words(note)
  }
}

const containers = 'Unexpected quotes and lists nested deeper than 32 levels, expected at most 32; the deeper levels are flattened into level 32'

describe('nesting written on one line', () => {
  // Each marker, and the columns one level takes.
  for (const [marker, width] of [
    ['- ', 2],
    ['1. ', 3],
    ['* ', 2],
    ['> - ', 2],
    ['>', 1]
  ] as const) {
    it(`\`${marker}\` × 1,000 then text: flattened to 32 levels, one warning at the first flattened marker`, async () => {
      const {result, nesting, depth, idempotent, kept} = await flattened(title + marker.repeat(1000) + 'deep text\n')
      expect(nesting).toEqual([`3:${width * 32 + 1} ${containers}`])
      expect(depth).toBe(32)
      expect(result.markdown).toContain('deep text')
      expect(idempotent).toBe(true)
      expect(kept).toBe(true)
      expect(await lint({'out.md': result.markdown})).toEqual([])
    })
  }

  it('10,000 nested quotes on two lines stay one paragraph, with one warning', async () => {
    const quotes = '>'.repeat(10_000)
    const {result, nesting, depth, idempotent} = await flattened(`${title}${quotes} one\n${quotes} two\n`)
    expect(nesting).toEqual([`3:33 ${containers}`])
    expect(depth).toBe(32)
    // (HedgeDoc's line break is kept as a hard break.)
    expect(result.markdown).toContain(`${'> '.repeat(31)}> one\\\n${'> '.repeat(31)}> two\n`)
    expect(idempotent).toBe(true)
  })

  it('33 levels are flattened, 32 are kept without a warning', async () => {
    expect((await flattened(title + '- '.repeat(32) + 'x\n')).nesting).toEqual([])
    expect((await flattened(title + '- '.repeat(32) + 'x\n')).depth).toBe(32)
    expect((await flattened(title + '- '.repeat(33) + 'x\n')).nesting).toHaveLength(1)
  })

  it('two deep constructs give two warnings', async () => {
    const {nesting} = await flattened(`${title}${'> '.repeat(40)}one\n\ntext\n\n${'- '.repeat(40)}two\n`)
    expect(nesting).toEqual([`3:65 ${containers}`, `7:65 ${containers}`])
  })
})

describe('deep indented lists', () => {
  for (const levels of [100, 500]) {
    it(`${levels} levels: items deeper than 32 become items of level 32, one warning`, async () => {
      const lines = Array.from({length: levels}, (_, level) => ' '.repeat(level * 2) + `- level ${level}`)
      const {result, nesting, depth, idempotent, kept} = await flattened(title + lines.join('\n') + '\n')
      // The first item beyond the limit: line 3 + 32, after 64 columns of indentation.
      expect(nesting).toEqual([`35:63 ${containers}`])
      expect(depth).toBe(32)
      expect(result.markdown).toContain(`\n${' '.repeat(62)}- level 31\n${' '.repeat(62)}- level 32\n`)
      expect(result.markdown).toContain(`\n${' '.repeat(62)}- level ${levels - 1}\n`)
      expect(idempotent).toBe(true)
      expect(kept).toBe(true)
      expect(await lint({'out.md': result.markdown})).toEqual([])
    })
  }
})

describe('emphasis runs', () => {
  it('a run of more than 32 `*` is text, with one warning per run', async () => {
    const {result, nesting, idempotent, kept} = await flattened(title + '*'.repeat(1000) + 'x' + '*'.repeat(1000) + ' and _' + '_'.repeat(40) + '\n')
    expect(nesting).toEqual([
      '3:1 Unexpected run of 1000 `*`, expected at most 32 emphasis markers in a row; kept as text',
      '3:1002 Unexpected run of 1000 `*`, expected at most 32 emphasis markers in a row; kept as text',
      '3:2007 Unexpected run of 41 `_`, expected at most 32 emphasis markers in a row; kept as text'
    ])
    expect(result.markdown).toContain('\\*'.repeat(1000) + 'x')
    expect(idempotent).toBe(true)
    expect(kept).toBe(true)
  })

  it('100,000 `*` alone on a line are a thematic break: nothing flattened, no warning', async () => {
    const {result, nesting} = await flattened(title + '*'.repeat(100_000) + '\n')
    expect(nesting).toEqual([])
    expect(result.markdown).toBe(title + '---\n')
  })

  it('runs up to 32 markers are emphasis as usual', async () => {
    const {result, nesting} = await flattened(title + '***strong and emphasis***\n')
    expect(nesting).toEqual([])
    // Emphasis around strong, written as prettier writes it.
    expect(result.markdown).toBe(title + '_**strong and emphasis**_\n')
  })
})

describe('the micromark extensions on their own', () => {
  it('any unified or mdast pipeline can use them', () => {
    const tree = fromMarkdown('- '.repeat(5) + 'x\n', {extensions: [nesting({maxDepth: 2})], mdastExtensions: [nestingFromMarkdown()]})
    expect(depth(tree)).toBe(2)
    expect(tree.data?.nesting).toEqual([{kind: 'containers', line: 1, column: 5}])
  })
})

describe('linear edit map', () => {
  // What micromark's own `consume` does, to compare with.
  const original = EditMap.prototype.consume

  const change = fc.tuple(fc.nat(40), fc.nat(3), fc.array(fc.nat(1000), {maxLength: 4}), fc.boolean())
  it('gives the same events as micromark’s consume', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.array(change, {maxLength: 8}), (length, changes) => {
        const events = Array.from({length}, (_, index) => index) as unknown as Event[]
        const apply = (map: EditMap) => {
          for (const [at, remove, add, before] of changes) {
            const added = add.map((value) => -value) as unknown as Event[]
            if (before) map.addBefore(Math.min(at, length), remove, added)
            else map.add(Math.min(at, length), remove, added)
          }
        }

        const expected = [...events]
        const theirs = new EditMap()
        apply(theirs)
        original.call(theirs, expected)
        const actual = [...events]
        withLinearEdits(() => {
          const ours = new EditMap()
          apply(ours)
          ours.consume(actual)
        })
        expect(actual).toEqual(expected)
      })
    )
  })

  it('reaches the copy micromark uses while a note is parsed, and only then', async () => {
    const before = linearConsumes.count
    // The next item at the top level closes the nested list: an edit.
    await convert(title + '- a\n  - b\n- c\n')
    expect(linearConsumes.count).toBeGreaterThan(before)
    expect(EditMap.prototype.consume).toBe(original)
  })
})
