/**
 * HedgeDoc's inline marks → the HTML GitHub allows:
 * `==x==` → `<mark>`, `++x++` → `<ins>`, `~x~` → `<sub>`, `^x^` → `<sup>`.
 * remark-gfm runs with `singleTilde: false`, so `~x~` is never strikethrough.
 * Like markdown-it-sub/-sup, `~x~` and `^x^` take no unescaped spaces.
 */
import type {Nodes, PhrasingContent, Root} from 'mdast'
import type {VFile} from 'vfile'
import {sourceOf} from '../util/tree.js'
import type {ReplaceFunction} from 'mdast-util-find-and-replace'
import {findAndReplaceKeepingRaw} from '../util/find-and-replace.js'

function wrap(tag: string): ReplaceFunction {
  return function (_: string, content: string) {
    const nodes: PhrasingContent[] = [
      {type: 'html', value: `<${tag}>`},
      {type: 'text', value: content},
      {type: 'html', value: `</${tag}>`}
    ]
    return nodes
  }
}

export default function remarkInlineMarks() {
  return function (tree: Root, file: VFile) {
    if (!/==|\+\+|~|\^/.test(sourceOf(file))) return
    // Not inside autolinked URLs (`https://x.org/a~b~`), which HedgeDoc links as they are.
    const ignore = (value: unknown) => {
      const node = value as Nodes
      return node.type === 'link' && node.children.length === 1 && node.children[0]!.type === 'text' && node.children[0].value === node.url.replace(/^mailto:/, '')
    }
    findAndReplaceKeepingRaw(tree, [
      [/==(?![\s=])([^=\n]*?[^\s=])==/g, wrap('mark')],
      [/\+\+(?![\s+])([^+\n]*?[^\s+])\+\+/g, wrap('ins')],
      [/(?<!~)~([^~\s]+)~(?!~)/g, wrap('sub')],
      [/\^([^^\s[\]]+)\^/g, wrap('sup')]
    ], {ignore})
  }
}
