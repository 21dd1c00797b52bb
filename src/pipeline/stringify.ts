/**
 * remark-stringify settings tuned to markdownlint's defaults
 * (../shared/markdownlint.jsonc): `-` bullets, 2-space nesting, ATX headings,
 * backtick fences, `---` rules, `_` emphasis (`*` within a word), no
 * spurious escapes. Where markdownlint's defaults allow either, the choice is
 * prettier 3's (its defaults), so that converted minutes are a fixed point of
 * prettier: emphasis as above, one space between words, aligned tables
 * (processor.ts), destinations without needless escapes. The
 * HedgeDoc constructs' own escapes (`\:::info`, `\^x^`, `\{%…`) come with
 * their to-markdown extensions (src/syntax/).
 */
import type {Link, Nodes, Parents, Text} from 'mdast'
import type {Options as StringifyOptions} from 'remark-stringify'
import {defaultHandlers, type Handle, type State, type Unsafe} from 'mdast-util-to-markdown'
import {asciiPunctuation, referenceAt, unescapeRaw} from './source-text.js'
import {spaceRun} from '../util/text.js'

/**
 * Characters whose mid-line escaping is a matter of taste once the author's
 * own escapes are kept: the source decided, and the parse proved the text
 * formed no construct. Line-start (`atBreak`) patterns always apply.
 */
const authorDecides = new Set(['*', '_', '[', ']', '~', '`', '(', '&', '@', '.', ':', '!', '^', '=', '+', '{'])

/** `[` at a line start only matters where it would start a definition. */
const definitionStart: Unsafe = {atBreak: true, character: '[', after: '[^\\n]*\\]:'}

/**
 * `#` at a line start only starts a heading when a space follows; at the very
 * start of a top-level paragraph markdownlint still reads `#12` as a heading
 * without its space (MD018), so there it stays escaped.
 */
const headingStart: Unsafe = {atBreak: true, character: '#', after: '#*(?:[ \\t\\r\\n]|$)'}

/** `&` only needs escaping where it would start a character reference. */
const ampersand: Unsafe = {
  character: '&',
  after: '(?:#\\d+|#[xX][\\da-fA-F]+|[A-Za-z][A-Za-z\\d]*);',
  inConstruct: 'phrasing'
}

