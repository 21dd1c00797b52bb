/**
 * Slide decks (`type: slide`): reveal.js attribute comments
 * (`<!-- .slide: … -->`, `<!-- .element: … -->`) only configure HedgeDoc's
 * slide view and are removed. Separators (`---`, `----`) are thematic breaks
 * and are written as one `---` style by the stringifier.
 */
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {sourceOf} from '../util/tree.js'
import {visit, SKIP} from '../util/visit.js'

const revealComment = /^<!--\s*\.(?:slide|element)\s*:[\s\S]*?-->$/

export default function remarkSlides() {
  return function (tree: Root, file: VFile) {
    if (!sourceOf(file).includes('<!--')) return
    visit(tree, 'html', function (node, index, parent) {
      if (!parent || index === undefined || !revealComment.test(node.value.trim())) return
      parent.children.splice(index, 1)
      return [SKIP, index]
    })
  }
}
