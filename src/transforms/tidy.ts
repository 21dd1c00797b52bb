/**
 * Last structural touches so the output passes markdownlint
 * (../shared/markdownlint.jsonc) and converts to itself:
 *
 * - adjacent bullet lists (a `*` list after a `-` list) are merged into one
 *   list (MD004: one bullet style); adjacent numbered lists and adjacent
 *   quotes are kept apart by an HTML comment (MD028, and so `1.` stays `1.`);
 * - table rows get as many cells as the widest row (MD056), the header too,
 *   so no cell is lost;
 * - paragraphs and headings lose whitespace and breaks at their edges, left
 *   by removed HTML (MD009, and a trailing `\` would turn into text);
 * - a numbered list that continues an earlier one (`2)` after a paragraph
 *   after `1)`) takes the blocks between into the earlier list, as
 *   markdownlint suggests (MD029); one that continues nothing keeps its
 *   numbers as text (`2\. …`), since GitHub would renumber it;
 * - list items holding code or a table get blank lines around them
 *   (MD031, MD058), which makes their list loose;
 * - inline code loses the spaces at its edges (MD038).
 */
import type {Html, List, Nodes, Parent, PhrasingContent, Root, RootContent, TableRow} from 'mdast'
import {visitParents, SKIP} from 'unist-util-visit-parents'

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
    for (const child of result) {
      if (child.type === 'inlineCode' && child.value.trim() && child.value.trim() !== child.value) child.value = child.value.trim()
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
  return function (tree: Root) {
    visitParents(tree, function (node: Nodes, ancestors) {
      if (spaced.has(node.type)) looseAround(ancestors)

      if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
        node.children = trimPhrasing(node.children)
        return SKIP
      }

      if (node.type === 'table') {
        padRows(node.children)
        const width = node.children[0]!.children.length
        if (node.align && node.align.length < width) {
          node.align = [...node.align, ...Array<null>(width - node.align.length).fill(null)]
        }
      }

      if ('children' in node) {
        continueNumbering(node as Parent)
        separateSiblings(node as Parent)
      }

      return undefined
    })
  }
}

function separateSiblings(parent: Parent): void {
  const children = parent.children as Nodes[]
  for (let index = 1; index < children.length; index++) {
    const before = children[index - 1]!
    const node = children[index]!
    if (before.type === 'list' && node.type === 'list' && !before.ordered && !node.ordered) {
      before.children.push(...node.children)
      before.spread = Boolean(before.spread || node.spread)
      children.splice(index, 1)
      index--
    } else if ((before.type === 'list' && node.type === 'list' && before.ordered && node.ordered) || (before.type === 'blockquote' && node.type === 'blockquote')) {
      children.splice(index, 0, separator())
    }
  }
}

/** Blocks that need blank lines around them inside a list item. */
const spaced = new Set(['code', 'table', 'heading'])

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

/** Blocks that may stand between two parts of one numbered list. */
const between = new Set(['paragraph', 'html', 'code', 'blockquote', 'table', 'definition'])

function continueNumbering(parent: Parent): void {
  const children = parent.children as RootContent[]
  for (let index = 0; index < children.length; index++) {
    const node = children[index]!
    if (node.type !== 'list' || !node.ordered || (node.start ?? 1) <= 1) continue

    let previous = index - 1
    while (previous >= 0 && between.has(children[previous]!.type)) previous--
    const earlier = children[previous]
    if (earlier?.type === 'list' && earlier.ordered && (earlier.start ?? 1) + earlier.children.length === node.start) {
      const moved = children.slice(previous + 1, index)
      const last = earlier.children.at(-1)!
      last.children.push(...(moved as typeof last.children))
      earlier.children.push(...node.children)
      if (moved.length > 0) {
        last.spread = true
        earlier.spread = true
      }

      earlier.spread = Boolean(earlier.spread || node.spread)
      children.splice(previous + 1, index - previous)
      index = previous
      continue
    }

    // Nothing to continue: keep the numbers readers saw as text.
    const blocks: RootContent[] = []
    for (const [offset, item] of node.children.entries()) {
      const number: PhrasingContent = {type: 'text', value: `${(node.start ?? 1) + offset}. `}
      const first = item.children[0]
      if (first?.type === 'paragraph') first.children.unshift(number)
      else item.children.unshift({type: 'paragraph', children: [{...number, value: number.value.trimEnd()}]})
      blocks.push(...(item.children as RootContent[]))
    }

    children.splice(index, 1, ...blocks)
    index += blocks.length - 1
  }
}
