/**
 * HedgeDoc's `[name=X]`, `[time=T]` and `[color=C]` tags (parsed by
 * src/syntax/extra-tags.ts, in quotes and list items only, as HedgeDoc
 * renders them): name and time become small text, `[color=…]` is dropped
 * (it only coloured the quote's border), with the space before it.
 */
import {sourceOf} from '../util/tree.js'
import type {VFile} from 'vfile'
import type {PhrasingContent, Root} from 'mdast'
import {visit} from '../util/visit.js'

function small(value: string): PhrasingContent[] {
  return [{type: 'html', value: '<small>'}, {type: 'text', value}, {type: 'html', value: '</small>'}]
}

export default function remarkExtraTags() {
  return function (tree: Root, file: VFile) {
    if (!/\[(?:name|time|color)=/.test(sourceOf(file))) return
    visit(tree, 'hedgedocTag', function (node, index, parent) {
      if (!parent || index === undefined) return undefined
      if (node.name === 'color') {
        const before = parent.children[index - 1]
        if (before?.type === 'text' && /[ \t]$/.test(before.value)) {
          before.value = before.value.replace(/[ \t]+$/, '')
          if (before.data?.raw !== undefined) before.data.raw = before.data.raw.replace(/[ \t]+$/, '')
        }

        parent.children.splice(index, 1)
        // The texts around it become one, as they read back.
        const [left, right] = [parent.children[index - 1], parent.children[index]]
        if (left?.type === 'text' && right?.type === 'text') {
          // Escaped anew: the author's escapes were right for each part alone.
          parent.children.splice(index - 1, 2, {type: 'text', value: left.value + right.value})
          return index - 1
        }

        return index
      }

      const value = node.name === 'name' ? `— ${node.value.trim()}` : node.value.trim()
      parent.children.splice(index, 1, ...small(value))
      return index + 3
    })
  }
}
