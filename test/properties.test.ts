// Property tests: on generated notes (the constructs of real HedgeDoc notes,
// in random mixtures, with the punctuation that trips escaping), convert
// never throws and converting its output again changes nothing.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {convert, validateConfig} from '../src/index.js'
import {checkText} from '../src/check/offline.js'
// @ts-expect-error: plain JavaScript helper shared with scripts/corpus.js
import {lint} from '../scripts/markdownlint.js'

const word = fc.constantFrom('alpha', 'Beta', 'gamma2', 'SCS', 'k8s', 'x', 'über', '2024', 'R7', 'a_b', 'snake_case')
const punctuation = fc.constantFrom('*', '_', '[', ']', '(', ')', '#', '~', '^', '=', '+', '<', '>', '!', '&', '\\', '|', '`', ':', '@', '/', '.', '-', '$', '"', "'")
const inline = fc.oneof(
  {weight: 6, arbitrary: word},
  {weight: 3, arbitrary: punctuation},
  {weight: 1, arbitrary: word.map((text) => `**${text}**`)},
  {weight: 1, arbitrary: word.map((text) => `*${text}*`)},
  {weight: 1, arbitrary: word.map((text) => `==${text}==`)},
  {weight: 1, arbitrary: word.map((text) => `~${text}~`)},
  {weight: 1, arbitrary: word.map((text) => `^${text}^`)},
  {weight: 1, arbitrary: word.map((text) => `++${text}++`)},
  {weight: 1, arbitrary: word.map((text) => `\`${text}\``)},
  {weight: 1, arbitrary: word.map((text) => `[${text}](https://example.com/${text})`)},
  {weight: 1, arbitrary: fc.nat(999).map((number) => `[#${number}](https://github.com/SovereignCloudStack/issues/issues/${number})`)},
  {weight: 1, arbitrary: fc.nat(999).map((number) => `[standards/#${number}](https://github.com/SovereignCloudStack/standards/pull/${number + 1})`)},
  {weight: 1, arbitrary: fc.nat(999).map((number) => `https://github.com/osism/issues/issues/${number}`)},
  {weight: 1, arbitrary: fc.nat(999).map((number) => `SovereignCloudStack/docs#${number}`)},
  {weight: 1, arbitrary: word.map((text) => `@${text}`)},
  {weight: 1, arbitrary: word.map((text) => `<b>${text}</b>`)},
  {weight: 1, arbitrary: word.map((text) => `<font color="red">${text}</font>`)},
  {weight: 1, arbitrary: fc.constantFrom('<tenant>', '<br>', '</br>', '<a href="https://example.com">x</a>', '<!-- c -->')},
  {weight: 1, arbitrary: fc.constantFrom('[name=Alice]', '[time=10:00]', '[color=#fff]', '{%youtube dQw4w9WgXcQ %}', ':smile:', 'AI @alice: do it')},
  {weight: 1, arbitrary: fc.constantFrom('![](https://input.scs.community/uploads/a.png =200x)', '![alt](https://example.com/b.png)', '<img src="https://example.com/c.png">')},
  {weight: 1, arbitrary: fc.constantFrom('[TOC]', '[x]', '[ ]', '1.', '2)', '- ', '> ', '---', '***', ':::info')}
)
// Tokens are glued to their neighbours now and then (escaping is tested at
// word boundaries), except bare URLs and plain references (GFM ends an
// autolink only at whitespace, so `https://x/a~b~[c](d)` is one URL) and
// bold or italic text, which mdast-util-to-markdown cannot write back
// unchanged when it touches other emphasis (`*a*<b>b_c</b>d`).
const standsApart = /^(https?:|[\w.-]+\/[\w.-]+#\d|\*|<b>)\S/
const line = fc.array(inline, {minLength: 1, maxLength: 8}).chain((tokens) =>
  fc
    .array(fc.constantFrom(' ', ' ', ' ', ''), {minLength: tokens.length, maxLength: tokens.length})
    .map(
      (gaps) =>
        tokens
          .map((token, index) => (standsApart.test(token) || standsApart.test(tokens[index + 1] ?? '') ? token + ' ' : token + gaps[index]))
          .join('')
          .trim() || 'x'
    )
)
const lines = fc.array(line, {minLength: 1, maxLength: 3}).map((items) => items.join('\n'))

const block = fc.oneof(
  {weight: 5, arbitrary: lines},
  {weight: 2, arbitrary: fc.tuple(fc.integer({min: 1, max: 6}), line, fc.boolean()).map(([depth, text, colon]) => `${'#'.repeat(depth)} ${text}${colon ? ':' : ''}`)},
  {weight: 1, arbitrary: line.map((text) => `${text}\n${'='.repeat(3)}`)},
  {
    weight: 3,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom('', '  ', '    ', '\t'), fc.constantFrom('- ', '* ', '+ ', '1. ', '2) ', '- [ ] '), lines), {minLength: 1, maxLength: 6})
      .map((items) => items.map(([indent, marker, text]) => indent + marker + text.replace(/\n/g, '\n' + indent + '  ')).join('\n'))
  },
  {weight: 1, arbitrary: lines.map((text) => text.split('\n').map((part) => `> ${part}`).join('\n'))},
  {weight: 1, arbitrary: fc.tuple(fc.constantFrom('', 'js=', 'python=101', 'bash!', 'mermaid', 'sequence'), lines).map(([lang, text]) => `\`\`\`${lang}\n${text}\n\t$ indented\n\`\`\``)},
  {weight: 1, arbitrary: fc.tuple(fc.constantFrom('info', 'success', 'warning', 'danger', 'spoiler'), lines, fc.boolean()).map(([kind, text, close]) => `:::${kind}\n${text}${close ? '\n:::' : ''}`)},
  {weight: 1, arbitrary: fc.tuple(line, line).map(([a, b]) => `| ${a.replace(/\|/g, '')} | h |\n|---|:-:|\n| ${b.replace(/\|/g, '')} |`)},
  {weight: 1, arbitrary: fc.constantFrom('---', '----', '***', '<style>\n.x { color: red }\n</style>', '<!-- .slide: data-x="1" -->', '<div>\n<b>block</b>\n</div>\n', '[TOC]', '## Participants\n- @alice\n- Bob, @carol\n- @alice')}
)

