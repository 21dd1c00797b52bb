/**
 * Remember how each text node was written in the note, so that stringifying
 * adds no escapes the author did not need (`snake_case`, `5 * 3`, `[name=X]`).
 *
 * mdast keeps only the unescaped value of text, and mdast-util-to-markdown
 * escapes every character that *could* start a construct somewhere (`*`, `_`,
 * `[`, `~`, `&`). No unified utility keeps the source form of text, hence this
 * small plugin: it stores the source slice as `data.raw` when the slice decodes
 * to exactly the node's value (backslash escapes only). The stringify `text`
 * handler (`stringify.ts`) then keeps the author's escapes and adds only those
 * the output context requires.
 */
import type {Root, Text} from 'mdast'
import type {VFile} from 'vfile'
import {sourceOf} from '../util/tree.js'
import {visit} from '../util/visit.js'

declare module 'mdast' {
  interface TextData {
    /** Source form of the value, line by line without container prefixes. */
    raw?: string
  }
}

/** What a backslash escapes (CommonMark): ASCII punctuation. */
export const asciiPunctuation = /[!-/:-@[-`{-~]/

const numericReference = /^&#(?:x([\da-f]{1,6})|(\d{1,7}));/i

/**
 * The numeric character reference (`&#x2A;`, `&#42;`) starting at `index`
 * of `raw`: as written, and the text it stands for; `undefined` when there is
 * none, or it names no Unicode code point (`&#9999999;`, which micromark reads
 * as U+FFFD: left to the full escaping).
 */
export function referenceAt(raw: string, index: number): {written: string; value: string} | undefined {
  const match = numericReference.exec(raw.slice(index, index + 12))
  if (!match) return undefined
  const code = match[1] ? Number.parseInt(match[1], 16) : Number(match[2])
  return code > 0x10_ffff ? undefined : {written: match[0], value: String.fromCodePoint(code)}
}

/**
 * Drop backslash escapes and decode numeric character references;
 * `undefined` when `raw` has named references (left to the full escaping).
 */
export function unescapeRaw(raw: string): string | undefined {
  if (!raw.includes('\\') && !raw.includes('&')) return raw
  let result = ''
  for (let index = 0; index < raw.length; index++) {
    const char = raw.charAt(index)
    if (char === '&') {
      const reference = referenceAt(raw, index)
      if (!reference) return undefined
      result += reference.value
      index += reference.written.length - 1
    } else if (char === '\\' && asciiPunctuation.test(raw.charAt(index + 1))) {
      result += raw.charAt(index + 1)
      index++
    } else {
      result += char
    }
  }

  return result
}

/**
 * Source form of a text node, or `undefined` when it cannot be recovered
 * (entities, or lines whose prefix cannot be told apart).
 */
function rawOf(node: Text, source: string): string | undefined {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  if (start === undefined || end === undefined) return undefined
  const slice = source.slice(start, end)
  if (!slice.includes('\n')) {
    return unescapeRaw(slice) === node.value ? slice : undefined
  }

  // Continuation lines carry indentation and `>` markers that the value
  // does not have: strip them line by line.
  const values = node.value.split('\n')
  const raws = slice.split('\n')
  if (values.length !== raws.length) return undefined
  const lines: string[] = []
  for (const [index, value] of values.entries()) {
    let line = raws[index]!
    if (index > 0) line = line.replace(/^[ \t>]*/, '')
    if (index < values.length - 1) line = line.replace(/[ \t]+$/, '')
    if (unescapeRaw(line) !== value) return undefined
    lines.push(line)
  }

  return lines.join('\n')
}

/**
 * Plugin: annotate text nodes with their source form. It must run before any
 * transform that changes text.
 */
export default function remarkSourceText() {
  return function (tree: Root, file: VFile) {
    const source = sourceOf(file)
    visit(tree, 'text', function (node) {
      const raw = rawOf(node, source)
      if (raw !== undefined) node.data = {...node.data, raw}
    })
  }
}