/** Text that needs no escape anywhere: no markers, starts with a letter, no edge spaces. */
const plainProse = /^\p{L}[\p{L}\p{N} ,;:'"?().\/%-]*(?<! )$/u

const reducedCache = new WeakMap<Unsafe[], Map<string, Unsafe[]>>()

/**
 * The unsafe patterns minus the author's choices, but for the characters in
 * `keep`; `nested` text (in a list or quote) gets the narrow `#` rule.
 */
function reduced(patterns: Unsafe[], keep: string, nested: boolean): Unsafe[] {
  let byKeep = reducedCache.get(patterns)
  if (!byKeep) {
    byKeep = new Map()
    reducedCache.set(patterns, byKeep)
  }

  const key = keep + (nested ? ' nested' : '')
  let result = byKeep.get(key)
  if (!result) {
    result = patterns.flatMap(function (pattern): Unsafe[] {
      if (pattern.atBreak && pattern.character === '[' && !pattern.after) return []
      if (nested && pattern.atBreak && pattern.character === '#' && !pattern.after) return []
      if (pattern.atBreak || !authorDecides.has(pattern.character) || keep.includes(pattern.character)) return [pattern]
      // Only mid-text (phrasing) escaping is the author's to decide; in a link
      // label, a title or a destination the construct still decides.
      const constructs = typeof pattern.inConstruct === 'string' ? [pattern.inConstruct] : (pattern.inConstruct ?? [])
      const others = constructs.filter((name) => name !== 'phrasing')
      if (others.length === constructs.length) return [pattern]
      return others.length > 0 ? [{...pattern, inConstruct: others}] : []
    })
    result.push(ampersand, definitionStart)
    if (nested) result.push(headingStart)
    byKeep.set(key, result)
  }

  return result
}

const pairCache = new WeakMap<object, string>()

/**
 * Emphasis characters that occur twice or more among a parent's texts. Two
 * stray `*` (or non-intraword `_`) in one paragraph look like emphasis with
 * spaces inside to markdownlint (MD037), so those stay escaped.
 */
function pairedMarkers(parent: Parents | undefined): string {
  if (!parent) return ''
  let result = pairCache.get(parent)
  if (result === undefined) {
    let stars = 0
    let underscores = 0
    for (const child of parent.children) {
      if (child.type !== 'text') continue
      stars += child.value.split('*').length - 1
      underscores += child.value.match(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu)?.length ?? 0
    }

    result = (stars > 1 ? '*' : '') + (underscores > 1 ? '_' : '')
    pairCache.set(parent, result)
  }

  return result
}

/** Positions in `value` escaped (`\x`) or encoded (`&#x..;`) in `escaped`. */
function align(
  value: string,
  escaped: string
): {escapes: Set<number>; encoded: Map<number, string>} | undefined {
  const escapes = new Set<number>()
  const encoded = new Map<number, string>()
  let index = 0
  let position = 0
  while (position < value.length) {
    const expected = value.charAt(position)
    const char = escaped.charAt(index)
    if (
      char === '\\' &&
      escaped.charAt(index + 1) === expected &&
      asciiPunctuation.test(expected) &&
      (expected !== '\\' || value.charAt(position + 1) !== '\\')
    ) {
      escapes.add(position)
      index += 2
      position++
    } else if (char === expected) {
      index++
      position++
    } else if (char === '&') {
      const reference = referenceAt(escaped, index)
      if (reference?.value !== expected) return undefined
      encoded.set(position, reference.written)
      index += reference.written.length
      position++
    } else {
      return undefined
    }
  }

  return index === escaped.length ? {escapes, encoded} : undefined
}

/**
 * Positions of the value escaped (`\x` before punctuation) or written as a
 * numeric character reference (`&#x61;`) in a raw source slice.
 */
function rawEscapes(raw: string): {escapes: Set<number>; encoded: Map<number, string>} {
  const escapes = new Set<number>()
  const encoded = new Map<number, string>()
  let position = 0
  for (let index = 0; index < raw.length; index++) {
    const reference = raw.charAt(index) === '&' ? referenceAt(raw, index) : undefined
    if (reference) {
      encoded.set(position, reference.written)
      index += reference.written.length - 1
      position += reference.value.length
      continue
    }

    if (raw.charAt(index) === '\\' && asciiPunctuation.test(raw.charAt(index + 1))) {
      escapes.add(position)
      index++
    }

    position++
  }

  return {escapes, encoded}
}

/**
 * Text handler: the author's escapes plus the ones the output context needs
 * (line starts, `<tag`, `&name;`, table pipes); text made by transforms gets
 * mdast-util-to-markdown's full escaping.
 */
const text: Handle = function (node: Text, parent: Parents | undefined, state: State, info) {
  // A run of `=`, `+` or `~` whose first character is escaped (`===` under a
  // line is escaped as a setext underline, `~~x~` as strikethrough) would
  // leave a shorter run that may be a mark (`==`, `++`, `~`): escape the run;
  // so a run of backticks (`` \`` `` leaves `` ` ``, a code span opener).
  // (An escaped backslash before the run is no escape of it: `\\==`.)
  const written = authorText(node, parent, state, info).replace(
    /(?<!\\)((?:\\\\)*)\\(?:([=+])(\2{2,})|([~`])(\4+))/g,
    (_, backslashes: string, marker?: string, run?: string, other?: string, others?: string) => backslashes + ('\\' + (marker ?? other)).repeat((run ?? others)!.length + 1)
  )
  // A `!` or `^` ending a text, now before a link (an embed or `<a>` became
  // one), would make an image or an inline footnote of it; a `^` or `~` before
  // a hard break (`^\` + line end + `^`) would pair up as a mark.
  const last = /(?<!\\)(?:[!^]|(?<!~)~)$/.exec(written)?.[0]
  const before = info.after === '[' ? '!^' : info.after === '\\' ? '^~' : ''
  const safe = last && before.includes(last) ? written.slice(0, -1) + '\\' + last : written
  // Whitespace between words is one space, as GitHub shows it and prettier
  // writes it (a tab or a run of spaces in prose means nothing in Markdown).
  return safe.replace(spaceRun, ' ')
}

/** A character that makes emphasis intraword: not whitespace, punctuation or a symbol. */
const wordCharacter = /^[^\s\p{P}\p{S}]$/u

/** The emphasis marker of a document once its first emphasis is written. */
const documentMarker = new WeakMap<State, '*' | '_'>()

/**
 * Emphasis as prettier writes it: `_x_`, but `*x*` within a word (`foo*bar*`,
 * where `_` would not be emphasis) and next to a `_`. markdownlint's MD049
 * takes a document's style from its first emphasis and then allows `*`
 * within words, so a document whose first emphasis is within a word is
 * written with `*` throughout (lint wins over prettier there).
 */
const emphasis = function (node, parent, state, info) {
  const before = info.before.slice(-1)
  const after = info.after.charAt(0)
  const intraword = wordCharacter.test(before) || wordCharacter.test(after) || before === '_' || after === '_'
  let style = documentMarker.get(state)
  if (!style) {
    style = intraword ? '*' : '_'
    documentMarker.set(state, style)
  }

  const marker = intraword ? '*' : style
  const saved = state.options.emphasis
  state.options.emphasis = marker
  try {
    return defaultHandlers.emphasis(node, parent, state, info)
  } finally {
    state.options.emphasis = saved
  }
} as Handle & {peek: Handle}

// Without a peek, mdast-util-to-markdown writes the whole emphasis to learn
// its first character (before the text in front of it is written), which
// would decide the document's marker out of order.
emphasis.peek = function (_node, _parent, state) {
  return documentMarker.get(state) ?? '_'
}

/**
 * In a link destination, `&` needs an escape only where it would start a
 * character reference (`&amp;`); mdast-util-to-markdown escapes every `&`
 * before a letter (`?a=1\&b=2`), which prettier then removes.
 */
const destinationCache = new WeakMap<Unsafe[], Unsafe[]>()

function destination(name: 'link' | 'image' | 'definition'): Handle {
  return function (node, parent, state, info) {
    const all = state.unsafe
    // One list per document, not per link: the text handler's `reduced()`
    // caches by list, so a new list per link would redo it for every label.
    let patterns = destinationCache.get(all)
    if (!patterns) {
      patterns = all.map((pattern) => (pattern.character === '&' && !pattern.atBreak ? ampersand : pattern))
      destinationCache.set(all, patterns)
    }

    state.unsafe = patterns
    try {
      return defaultHandlers[name](node, parent, state, info)
    } finally {
      state.unsafe = all
    }
  }
}

/** Text as the author wrote it, with the escapes its place needs. */
function authorText(node: Text, parent: Parents | undefined, state: State, info: Parameters<Handle>[3]): string {
  const raw = node.data?.raw
  if (raw === undefined || unescapeRaw(raw) !== node.value) {
    return state.safe(node.value, info)
  }

  // Plain prose as the author wrote it, starting with a letter: nothing to escape.
  if (raw === node.value && plainProse.test(raw)) return raw
  // A bare URL's text in a link written with brackets (`[https://…](<…>)`):
  // in the URL nothing was a mark or emphasis, in the label it would be.
  if (parent?.type === 'link' && parent.data?.literal && !isAutolink(parent)) return state.safe(node.value, info)

  const all = state.unsafe
  const nested = state.stack.includes('listItem') || state.stack.includes('blockquote')
  // Inside emphasis a stray `*` or `_` could close it (`_*_` written `***`).
  const emphasis = state.stack.includes('emphasis') || state.stack.includes('strong') ? '*_' : ''
  // The parse proved that the text as written forms no link with what is
  // around it; a link after it that is not written as it was (a bare URL,
  // now `<…>` or `[repo#1](…)`, after `[x](`) can make one of it.
  const next = parent ? (parent.children as Nodes[])[(parent.children as Nodes[]).indexOf(node) + 1] : undefined
  const brackets = next?.type === 'link' && (!isAutolink(next) || next.data?.literal) && /\]\s*\(?$/.test(node.value) ? '[]' : ''
  state.unsafe = reduced(all, pairedMarkers(parent) + emphasis + brackets, nested)
  const needed = state.safe(node.value, info)
  state.unsafe = all
  if (needed === node.value && raw === node.value) return raw

  const context = align(node.value, needed)
  if (!context) return state.safe(node.value, info)
  const own = rawEscapes(raw)
  // So can an escape the author did not write (`<` → `\<` in `[a](<b)c`).
  if (!brackets && /[[\]]/.test(node.value) && [...context.escapes].some((position) => !own.escapes.has(position) && !'[]'.includes(node.value.charAt(position)))) {
    state.unsafe = reduced(all, pairedMarkers(parent) + emphasis + '[]', nested)
    const guarded = state.safe(node.value, info)
    state.unsafe = all
    const again = align(node.value, guarded)
    if (!again) return state.safe(node.value, info)
    for (const position of again.escapes) context.escapes.add(position)
  }

  let result = ''
  for (let position = 0; position < node.value.length; position++) {
    const char = node.value.charAt(position)
    const encoded = context.encoded.get(position) ?? own.encoded.get(position)
    if (encoded) {
      result += encoded
      // A reference may stand for two UTF-16 units (an astral character).
      if (char !== String.fromCodePoint(node.value.codePointAt(position)!)) position++
    } else if (own.escapes.has(position) || context.escapes.has(position)) result += '\\' + char
    else result += char
  }

  return result
}

/**
 * A list takes the other bullet only right after a sibling list (two lists
 * in a row need different markers to stay two). mdast-util-to-markdown
 * forgets the bullet of a list only after the block that follows it, so a
 * list opening a quote or a footnote after a list (`- a` then `> - b`) came
 * out with `*` (markdownlint MD004).
 */
const list: Handle = function (node, parent, state, info) {
  const index = parent ? parent.children.indexOf(node) : -1
  if (index < 1 || parent!.children[index - 1]!.type !== 'list') state.bulletLastUsed = undefined
  return defaultHandlers.list(node, parent, state, info)
}

/** CommonMark autolinks: what `<…>` must hold to read back as a link. */
const uriAutolink = /^[a-zA-Z][a-zA-Z\d+.-]{1,31}:[^\0- <>\u007F]*$/
const emailAutolink = /^[a-zA-Z\d.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z\d](?:[a-zA-Z\d-]{0,61}[a-zA-Z\d])?(?:\.[a-zA-Z\d](?:[a-zA-Z\d-]{0,61}[a-zA-Z\d])?)*$/

/** Whether a link is written `<…>`, or as text (false: `[text](url)`). */
function isAutolink(node: Link): boolean {
  const only = node.children.length === 1 ? node.children[0] : undefined
  const text = only?.type === 'text' ? only.value : undefined
  return text !== undefined && (text === node.url ? uriAutolink.test(text) : 'mailto:' + text === node.url ? emailAutolink.test(text) : false)
}

/**
 * mdast-util-to-markdown writes a link whose text is its URL as `<…>`, also
 * where CommonMark reads no autolink (a GFM email literal `_a_@_.b`, whose
 * domain has `_`): then it came back as `<` + a new literal + `>`, one more
 * pair on every conversion. Such a link is written `[text](url)`.
 */
const linkDestination = destination('link')

const link: Handle = function (node, parent, state, info) {
  if (isAutolink(node) || state.options.resourceLink) return linkDestination(node, parent, state, info)
  state.options.resourceLink = true
  try {
    return linkDestination(node, parent, state, info)
  } finally {
    state.options.resourceLink = false
  }
}

export const stringifyOptions: StringifyOptions = {
  bullet: '-',
  bulletOrdered: '.',
  closeAtx: false,
  emphasis: '_',
  fence: '`',
  fences: true,
  incrementListMarker: true,
  listItemIndent: 'one',
  quote: '"',
  resourceLink: false,
  rule: '-',
  ruleRepetition: 3,
  ruleSpaces: false,
  setext: false,
  strong: '*',
  tightDefinitions: true,
  handlers: {text, list, emphasis, link, image: destination('image'), definition: destination('definition')}
}
