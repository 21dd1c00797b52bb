/**
 * Math (src/syntax/math.ts) as GitHub renders it: `$…$` inline stays;
 * display math `$$…$$` that is a paragraph of its own becomes a block, its
 * `$$` fences on their own lines (how GitHub shows display math).
 */
import {sourceOf} from '../util/tree.js'
import type {VFile} from 'vfile'
import type {Paragraph, Root} from 'mdast'
import type {InlineMath, Math} from 'mdast-util-math'
import {visit} from '../util/visit.js'

/** A paragraph of only display math as a math block, else `undefined`. */
export function displayMath(node: Paragraph): Math | undefined {
  // `[color=…]` is dropped later (transforms/extra-tags.ts): the math is alone then.
  const meaningful = node.children.filter(
    (child) => !(child.type === 'text' && !child.value.trim()) && child.type !== 'break' && !(child.type === 'hedgedocTag' && child.name === 'color')
  )
  const only = meaningful[0] as InlineMath | undefined
  if (meaningful.length !== 1 || only?.type !== 'inlineMath' || !only.data?.hedgedocDisplay) return undefined
  const value = only.value.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '')
  return {type: 'math', value, meta: null, ...(node.position ? {position: node.position} : {})}
}

export default function remarkMath() {
  return function (tree: Root, file: VFile) {
    if (!sourceOf(file).includes('$$')) return
    visit(tree, 'paragraph', function (node, index, parent) {
      if (!parent || index === undefined) return undefined
      const block = displayMath(node)
      if (block) (parent.children as unknown[])[index] = block
      return undefined
    })
  }
}
