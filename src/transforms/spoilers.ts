/**
 * HackMD's, CodiMD's and HedgeDoc 2's `:::spoiler [title]` containers
 * (src/syntax/container.ts) → a `<details>` block GitHub shows folded:
 * `<details>`, `<summary>title</summary>`, the content as Markdown (blank
 * lines around it, so GitHub renders it), `</details>`. Without a title the
 * summary is the one browsers show for a `<details>` without one.
 */
import {sourceOf} from '../util/tree.js'
import type {VFile} from 'vfile'
import type {Html, Root, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {visitParents} from '../util/visit.js'
import {containerTitle, type HedgedocContainer} from '../syntax/container.js'

export interface Options {
  /** Summary of a spoiler without a title. Default: `'Details'`. */
  summary?: string
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export default function remarkSpoilers(options: Options = {}) {
  const fallback = options.summary ?? 'Details'
  return function (tree: Root, file: VFile) {
    if (!sourceOf(file).includes(':::')) return
    const found: Array<[HedgedocContainer, {children: unknown[]}]> = []
    visitParents(tree, 'hedgedocContainer', function (node: HedgedocContainer, ancestors) {
      const parent = ancestors.at(-1)
      if (parent && node.name === 'spoiler') found.push([node, parent])
    })
    // Inner spoilers first, so an outer one takes its converted children.
    for (const [node, parent] of found.reverse()) {
      const title = containerTitle(node)
      const summary = (title ? toString(title).trim() : '') || fallback
      const open: Html = {type: 'html', value: `<details>\n<summary>${escapeHtml(summary)}</summary>`}
      const close: Html = {type: 'html', value: '</details>'}
      const content = (title ? node.children.slice(1) : node.children) as RootContent[]
      parent.children.splice(parent.children.indexOf(node), 1, open, ...content, close)
    }
  }
}
