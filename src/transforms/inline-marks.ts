/**
 * HedgeDoc's inline marks (parsed by src/syntax/marks.ts) → the HTML GitHub
 * allows: `==x==` → `<mark>`, `++x++` → `<ins>`, `~x~` → `<sub>`,
 * `^x^` → `<sup>`. Their content stays Markdown (`<mark>**a**</mark>`).
 */
import {sourceOf} from '../util/tree.js'
import type {VFile} from 'vfile'
import type {Nodes, PhrasingContent, Root} from 'mdast'
import {visit} from '../util/visit.js'

const tags = {mark: 'mark', insert: 'ins', subscript: 'sub', superscript: 'sup'} as const

export default function remarkInlineMarks() {
  return function (tree: Root, file: VFile) {
    if (!/==|\+\+|~|\^/.test(sourceOf(file))) return
    visit(tree, function (node: Nodes, index, parent) {
      if (!parent || index === undefined || !(node.type in tags)) return undefined
      const tag = tags[node.type as keyof typeof tags]
      const children = (node as {children: PhrasingContent[]}).children
      const replacement: PhrasingContent[] = [{type: 'html', value: `<${tag}>`}, ...children, {type: 'html', value: `</${tag}>`}]
      ;(parent.children as PhrasingContent[]).splice(index, 1, ...replacement)
      // Marks inside are visited next (they are now the parent's children).
      return index + 1
    })
  }
}