const note = fc
  .tuple(fc.boolean(), fc.array(block, {minLength: 1, maxLength: 8}), fc.array(fc.constantFrom('\n\n', '\n', '\n\n\n'), {minLength: 8, maxLength: 8}))
  .map(([frontmatter, blocks, separators]) => (frontmatter ? '---\ntitle: Generated\ntype: slide\n---\n\n' : '') + blocks.map((text, index) => text + separators[index]).join(''))

// Notes these properties once failed on, kept as examples fast-check always tries.
const regressions: Array<[string]> = [
  // Texts joined where HTML was removed are escaped anew (`^` + `<font>` + `^`).
  ['@a_b [gamma2](https://example.com/gamma2) ^<font color="red">SCS</font>^k8s^[standards/#838](https://github.com/SovereignCloudStack/standards/pull/839) Beta\nSovereignCloudStack/docs#0\n\n'],
  // A loose list in a quote stays loose (micromark runs the nested list over the blank `>` line).
  [':::info\nalpha\n\n- [TOC] 0\n  - [TOC] 1\n\n- https://github.com/osism/issues/issues/0\n\n'],
  ['- ![](https://input.scs.community/uploads/a.png =200x) <font color="red">alpha</font>\n- @alpha\n\nhttps://github.com/osism/issues/issues/0\n\n'],
  [':::info\n![](https://input.scs.community/uploads/a.png =200x)\n\n\t- {%youtube dQw4w9WgXcQ %} *alpha*\n- [alpha](https://example.com/alpha)\n\n'],
  ['- <tenant>\n  [#0](https://github.com/SovereignCloudStack/issues/issues/0) alpha\n\n---\n\n'],
  ['# <font color="red">alpha</font>:\n\n- ^alpha^\n\n'],
  ['<div>\n<b>block</b>\n</div>\n:::info\nalpha\n\n'],
  ['---\n\n***\n\n- **alpha**\n\n'],
  ['2) alpha\n\t- alpha\n- ~alpha~\n\n## Participants\n- @alice\n- Bob, @carol\n- @alice\n\n'],
  ['- [color=#fff]\n    - *alpha*\n- [TOC]\n\n^alpha^\n\n'],
  ['> ***alpha\n> ![](https://input.scs.community/uploads/a.png =200x) *alpha**alpha* *\n> *\n\n'],
  // Table of contents entries slugged from the headings as written (one space, code on one line), none for a heading without text.
  ['[TOC]\n\n# https://github.com/osism/issues/issues/0 -  alpha\n\n| [name=Alice] | h |\n|---|:-:|\n| `alpha` |\n\n'],
  ['[TOC]\n\n# <br>\n\n```\nalpha\n\t$ indented\n```\n\n'],
  ['` alpha\n[alpha](https://example.com/alpha)\n`alpha`\n===\n\n[TOC]\n\n'],
  // A task check after an item's first block stays text; a bare URL's text in brackets is escaped.
  ['- *\n  2) *\n    [x] Beta x SovereignCloudStack/docs#178 </br> [name=Alice] ~Beta~ gamma2\n- ++alpha++\n\n# [alpha](https://example.com/alpha)\n\n'],
  ['https://github.com/osism/issues/issues/0\u0007^alpha^ https://github.com/osism/issues/issues/0\n\n# https://github.com/osism/issues/issues/0\n\n'],
  ['- *\n2) (\n  <!-- c --> ~alpha~\n\n'],
  ['[TOC]\n\n# [ </br> alpha\n\n^alpha^\n===\n\n'],
  [':::info\n[name=Alice]\n\n* *\n    - alpha\n\n- <b>alpha</b>\n\n\n```\n[name=Alice]\n\t$ indented\n```\n\n'],
  ['*\n[ ] ~gamma2~ ^x^\n*\n\n*alpha*\n\n'],
  ['# [ @alpha\n\n[TOC]\n\n<tenant>\n\n'],
  [':::info\n[color=#fff]\n\n'],
  ['# `alpha`\n\n++x+++ snake_case\n++über++ ^über^ R7 *x* SCS++alpha++\n===\n\n'],
  ['> <b>alpha</b>\n\n~\n\n- alpha\n\n'],
  ['- alpha\n  * * #\n- ^alpha^\n\n`alpha`\n===\n\n'],
  ['- -  # [color=#fff]\n  alpha\n\nSovereignCloudStack/docs#0\n\n'],
  ['# Dialect\n\n> [color=#fff] $$alpha$$\n'],
  ['- alpha\n- [color=#fff] ![](https://input.scs.community/uploads/a.png =200x)\n\n'],
  ['# *\n\n## Participants\n- @alice\n\n==alpha== ==alpha==@alpha <b>alpha</b>\n\n'],
  ['- :::info @SCS >  SovereignCloudStack/docs#386 snake_case über *\n\n:::info\n<b>alpha</b>\n\n'],
  ['# Dialect\n\n> [TOC]\n\n*[HTML]: Hyper Text Markup Language\n'],
  [':::info\n`` ![alt](https://example.com/b.png) `über` ( ![](https://input.scs.community/uploads/a.png =200x) ]\n\n*\n\n']
]

