// The scoped GFM autolink literal transform (pipeline/autolink-literals.ts)
// makes the very tree remark-gfm makes, on notes full of URL and e-mail
// look-alikes in every phrasing container.
import fc from 'fast-check'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {describe, expect, it} from 'vitest'
import {scopeAutolinkLiterals} from '../src/pipeline/autolink-literals.js'

const stock = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze()
const scoped = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkFrontmatter, ['yaml'])
  .use(function () {
    expect(scopeAutolinkLiterals(this.data('fromMarkdownExtensions') ?? [])).toBe(true)
  })
  .freeze()

const piece = fc.constantFrom(
  'https://example.com/a_(b)',
  'http://x.org.',
  'www.scs.community/page?q=1',
  'WWW.Example.com',
  'mailto:a@b.co',
  'xmpp:me@chat.example/home',
  'alice@example.org',
  'x@y',
  '@handle',
  'a@b-c.de_',
  '://',
  'www.',
  'text',
  'snake_case',
  '(see https://a.b/c)',
  '*',
  '_',
  '[',
  ']'
)
const phrase = fc.array(piece, {minLength: 1, maxLength: 6}).map((pieces) => pieces.join(' '))
const inline = fc.oneof(
  phrase,
  phrase.map((text) => `*${text}*`),
  phrase.map((text) => `**${text}**`),
  phrase.map((text) => `~~${text}~~`),
  phrase.map((text) => `[${text}](https://example.com)`),
  phrase.map((text) => `[${text}]`),
  phrase.map((text) => `\`${text}\``)
)
const block = fc.oneof(
  fc.array(inline, {minLength: 1, maxLength: 4}).map((parts) => parts.join(' ')),
  inline.map((text) => `# ${text}`),
  inline.map((text) => `- ${text}\n  - ${text}`),
  inline.map((text) => `> ${text}`),
  fc.tuple(inline, inline).map(([a, b]) => `| ${a} | ${b} |\n| --- | --- |\n| ${b} | ${a} |`),
  inline.map((text) => `[${text}]: https://example.com/def`)
)

describe('scoped autolink literals', () => {
  it('make the same tree as remark-gfm', () => {
    fc.assert(
      fc.property(fc.array(block, {minLength: 1, maxLength: 6}), (blocks) => {
        const note = blocks.join('\n\n') + '\n'
        expect(scoped.parse(note)).toEqual(stock.parse(note))
      }),
      {numRuns: 300}
    )
  })
})
