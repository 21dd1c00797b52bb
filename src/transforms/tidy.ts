/**
 * Last structural touches so the output passes markdownlint
 * (../shared/markdownlint.jsonc) and converts to itself:
 *
 * - adjacent lists and adjacent quotes (lists.ts merged what belongs
 *   together) are kept apart by an HTML comment (MD004, MD028: written
 *   side by side they would read as one, or with another bullet);
 * - table rows get as many cells as the widest row (MD056), the header too,
 *   so no cell is lost;
 * - paragraphs and headings lose whitespace and breaks at their edges, left
 *   by removed HTML (MD009, and a trailing `\` would turn into text);
 * - list items holding code or a table get blank lines around them
 *   (MD031, MD058), which makes their list loose;
 * - inline code loses the spaces at its edges (MD038);
 * - lines of code, math and HTML blocks lose trailing whitespace (invisible,
 *   and prettier removes it).
 *
 * Tabs and runs of spaces in text are written as one space by the text
 * handler (src/pipeline/stringify.ts, MD010).
 */
import type {Html, List, ListItem, Nodes, Parent, PhrasingContent, Root, RootContent, TableRow} from 'mdast'
import {htmlBlockNames, htmlRawNames} from 'micromark-util-html-tag-name'
import {visitFlow} from '../util/tree.js'
import {continueNumbering, mergeBulletLists} from './lists.js'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {visitParents, SKIP} from '../util/visit.js'

const separator = (): Html => ({type: 'html', value: '<!-- -->'})

function trimPhrasing(children: PhrasingContent[]): PhrasingContent[] {
  let result = children
  for (;;) {
    const before = result.length
    let start = 0
    let end = result.length
    while (start < end && result[start]!.type === 'break') start++
    while (end > start && result[end - 1]!.type === 'break') end--
    result = result.slice(start, end)

    for (const [index, child] of result.entries()) {
      if (child.type !== 'text') continue
      const previous = result[index - 1]
      const next = result[index + 1]
      let value = child.value
      if (index === 0 || previous?.type === 'break') value = value.replace(/^\s+/, '')
      if (index === result.length - 1 || next?.type === 'break') value = value.replace(/\s+$/, '')
      if (value !== child.value) {
        child.value = value
        delete child.data
      }
    }

    result = result.filter((child) => child.type !== 'text' || child.value !== '')
    // An alert marker (`[!NOTE]` + newline) whose content was removed ends the paragraph.
    const last = result.at(-1)
    if (last?.type === 'html' && last.value.endsWith('\n')) result[result.length - 1] = {...last, value: last.value.replace(/\n+$/, '')}
    for (const child of result) {
      if (child.type !== 'inlineCode') continue
      // Code spans show line endings as spaces; written on one line they stay code.
      if (child.value.includes('\n')) child.value = child.value.replace(/\n/g, ' ')
      if (child.value.trim() && child.value.trim() !== child.value) child.value = child.value.trim()
    }

    // Two breaks in a row with nothing between would leave a line of `\`.
    result = result.filter((child, index) => child.type !== 'break' || result[index - 1]?.type !== 'break')
    if (result.length === before) return result
  }
}

function padRows(rows: TableRow[]): void {
  const width = Math.max(...rows.map((row) => row.children.length))
  for (const row of rows) {
    while (row.children.length < width) row.children.push({type: 'tableCell', children: []})
  }
}

