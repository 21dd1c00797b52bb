/**
 * Math (src/syntax/math.ts) as GitHub renders it: `$…$` inline stays;
 * display math `$$…$$` that is a paragraph of its own becomes a block, its
 * `$$` fences on their own lines (how GitHub shows display math).
 */
import type {Root} from 'mdast'
import type {InlineMath} from 'mdast-util-math'
import {visit} from 'unist-util-visit'

export default function remarkMath() {
  return function (tree: Root) {
    visit(tree, 'paragraph', function (node, index, parent) {
      if (!parent || index === undefined) return undefined
      const meaningful = node.children.filter((child) => !(child.type === 'text' && !child.value.trim()) && child.type !== 'break')
      const only = meaningful[0] as InlineMath | undefined
      if (meaningful.length !== 1 || only?.type !== 'inlineMath' || !only.data?.hedgedocDisplay) return undefined
      const value = only.value.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '')
      const block = {type: 'math' as const, value, meta: null, ...(node.position ? {position: node.position} : {})}
      ;(parent.children as unknown[])[index] = block
      return undefined
    })
  }
}