describe('properties of convert on generated notes', () => {
  it('never throws', async () => {
    await fc.assert(
      fc.asyncProperty(note, async (text) => {
        await convert(text)
      }),
      {numRuns: 300}
    )
  })

  it('is idempotent: converting the output again gives the same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(note, async (text) => {
        const once = (await convert(text)).markdown
        const twice = (await convert(once)).markdown
        expect(twice).toBe(once)
      }),
      {numRuns: 300, examples: regressions}
    )
  })
})

// Hostile notes: the constructs above with deep nesting (up to 40 levels, in
// the forms people write: indented lists, quotes, both), long lines, odd
// characters (NUL, lone surrogates, byte order marks, control characters)
// and mixed line ends. convert and check never throw, and convert is
// idempotent on them.
const odd = fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\uFEFF', '\u200B', '\u0007', '\u001B[31m', '\u2028', '\uFFFD', '\t', 'é', '👍🏽', '\u0301')
const depth = fc.integer({min: 1, max: 40})
const hostileBlock = fc.oneof(
  {weight: 4, arbitrary: block},
  {weight: 1, arbitrary: fc.tuple(depth, line).map(([levels, text]) => Array.from({length: levels}, (_, level) => `${'  '.repeat(level)}- ${text} ${level}`).join('\n'))},
  {weight: 1, arbitrary: fc.tuple(depth, line).map(([levels, text]) => `${'> '.repeat(levels)}${text}`)},
  {weight: 1, arbitrary: fc.tuple(fc.integer({min: 1, max: 12}), line).map(([levels, text]) => Array.from({length: levels}, (_, level) => `${'> '.repeat(level)}- ${text}`).join('\n'))},
  {weight: 1, arbitrary: fc.tuple(line, fc.integer({min: 1000, max: 20_000})).map(([text, length]) => (text + ' ').repeat(Math.ceil(length / (text.length + 1))).slice(0, length))},
  {weight: 1, arbitrary: fc.tuple(line, odd, line).map(([a, character, b]) => `${a}${character}${b}`)}
)
const lineEnd = fc.constantFrom('\n', '\r\n', '\r')
const hostileNote = fc
  .tuple(fc.boolean(), fc.array(hostileBlock, {minLength: 1, maxLength: 6}), fc.array(lineEnd, {minLength: 6, maxLength: 6}))
  .map(([bom, blocks, ends]) => (bom ? '\uFEFF' : '') + blocks.map((text, index) => text.replace(/\n/g, ends[index]!) + ends[index]! + ends[index]!).join(''))

describe('properties of convert and check on hostile notes', () => {
  const config = validateConfig({})

  it('convert never throws and is idempotent', async () => {
    await fc.assert(
      fc.asyncProperty(hostileNote, async (text) => {
        const once = (await convert(text)).markdown
        expect((await convert(once)).markdown).toBe(once)
      }),
      {numRuns: 40}
    )
  }, 120_000)

  it('check never throws', async () => {
    await fc.assert(
      fc.asyncProperty(hostileNote, async (text) => {
        await checkText(text.replace(/\r\n?/g, '\n'), {path: '20240306.md', config, cwd: process.cwd(), bytes: Buffer.from(text)})
      }),
      {numRuns: 40}
    )
  }, 120_000)
})

// The HedgeDoc and HackMD dialect (src/syntax/): random mixtures of its
// constructs, nested in lists, quotes and containers, never throw, convert
// idempotently and are lint-clean.
const dialectInline = fc.oneof(
  {weight: 4, arbitrary: word},
  {weight: 1, arbitrary: word.map((text) => `==${text}==`)},
  {weight: 1, arbitrary: word.map((text) => `++${text}++`)},
  {weight: 1, arbitrary: word.map((text) => `~${text}~`)},
  {weight: 1, arbitrary: word.map((text) => `^${text}^`)},
  {weight: 1, arbitrary: word.map((text) => `$${text}^2$`)},
  {weight: 1, arbitrary: word.map((text) => `$$${text}$$`)},
  {weight: 1, arbitrary: word.map((text) => `^[${text} note]`)},
  {weight: 1, arbitrary: word.map((text) => `![${text}](https://example.com/${text}.png =64x)`)},
  {weight: 1, arbitrary: fc.constantFrom('[name=Alice]', '[time=10:00]', '[color=#fff]', 'HTML', 'W3C', '$5 and $10', '\\$x$', '\\==x==', '`~x~`')},
  {weight: 1, arbitrary: fc.constantFrom('{%youtube dQw4w9WgXcQ %}', '{%vimeo 123456789 %}', '{%gist a/b %}', '{%pdf https://example.com/a.pdf %}', '{%hackmd @team/note %}', '{%youtube bad %}')}
)
const dialectLine = fc.array(dialectInline, {minLength: 1, maxLength: 6}).map((tokens) => tokens.join(' '))
const dialectLines = fc.array(dialectLine, {minLength: 1, maxLength: 3}).map((items) => items.join('\n'))
const dialectBlock: fc.Arbitrary<string> = fc.letrec((tie) => ({
  block: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    {weight: 5, arbitrary: dialectLines},
    {weight: 1, arbitrary: fc.constantFrom('[TOC]', '*[HTML]: Hyper Text Markup Language', '*[W3C]: World Wide Web Consortium', '###### tags: `a` `b`', '$$\nx^2 + y\n$$', '<tenant>\ntext', '## Heading')},
    {weight: 1, arbitrary: fc.tuple(dialectLine, dialectLines, fc.boolean()).map(([term, text, compact]) => `${term.replace(/^[:~#>*+-]/, 'x')}\n${compact ? '~' : ':'} ${text.replace(/\n/g, '\n  ')}`)},
    {weight: 2, arbitrary: fc.tuple(fc.constantFrom('info', 'success', 'warning', 'danger', 'spoiler', 'spoiler Title'), tie('block'), fc.boolean()).map(([kind, text, close]) => `:::${kind}\n${text as string}${close ? '\n:::' : ''}`)},
    {weight: 1, arbitrary: tie('block').map((text) => (text as string).split('\n').map((part) => `> ${part}`).join('\n'))},
    {weight: 1, arbitrary: tie('block').map((text) => '- item\n\n  ' + (text as string).replace(/\n/g, '\n  '))}
  )
})).block as fc.Arbitrary<string>
const dialectNote = fc.array(dialectBlock, {minLength: 1, maxLength: 6}).map((blocks) => '# Dialect\n\n' + blocks.join('\n\n') + '\n')

describe('properties of convert on the HedgeDoc dialect', () => {
  it('never throws, is idempotent and lint-clean', async () => {
    const outputs: Record<string, string> = {}
    let count = 0
    await fc.assert(
      fc.asyncProperty(dialectNote, async (text) => {
        const once = (await convert(text)).markdown
        expect((await convert(once)).markdown).toBe(once)
        outputs[`note-${count++}.md`] = once
      }),
      {numRuns: 150}
    )
    const problems = (await lint(outputs)) as Array<{file: string; line: number; rule: string; detail: string}>
    expect(problems.map((problem) => `${problem.file}:${problem.line} ${problem.rule} ${problem.detail}\n${outputs[problem.file]}`)).toEqual([])
  })
})
