/**
 * HedgeDoc's `[name=X]`, `[time=T]` and `[color=C]` tags. HedgeDoc only
 * renders them inside blockquote paragraphs and list items (elsewhere they stay
 * literal, and so they do here): name and time become small text,
 * `[color=…]` is dropped (it only coloured the quote's border).
 */
import type {PhrasingContent, Root} from 'mdast'
import type {ReplaceFunction} from 'mdast-util-find-and-replace'
import {findAndReplaceKeepingRaw} from '../util/find-and-replace.js'
import type {VFile} from 'vfile'
import {sourceOf} from '../util/tree.js'
import {visitParents} from 'unist-util-visit-parents'

function small(value: string): PhrasingContent[] {
  return [{type: 'html', value: '<small>'}, {type: 'text', value}, {type: 'html', value: '</small>'}]
}

const tags: Array<[RegExp, ReplaceFunction]> = [
  [/\[name=(.*?)\]/g, (_: string, name: string) => small(`— ${name.trim()}`)],
  [/\[time=([:,.+()\s\w-]*?)\]/g, (_: string, time: string) => small(time.trim())],
  [/[ \t]*\[color=([#()\s,\w]*?)\]/g, () => '']
]

export default function remarkExtraTags() {
  return function (tree: Root, file: VFile) {
    if (!/\[(?:name|time|color)=/.test(sourceOf(file))) return
    visitParents(tree, 'paragraph', function (node, ancestors) {
      if (!ancestors.some((ancestor) => ancestor.type === 'blockquote' || ancestor.type === 'listItem')) return
      const text = node.children.some((child) => child.type === 'text' && child.value.includes('['))
      if (!text) return
      findAndReplaceKeepingRaw(node, tags, {ignore: ['link', 'linkReference']})
    })
  }
}
