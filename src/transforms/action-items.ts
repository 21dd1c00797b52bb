/**
 * Action items, as people write them: `AI @handle: text`, `AI: @handle text`,
 * `_AI @handle: …_`, `… (AI @handle)`, `- [ ] @handle text`. They are
 * recognised (who, what, line) and stored as data for templates; the note
 * itself does not change. Items under an "Action items" heading (what the
 * `summary` template writes) are not collected again.
 */
import type {Nodes, Paragraph, PhrasingContent, Root} from 'mdast'
import type {VFile} from 'vfile'
import {sourceOf} from '../util/tree.js'
import {toString} from 'mdast-util-to-string'
import {visitParents} from '../util/visit.js'

export interface ActionItem {
  /** GitHub handles (without `@`) of who does it; empty when unnamed. */
  owners: string[]
  /** What is to be done. */
  text: string
  line: number | undefined
}

declare module 'vfile' {
  interface DataMap {
    actionItems: ActionItem[]
  }
}

const handles = /^((?:@[A-Za-z\d][\w-]*(?:\s*(?:,|&|\band\b|\/)\s*|\s+))*@[A-Za-z\d][\w-]*)\s*[:,-]?\s*/
const leading = /^\s*(?:action item|AI)\b\s*:?\s*/i
const trailing = /\s*\(\s*AI\s*:?\s*((?:@[A-Za-z\d][\w-]*[\s,&]*)+)\)\s*/i

function owners(value: string): string[] {
  return [...value.matchAll(/@([A-Za-z\d][\w-]*)/g)].map((match) => match[1]!)
}

/** Parse one line of text; `undefined` when it is no action item. */
function parseActionItem(line: string, task = false): Omit<ActionItem, 'line'> | undefined {
  const text = line.replace(/^[\s_*]+|[\s_*]+$/g, '')

  if (leading.test(text)) {
    const rest = text.replace(leading, '')
    const who = handles.exec(rest)
    if (who) return {owners: owners(who[1]!), text: rest.slice(who[0].length).trim()}
    return rest ? {owners: [], text: rest} : undefined
  }

  // `Topic: AI @handle: text` in the middle of a line.
  const middle = /(?:^|[:;–—-]\s+)AI\b\s*:?\s*(?=@)/i.exec(text)
  if (middle) {
    const rest = text.slice(middle.index + middle[0].length)
    const who = handles.exec(rest)
    if (who) return {owners: owners(who[1]!), text: rest.slice(who[0].length).trim()}
  }

  const inline = trailing.exec(text)
  if (inline) {
    const what = (text.slice(0, inline.index) + ' ' + text.slice(inline.index + inline[0].length)).trim()
    return {owners: owners(inline[1]!), text: what}
  }

  if (task) {
    const who = handles.exec(text)
    if (who) return {owners: owners(who[1]!), text: text.slice(who[0].length).trim()}
  }

  return undefined
}

/** Text of each line of a paragraph. */
function paragraphLines(paragraph: Paragraph): Array<{text: string; line: number | undefined}> {
  const result: Array<{text: string; line: number | undefined}> = []
  let current: PhrasingContent[] = []
  let line = paragraph.position?.start.line
  const flush = () => {
    result.push({text: toString({type: 'paragraph', children: current}), line})
    current = []
  }

  for (const child of paragraph.children) {
    if (child.type === 'break') {
      flush()
      line = child.position ? child.position.end.line : line === undefined ? undefined : line + 1
      continue
    }

    current.push(child)
  }

  flush()
  return result.flatMap(function (entry) {
    const parts = entry.text.split('\n')
    return parts.map((text, index) => ({text, line: entry.line === undefined ? undefined : entry.line + index}))
  })
}

export default function remarkActionItems() {
  return function (tree: Root, file: VFile) {
    const items: ActionItem[] = []
    file.data.actionItems = items
    if (!/\bAI\b|action item|\[ \]/i.test(sourceOf(file))) return
    let inSummary: number | undefined

    for (const node of tree.children) {
      if (node.type === 'heading') {
        if (inSummary !== undefined && node.depth <= inSummary) inSummary = undefined
        if (/^action items$/i.test(toString(node).trim())) inSummary = node.depth
      }

      if (inSummary !== undefined) continue
      visitParents(node as Nodes, 'paragraph', function (paragraph, ancestors) {
        const parent = ancestors.at(-1)
        const task = parent?.type === 'listItem' && parent.checked === false && parent.children[0] === paragraph
        for (const [index, {text, line}] of paragraphLines(paragraph).entries()) {
          const item = parseActionItem(text, task && index === 0)
          if (item && item.text) items.push({...item, line})
        }
      })
    }
  }
}
