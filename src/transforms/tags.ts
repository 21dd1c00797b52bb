/**
 * HedgeDoc's `###### tags: a b` line (src/syntax/tags-heading.ts) is the
 * note's tags when the front matter has none (as HedgeDoc reads them): it
 * goes into `file.data.tags` and leaves the minutes, like the front matter's
 * `tags:`.
 */
import {sourceOf} from '../util/tree.js'
import type {Root} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {VFile} from 'vfile'
import {visit, SKIP} from '../util/visit.js'
import {tagsOf} from '../syntax/tags-heading.js'

export default function remarkTags() {
  return function (tree: Root, file: VFile) {
    if (!sourceOf(file).includes('tags')) return
    visit(tree, 'hedgedocTags', function (node, index, parent) {
      if (!parent || index === undefined) return undefined
      if (!file.data.tags || file.data.tags.length === 0) file.data.tags = tagsOf(node)
      ;(file.data.removed ??= []).push(`tags ${toString(node)}`)
      parent.children.splice(index, 1)
      return [SKIP, index]
    })
  }
}
