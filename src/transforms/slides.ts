/**
 * Slide decks (`type: slide`): reveal.js attribute comments
 * (`<!-- .slide: … -->`, `<!-- .element: … -->`) only configure HedgeDoc's
 * slide view and are removed. Separators (`---`, `----`) are thematic breaks
 * and are written as one `---` style by the stringifier.
 */
import type {Root} from 'mdast'
import {visit, SKIP} from 'unist-util-visit'

const revealComment = /^<!--\s*\.(?:slide|element)\s*:[\s\S]*?-->$/

export default function remarkSlides() {
  return function (tree: Root) {
    visit(tree, 'html', function (node, index, parent) {
      if (!parent || index === undefined || !revealComment.test(node.value.trim())) return
      parent.children.splice(index, 1)
      return [SKIP, index]
    })
  }
}
