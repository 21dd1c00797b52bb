/**
 * Lists as the note meant them, before other plugins look inside them:
 *
 * - adjacent bullet lists (a `*` list after a `-` list, which CommonMark reads
 *   as two lists) become one list, so one bullet style fits them (MD004);
 * - a numbered list that continues an earlier one (`2)` after a paragraph
 *   after `1)`) takes the blocks between into the earlier list, as
 *   markdownlint suggests (MD029);
 * - one that continues nothing becomes a bullet list keeping its numbers as
 *   text (`- 2\\. …`), since GitHub would renumber it from 1.
 */
import type {Nodes, Parent, PhrasingContent, Root, RootContent} from 'mdast'
import {visitFlow} from '../util/tree.js'

/** Blocks that may stand between two parts of one numbered list. */
const between = new Set(['paragraph', 'html', 'code', 'blockquote', 'table', 'definition'])

/** Join numbered lists that continue an earlier one; others keep their numbers as text. */
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

    // Nothing to continue: the numbers readers saw are kept as text, in
    // the item around a lone one (`- 2. x`), else in a bullet list.
    if (parent.type === 'listItem' && parent.children.length === 1 && node.children.length === 1) {
      const item = node.children[0]!
      const first = item.children[0]
      const number: PhrasingContent = {type: 'text', value: `${node.start ?? 1}. `}
      if (first?.type === 'paragraph') first.children.unshift(number)
      else item.children.unshift({type: 'paragraph', children: [{...number, value: number.value.trimEnd()}]})
      children.splice(index, 1, ...(item.children as RootContent[]))
      ;(parent as Nodes & {spread?: boolean | null}).spread = Boolean(item.spread)
      continue
    }

    for (const [offset, item] of node.children.entries()) {
      const number: PhrasingContent = {type: 'text', value: `${(node.start ?? 1) + offset}. `}
      const first = item.children[0]
      if (first?.type === 'paragraph') {
        first.children.unshift(number)
      } else {
        item.children.unshift({type: 'paragraph', children: [{...number, value: number.value.trimEnd()}]})
        // The number is a paragraph of its own now, apart from the block after it.
        if (item.children.length > 1) {
          item.spread = true
          node.spread = true
        }
      }
    }

    node.ordered = false
    node.start = null
  }

}

/** Merge bullet lists side by side; the blank lines between them say nothing about looseness. */
export function mergeBulletLists(parent: Parent): void {
  const children = parent.children as Nodes[]
  for (let index = 1; index < children.length; index++) {
    const before = children[index - 1]!
    const node = children[index]!
    if (before.type === 'list' && node.type === 'list' && !before.ordered && !node.ordered) {
      const at = before.children.length
      before.children.push(...node.children)
      before.spread = Boolean(before.spread || node.spread)
      before.data = {...before.data, merged: [...(before.data?.merged ?? []), at]}
      children.splice(index, 1)
      index--
    }
  }
}

declare module 'mdast' {
  interface ListData {
    /** Joined from lists that were apart in the note: where each joined list's items start. */
    merged?: number[]
  }
}

export default function remarkLists() {
  return function (tree: Root) {
    visitFlow(tree, function (node) {
      if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading') {
        continueNumbering(node as Parent)
        mergeBulletLists(node as Parent)
      }

      return undefined
    })
  }
}
