/**
 * Link syntax that HedgeDoc (markdown-it, linkify-it) reads otherwise than
 * micromark, read as HedgeDoc reads it, before anything looks at links:
 *
 * - a bare URL (marked `data.literal`) ends before a `)`, `]` or `}` that closes nothing in it
 *   (`https://x.org/a)[note]`: the link is `https://x.org/a`, then text);
 *   GFM reads on to `…)[note`;
 * - a link title in parentheses holding an unescaped `(` is no title
 *   (CommonMark 0.31, which markdown-it follows), so `[x](url ([y](url2))`
 *   is no link either: HedgeDoc shows `[x](`, the URL as a link, ` (`, the
 *   link `y` and `)`. micromark-factory-title accepts the `(`; its link
 *   construct cannot be swapped for a stricter one without copying
 *   micromark's whole label-end tokenizer, so the text after the `[` is parsed
 *   again here.
 */
import type {Link, Nodes, Paragraph, PhrasingContent, Root} from 'mdast'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {visit} from '../util/visit.js'
import {sourceOf} from '../util/tree.js'

declare module 'mdast' {
  interface LinkData {
    /** Written as a bare URL (a GFM autolink literal), not `<…>` or `[…](…)`. */
    literal?: boolean
  }
}

/** Where linkify-it ends a bare URL: the first closing bracket that closes nothing. */
function unbalancedEnd(value: string): number | undefined {
  const open: Record<string, string> = {')': '(', ']': '[', '}': '{'}
  const depth: Record<string, number> = {'(': 0, '[': 0, '{': 0}
  for (let index = 0; index < value.length; index++) {
    const char = value.charAt(index)
    if (char in depth) depth[char]!++
    else if (char in open && --depth[open[char]!]! < 0) return index
  }

  return undefined
}

/** The part of a resource after the destination: `(title)` with an unescaped `(` inside. */
function badParenTitle(resource: string): boolean {
  let rest = resource.trim()
  if (rest.startsWith('<')) {
    const close = /(?<!\\)>/.exec(rest)
    if (!close) return false
    rest = rest.slice(close.index + 1)
  } else {
    rest = rest.replace(/^\S+/, '')
  }

  rest = rest.trim()
  return rest.startsWith('(') && rest.endsWith(')') && /(?<!\\)(?:\\\\)*\(/.test(rest.slice(1, -1))
}

export default function remarkLinkSyntax(this: {parse(text: string): unknown}) {
  const processor = this
  return function (tree: Root, file: VFile) {
    const source = sourceOf(file)
    if (!source.includes('](') && !/:\/\/|www\./i.test(source)) return
    const place = location(source)

    /** `text` (from `offset` of the source) parsed as inline content, placed where it was written. */
    function inline(text: string, offset: number): PhrasingContent[] | undefined {
      const root = processor.parse(text) as Root
      const paragraph = root.children.length === 1 && root.children[0]!.type === 'paragraph' ? (root.children[0] as Paragraph) : undefined
      if (!paragraph) return undefined
      visit(paragraph, function (node: Nodes) {
        const position = node.position
        if (position?.start.offset === undefined || position.end.offset === undefined) return
        const start = place.toPoint(position.start.offset + offset)
        const end = place.toPoint(position.end.offset + offset)
        if (start && end) node.position = {start, end}
      })
      return paragraph.children
    }

    visit(tree, 'link', function (node: Link, index, parent) {
      if (!parent || index === undefined) return undefined
      const start = node.position?.start.offset
      const end = node.position?.end.offset
      if (start === undefined || end === undefined) return undefined
      const opener = source.charAt(start)

      // A bare URL: its source is its text.
      const only = node.children.length === 1 ? node.children[0] : undefined
      if (only?.type === 'text' && source.slice(start, end) === only.value && node.url.endsWith(only.value)) {
        node.data = {...node.data, literal: true}
        const cut = unbalancedEnd(only.value)
        if (cut === undefined || cut === 0) return undefined
        const rest = only.value.slice(cut)
        const split = start + cut
        node.url = node.url.slice(0, node.url.length - rest.length)
        only.value = only.value.slice(0, cut)
        const middle = place.toPoint(split)
        if (middle && only.position) only.position.end = middle
        if (middle) node.position!.end = middle
        // The rest is read again with the text after it, as it was written:
        // it may hold what the URL swallowed (`){%youtube x %}`).
        const following = parent.children[index + 1]
        const stop = following?.type === 'text' && following.position?.start.offset === end ? following.position.end.offset! : end
        const slice = source.slice(split, stop)
        // A paragraph loses the whitespace at its end; this one is mid-line.
        const trailing = /\s*$/.exec(slice)![0]
        const again = inline(slice.slice(0, slice.length - trailing.length), split)
        if (again && trailing) {
          const from = place.toPoint(stop - trailing.length)
          const to = place.toPoint(stop)
          again.push({type: 'text', value: trailing, ...(from && to ? {position: {start: from, end: to}} : {})})
        }

        if (again) {
          parent.children.splice(index + 1, stop === end ? 0 : 1, ...again)
          return index + 1 + again.length
        }

        const text: PhrasingContent = {type: 'text', value: rest}
        const after = place.toPoint(end)
        if (middle && after) text.position = {start: middle, end: after}
        parent.children.splice(index + 1, 0, text)
        return undefined
      }

      // `[label](destination (title with a "(" inside))`: the `[` is text and
      // what follows it is read again.
      if (node.title === null || node.title === undefined || opener !== '[') return undefined
      const labelEnd = node.children.at(-1)?.position?.end.offset ?? start + 1
      if (source.slice(labelEnd, labelEnd + 2) !== '](' || source.charAt(end - 1) !== ')') return undefined
      if (!badParenTitle(source.slice(labelEnd + 2, end - 1))) return undefined
      const again = inline(source.slice(start + 1, end), start + 1)
      if (!again) return undefined
      // No position: the `[` is written escaped, as what follows it may read as a link's end now.
      parent.children.splice(index, 1, {type: 'text', value: '['}, ...again)
      return index + 1
    })
  }
}
