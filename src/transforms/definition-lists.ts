/**
 * Definition lists (src/syntax/definition-list.ts) → `<dl>`, `<dt>`,
 * `<dd>`, which GitHub and the lint configuration allow. A term or a
 * definition of plain text is written inside its tag; one with Markdown
 * (links, emphasis, several blocks) gets its tags on lines of their own
 * with the Markdown between blank lines, so GitHub still renders it.
 */
import {sourceOf} from '../util/tree.js'
import type {VFile} from 'vfile'
import type {BlockContent, Html, Paragraph, PhrasingContent, Root, RootContent} from 'mdast'
import {visit, SKIP} from '../util/visit.js'
import {allowedElements} from '../syntax/html-flow.js'
import type {DefList} from '../syntax/definition-list.js'
import {displayMath} from './math.js'

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Phrasing as HTML when it is only text and allowed inline HTML; else `undefined`. */
function plain(children: PhrasingContent[]): string | undefined {
  let html = ''
  for (const child of children) {
    if (child.type === 'text') html += escapeHtml(child.value)
    else if (child.type === 'html' && allowedElements.has(/^<\/?([a-z]+)/i.exec(child.value)?.[1]?.toLowerCase() ?? '')) html += child.value
    else return undefined
  }

  return html.includes('\n') ? undefined : html
}

function convert(node: DefList): RootContent[] {
  const result: RootContent[] = []
  let lines: string[] = ['<dl>']
  const flush = () => {
    if (lines.length > 0) result.push({type: 'html', value: lines.join('\n')} satisfies Html)
    lines = []
  }

  for (const child of node.children) {
    const tag = child.type === 'defListTerm' ? 'dt' : 'dd'
    const paragraph: Paragraph | undefined =
      child.type === 'defListTerm' ? {type: 'paragraph', children: child.children} : child.children.length === 1 && child.children[0]!.type === 'paragraph' ? child.children[0] : undefined
    const inline = paragraph ? plain(paragraph.children) : child.children.length === 0 ? '' : undefined
    if (inline !== undefined) {
      lines.push(`<${tag}>${inline}</${tag}>`)
      continue
    }

    lines.push(`<${tag}>`)
    flush()
    // A term is a paragraph now: one of display math is a math block, as remarkMath makes it.
    result.push(...((child.type === 'defListTerm' ? [displayMath(paragraph!) ?? paragraph!] : child.children) as BlockContent[]))
    lines.push(`</${tag}>`)
  }

  lines.push('</dl>')
  flush()
  return result
}

export default function remarkDefinitionLists() {
  return function (tree: Root, file: VFile) {
    if (!/^[ \t>]*[:~](?:[ \t]|$)/m.test(sourceOf(file))) return
    visit(tree, 'defList', function (node, index, parent) {
      if (!parent || index === undefined) return undefined
      const replacement = convert(node)
      ;(parent.children as RootContent[]).splice(index, 1, ...replacement)
      return [SKIP, index + replacement.length]
    })
  }
}