export default function remarkTidy() {
  return function (tree: Root, file: VFile) {
    // A rule opening the document reads back as the start of front matter.
    while (tree.children[0]?.type === 'thematicBreak') tree.children.shift()

    // Paragraphs and headings left empty (a line that was only `[color=…]`
    // or a tag) go first, so what is decided about their neighbours below
    // sees them gone (an empty heading reads back as one the headings plugin drops).
    visitFlow(tree, function (node) {
      if (!('children' in node) || node.type === 'table' || node.type === 'tableRow') return undefined
      const parent = node as Parent
      const kept = (parent.children as Nodes[]).filter((child) => (child.type !== 'paragraph' && child.type !== 'heading') || trimPhrasing(child.children).length > 0)
      if (kept.length !== parent.children.length) parent.children = kept as typeof parent.children
      return undefined
    })

    visitParents(tree, function (node: Nodes, ancestors) {
      if (spaced.has(node.type)) looseAround(ancestors)

      if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
        node.children = trimPhrasing(node.children)
        // A comment opening a paragraph would be read as an HTML block that
        // swallows the line: it moves to the end, where it is as invisible.
        const comments: PhrasingContent[] = []
        let rest = node.children
        while (node.type === 'paragraph' && rest.length > 1 && rest[0]!.type === 'html' && rest[0].value.startsWith('<!--')) {
          comments.push(rest[0]!)
          rest = trimPhrasing(rest.slice(1))
        }

        if (comments.length > 0) {
          node.children = trimPhrasing([...rest, ...comments.flatMap((comment): PhrasingContent[] => [{type: 'text', value: ' '}, comment])])
        }

        return SKIP
      }

      // Where the stringifier must put a blank line between two blocks of an
      // item, the item reads back as loose: make it loose now.
      if (node.type === 'listItem' && node.children.some((child, index) => index > 0 && needsBlankLine(node.children[index - 1]!, child))) {
        looseAround([...ancestors, node])
      }


      // An HTML block's indentation (up to 3 spaces) means nothing, but written
      // again it could move the block into a list item before it.
      if (node.type === 'html' && /^[ \t]/.test(node.value)) node.value = node.value.replace(/^[ \t]+/, '')

      if ((node.type === 'code' || node.type === 'html' || node.type === 'math') && /[ \t]$/m.test(node.value)) {
        node.value = node.value.replace(/[ \t]+$/gm, '')
      }

      if (node.type === 'table') {
        padRows(node.children)
        const width = node.children[0]!.children.length
        if (node.align && node.align.length < width) {
          node.align = [...node.align, ...Array<null>(width - node.align.length).fill(null)]
        }
      }

      if ('children' in node) {
        separateSiblings(node as Parent)
      }

      return undefined
    })
  }
}

function separateSiblings(parent: Parent): void {
  // Numbered lists side by side now (a heading between them moved to the
  // title) that continue each other would read back as one: they are one.
  continueNumbering(parent)
  const children = parent.children as Nodes[]
  for (let index = 1; index < children.length; index++) {
    const before = children[index - 1]!
    const node = children[index]!
    if (before.type === 'list' && node.type === 'list' && !before.ordered && !node.ordered) {
      // Lists apart in the note but side by side now (a repeated heading
      // between them was removed) become one.
      mergeBulletLists(parent)
      index = 0
    } else if ((before.type === 'list' && node.type === 'list' && before.ordered && node.ordered) || (before.type === 'blockquote' && node.type === 'blockquote')) {
      children.splice(index, 0, separator())
    }
  }

  for (const [index, node] of children.entries()) {
    if (node.type !== 'list') continue
    // Loose where blocks are apart in the note, not where blank lines only
    // trail a list (micromark counts those).
    for (const item of node.children) {
      const gap = gaps(item.children)
      if (gap !== undefined) item.spread = gap
    }

    // Between lists joined into one, blank lines say nothing about looseness.
    const joins = new Set(node.data?.merged ?? [])
    const parts: ListItem[][] = [[]]
    for (const [index, item] of node.children.entries()) {
      if (joins.has(index)) parts.push([])
      parts.at(-1)!.push(item)
    }

    const between = parts.map((part) => gaps(part))
    if (!between.includes(undefined)) node.spread = between.includes(true)
    // A list with a loose item is loose (that is how it parses back).
    if (node.children.some((item) => item.spread)) node.spread = true
    // micromark reads a list in a quote followed by a nested quote or another
    // list as loose (`> - a\n>\n> > q`); say so, so the output converts to itself.
    const next = children[index + 1]?.type
    if (parent.type === 'blockquote' && (next === 'blockquote' || next === 'list')) node.spread = true
  }
}

