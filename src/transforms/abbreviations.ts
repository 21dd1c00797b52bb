/**
 * Abbreviations (src/syntax/abbreviation.ts): each use becomes
 * `<abbr title="…">HTML</abbr>` (allowed by GitHub and the lint
 * configuration); the definition lines, which HedgeDoc does not show, go.
 */
import {sourceOf} from '../util/tree.js'
import type {VFile} from 'vfile'
import type {PhrasingContent, Root} from 'mdast'
import {visit, SKIP} from '../util/visit.js'
import {attribute} from './images.js'

export default function remarkAbbreviations() {
  return function (tree: Root, file: VFile) {
    if (!sourceOf(file).includes('*[')) return
    visit(tree, function (node, index, parent) {
      if (!parent || index === undefined) return undefined
      if (node.type === 'abbreviationDefinition') {
        parent.children.splice(index, 1)
        return [SKIP, index]
      }

      if (node.type !== 'abbreviation') return undefined
      const replacement: PhrasingContent[] = [{type: 'html', value: `<abbr title="${attribute(node.title)}">`}, ...node.children, {type: 'html', value: '</abbr>'}]
      ;(parent.children as PhrasingContent[]).splice(index, 1, ...replacement)
      return [SKIP, index + replacement.length]
    })
  }
}
