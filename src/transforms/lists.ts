/**
 * Lists as the note meant them, before other plugins look inside them:
 *
 * - adjacent bullet lists (a `*` list after a `-` list, which CommonMark reads
 *   as two lists) become one list, so one bullet style fits them (MD004);
 * - a numbered list that continues an earlier one (`2)` after a paragraph
 *   after `1)`) takes the blocks between into the earlier list, as
 *   markdownlint suggests (MD029);
 * - a lone number opening a bullet item (`- 2. item`, HedgeDoc shows a bullet
 *   and then `2.`) stays text in that item (`- 2\\. item`), sub-items and all,
 *   instead of a list of its own (`- - 2\\.`);
 * - one that continues nothing keeps its numbers: GitHub, like HedgeDoc,
 *   starts an ordered list at its first number. markdownlint wants 1 (MD029),
 *   which would change what readers see, so the list stays and is reported
 *   (`list-start`);
 * - a task check after an item's first block stays text (`keepLateCheck`).
 */
import type {List, ListItem, Nodes, Parent, PhrasingContent, Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import {visitFlow} from '../util/tree.js'

/** Blocks that may stand between two parts of one numbered list. */
const between = new Set(['paragraph', 'html', 'code', 'blockquote', 'table', 'definition'])

/** Join numbered lists that continue an earlier one; a lone number opening an item stays text; other lists starting past 1 go to `reported`. */
export function continueNumbering(parent: Parent, reported: List[] = []): void {
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

    // A lone number opening an item (`- 2. x`, with the item's other
    // blocks after it): the number is text at the start of the item.
    if (parent.type === 'listItem' && index === 0 && node.children.length === 1) {
      const item = node.children[0]!
      const first = item.children[0]
      const number: PhrasingContent = {type: 'text', value: `${node.start ?? 1}. `}
      if (first?.type === 'paragraph') first.children.unshift(number)
      else item.children.unshift({type: 'paragraph', children: [{...number, value: number.value.trimEnd()}]})
      children.splice(index, 1, ...(item.children as RootContent[]))
      const around = parent as Nodes & {spread?: boolean | null}
      around.spread = Boolean(item.spread || (around.spread && children.length > item.children.length))
      continue
    }

    reported.push(node)
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

/**
 * A task check that is not at the start of its item (`- -` then `  [x] Done`):
 * micromark's GFM task list reads it when the paragraph is the item's first
 * content, after an empty sub-item too, but GitHub shows `[x]` as text there
 * and the item's check would be written nowhere. It stays text.
 */
function keepLateCheck(item: ListItem): void {
  if (typeof item.checked !== 'boolean' || item.children[0]?.type === 'paragraph') return
  const paragraph = item.children.find((child) => child.type === 'paragraph')
  if (paragraph) {
    const first = paragraph.children[0]
    const check = item.checked ? '[x] ' : '[ ] '
    // As written (`raw`): a `[` the author wrote needs no escape.
    if (first?.type === 'text') {
      first.value = check + first.value
      if (first.data?.raw !== undefined) first.data.raw = check + first.data.raw
    } else {
      paragraph.children.unshift({type: 'text', value: check, data: {raw: check}})
    }
  }

  item.checked = null
}

export default function remarkLists() {
  return function (tree: Root, file: VFile) {
    const reported: List[] = []
    visitFlow(tree, function (node) {
      if (node.type === 'listItem') keepLateCheck(node)
      if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading') {
        continueNumbering(node as Parent, reported)
        mergeBulletLists(node as Parent)
      }

      return undefined
    })
    for (const list of reported) {
      file.message(`Unexpected ordered list starting at ${list.start}, expected 1 (markdownlint MD029); kept, since GitHub shows the numbers as the note does`, {
        place: list.position,
        ruleId: 'list-start',
        source: 'minutes'
      })
    }
  }
}
