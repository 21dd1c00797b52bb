/**
 * GitHub alerts from HedgeDoc containers (`:::info` … `:::`, parsed by
 * src/syntax/container.ts: `info` → `[!NOTE]`, `success` → `[!TIP]`,
 * `warning` → `[!WARNING]`, `danger` → `[!CAUTION]`) and from alerts already
 * in the note (`> [!note]`).
 *
 * The marker is written as raw HTML so it is not escaped (`\[!NOTE]` is not an
 * alert, mdast-util-to-markdown#61), followed by a plain newline, not a hard
 * break. Alerts cannot be nested in lists or quotes on GitHub: there the
 * marker becomes a bold label in a plain quote. A container title
 * (`:::info Title`, which HedgeDoc hides) is kept as a bold first line.
 */
import type {Blockquote, BlockContent, DefinitionContent, Paragraph, PhrasingContent, Root} from 'mdast'
import type {VFile} from 'vfile'
import {sourceOf} from '../util/tree.js'
import {visitParents} from '../util/visit.js'
import {containerTitle, type HedgedocContainer} from '../syntax/container.js'

export type AlertType = 'NOTE' | 'TIP' | 'IMPORTANT' | 'WARNING' | 'CAUTION'

const marker = /^\[!(note|tip|important|warning|caution)\][ \t]*/i

const labels: Record<AlertType, string> = {
  NOTE: 'Note',
  TIP: 'Tip',
  IMPORTANT: 'Important',
  WARNING: 'Warning',
  CAUTION: 'Caution'
}

/** Split the marker line off a quote's first paragraph. */
function takeMarker(paragraph: Paragraph): {type: AlertType; title: PhrasingContent[]; rest: PhrasingContent[]} | undefined {
  const first = paragraph.children[0]
  if (first?.type !== 'text') return undefined
  const match = marker.exec(first.value)
  if (!match) return undefined
  const type = match[1]!.toUpperCase() as AlertType
  const remainder = first.value.slice(match[0].length)

  // The marker line ends at the first break or newline.
  const newline = remainder.indexOf('\n')
  const titleText = newline === -1 ? remainder : remainder.slice(0, newline)
  const afterTitle = newline === -1 ? '' : remainder.slice(newline + 1)
  const title: PhrasingContent[] = []
  if (titleText.trim()) title.push({type: 'text', value: titleText.trim()})
  let rest: PhrasingContent[] = afterTitle ? [{type: 'text', value: afterTitle}] : []
  let children = paragraph.children.slice(1)
  if (newline === -1) {
    const end = children.findIndex((child) => child.type === 'break')
    if (end === -1) {
      title.push(...children)
      children = []
    } else {
      title.push(...children.slice(0, end))
      children = children.slice(end + 1)
    }
  }

  rest = [...rest, ...children]
  return {type, title, rest}
}

/** HedgeDoc container name → GitHub alert type. */
const containerAlerts: Record<string, AlertType> = {info: 'NOTE', success: 'TIP', warning: 'WARNING', danger: 'CAUTION'}

/**
 * A container as a quote whose first paragraph starts with the marker, the
 * title and the first line of content (when it follows the fence directly),
 * as `> [!NOTE] Title` would read.
 */
function quoteOf(node: HedgedocContainer, type: AlertType): {quote: Blockquote; title: PhrasingContent[]; rest: PhrasingContent[]} {
  const title = containerTitle(node)
  const children = (title ? node.children.slice(1) : node.children) as Array<BlockContent | DefinitionContent>
  const first = children[0]
  const fence = node.position?.start.line
  const adjacent = first?.type === 'paragraph' && fence !== undefined && first.position?.start.line === fence + 1
  const rest = adjacent ? (first as Paragraph).children : []
  const paragraph: Paragraph = {type: 'paragraph', children: [{type: 'text', value: `[!${type}]`}]}
  const quote: Blockquote = {type: 'blockquote', children: [paragraph, ...(adjacent ? children.slice(1) : children)]}
  if (node.position) quote.position = node.position
  return {quote, title: title?.children ?? [], rest}
}

/**
 * A plain title in bold. Its texts lose the author's spelling (`data.raw`):
 * written as they were, markers in them (`a *`) could pair with the bold's own.
 */
function bold(title: PhrasingContent[]): PhrasingContent {
  const children = title.map((node): PhrasingContent => (node.type === 'text' ? {type: 'text', value: node.value, ...(node.position ? {position: node.position} : {})} : node))
  return {type: 'strong', children}
}

export default function remarkAlerts() {
  return function (tree: Root, file: VFile) {
    const containers = new Map<Blockquote, {type: AlertType; title: PhrasingContent[]; rest: PhrasingContent[]}>()
    const source = sourceOf(file)
    const found: Array<[HedgedocContainer, {children: unknown[]}]> = []
    if (source.includes(':::')) visitParents(tree, 'hedgedocContainer', function (node: HedgedocContainer, ancestors) {
      const parent = ancestors.at(-1)
      if (parent && node.name in containerAlerts) found.push([node, parent])
    })
    // Inner containers first, so an outer one takes its converted children.
    for (const [node, parent] of found.reverse()) {
      const type = containerAlerts[node.name]!
      const {quote, title, rest} = quoteOf(node, type)
      containers.set(quote, {type, title, rest})
      parent.children[parent.children.indexOf(node)] = quote
    }

    if (containers.size === 0 && !/\[!(?:note|tip|important|warning|caution)\]/i.test(source)) return
    visitParents(tree, 'blockquote', function (node: Blockquote, ancestors) {
      const paragraph = node.children[0]
      if (paragraph?.type !== 'paragraph') return
      const found = containers.get(node) ?? takeMarker(paragraph)
      if (!found) return
      const nested = ancestors.some((ancestor) => ancestor.type !== 'root')
      const {type, title, rest} = found

      // Bold text cannot hold bold text: a title with its own emphasis stays as written.
      const plain = title.every((node) => node.type === 'text' || node.type === 'inlineCode')
      if (nested) {
        const label: PhrasingContent[] = [{type: 'strong', children: [{type: 'text', value: labels[type] + (title.length > 0 ? ':' : '')}]}]
        if (title.length > 0) label.push({type: 'text', value: ' '}, ...(plain ? [bold(title)] : title))
        paragraph.children = [...label, ...(rest.length > 0 ? [{type: 'break'} as const, ...rest] : [])]
        return
      }

      const head: PhrasingContent[] = [{type: 'html', value: rest.length > 0 || title.length > 0 ? `[!${type}]\n` : `[!${type}]`}]
      if (title.length > 0) {
        head.push(...(plain ? [bold(title)] : title))
        if (rest.length > 0) head.push({type: 'break'})
      }

      paragraph.children = [...head, ...rest]
    })
  }
}