/**
 * Whether blank lines stand between any two neighbouring blocks;
 * `undefined` when positions are missing.
 */
function gaps(blocks: Nodes[]): boolean | undefined {
  let found = false
  for (const [index, block] of blocks.entries()) {
    const next = blocks[index + 1]
    if (!next) break
    // Where a block ends is where its last text ends: in a quote, micromark
    // lets a nested list run on over the blank `>` line after it.
    const end = (tail(block).position ?? block.position)?.end.line
    if (end === undefined || !next.position) return undefined
    if (next.position.start.line > end + 1) found = true
  }

  return found
}

/** HTML block kind (CommonMark 1–7) of raw HTML, as mdast-util-to-markdown tells them apart. */
function htmlKind(value: string): number | undefined {
  if (value.startsWith('<!--')) return 2
  if (value.startsWith('<![CDATA[')) return 5
  if (/^<![A-Za-z]/.test(value)) return 4
  if (value.startsWith('<?')) return 3
  const tag = /^<(\/?)([A-Za-z][A-Za-z\d-]*)/.exec(value)
  if (!tag) return undefined
  const name = tag[2]!.toLowerCase()
  if (!tag[1] && htmlRawNames.includes(name)) return 1
  return htmlBlockNames.includes(name) ? 6 : 7
}

/** The last block of a container, as the stringifier looks at it. */
function tail(node: Nodes): Nodes {
  let result = node
  while ((result.type === 'blockquote' || result.type === 'list' || result.type === 'listItem') && result.children.length > 0) {
    result = result.children.at(-1)!
  }

  return result
}

/**
 * Whether mdast-util-to-markdown writes a blank line between two blocks of a
 * tight list item (its `joinDefaults`, `lib/join.js`, not exported): then
 * the item reads back as loose. Fenced code and ATX headings assumed.
 */
function needsBlankLine(left: Nodes, right: Nodes): boolean {
  if (left.type === 'html' && [undefined, 6, 7].includes(htmlKind(left.value))) return true
  if (left.type === 'blockquote' && right.type === 'blockquote') return true
  if (
    (left.type === 'paragraph' || left.type === 'definition') &&
    right.type === 'list' &&
    ((right.ordered && typeof right.start === 'number' && right.start !== 1) || startsEmpty(right))
  ) {
    return true
  }

  if (left.type === 'paragraph' && right.type === 'thematicBreak') return true
  const last = tail(left)
  if (last.type !== 'paragraph' && last.type !== 'definition') return false
  if (right.type === 'html' && [undefined, 7].includes(htmlKind(right.value))) return true
  return (left.type === 'paragraph' || left !== last) && (right.type === 'definition' || right.type === 'paragraph')
}

/** Its first item is empty, also in a list first in it (`-`, `- -`): such an item cannot interrupt a paragraph. */
function startsEmpty(list: List): boolean {
  const first = list.children[0]
  if (!first) return false
  const inner = first.children[0]
  return inner === undefined || (inner.type === 'list' && startsEmpty(inner))
}

/** Blocks that need blank lines around them inside a list item. */
const spaced = new Set(['code', 'table', 'heading', 'thematicBreak', 'html'])

/**
 * Code, tables and headings need blank lines around them (MD031, MD058,
 * MD022), also inside lists: every list and item around them becomes loose,
 * so converting again gives the same.
 */
function looseAround(ancestors: Nodes[]): void {
  for (const ancestor of ancestors) {
    if (ancestor.type === 'list') ancestor.spread = true
    if (ancestor.type === 'listItem' && ancestor.children.length > 1) ancestor.spread = true
  }
}
