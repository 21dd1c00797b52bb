/**
 * Inline footnotes, `^[text]` (src/syntax/inline-footnote.ts), become GFM
 * footnotes: a reference `[^n]` where the note was, its definition at the
 * end of the note, numbered after the note's own footnotes.
 */
import {sourceOf} from '../util/tree.js'
import type {VFile} from 'vfile'
import type {FootnoteDefinition, Root} from 'mdast'
import {visit} from '../util/visit.js'

export default function remarkFootnotes() {
  return function (tree: Root, file: VFile) {
    if (!sourceOf(file).includes('^[')) return
    const used = new Set<string>()
    visit(tree, function (node) {
      if (node.type === 'footnoteDefinition' || node.type === 'footnoteReference') used.add(node.identifier.toLowerCase())
    })
    const definitions: FootnoteDefinition[] = []
    let number = 0
    visit(tree, 'inlineFootnote', function (node, index, parent) {
      if (!parent || index === undefined) return undefined
      do number++
      while (used.has(String(number)))
      const identifier = String(number)
      definitions.push({type: 'footnoteDefinition', identifier, label: identifier, children: [{type: 'paragraph', children: node.children}]})
      parent.children[index] = {type: 'footnoteReference', identifier, label: identifier}
      return undefined
    })
    tree.children.push(...definitions)
  }
}
