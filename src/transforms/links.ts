/**
 * Links: text is trimmed (markdownlint MD039), a line break at its edge moves
 * outside the link, links to nothing (`[x]()`,
 * `[x](#)`) become their text (MD042), and links to other notes on the
 * HedgeDoc server are reported (`hedgedoc-link`): they point at a document
 * that can still change or go away. A `resolve` function (migrate: notes of
 * the same batch) can point such a link at the note's minutes instead; the
 * link text stays as written and the old URL is listed in `removed`.
 */
import type {PhrasingContent, Root} from 'mdast'
import type {VFile} from 'vfile'
import {visit} from '../util/visit.js'

export interface NoteLink {
  url: string
  line: number | undefined
  column: number | undefined
  /** What `resolve` made of the link; absent when the link stays. */
  resolved?: string
}

declare module 'vfile' {
  interface DataMap {
    /** Links to other notes on the HedgeDoc server. */
    noteLinks: NoteLink[]
  }
}

export interface Options {
  /** HedgeDoc server whose note links are reported. Default: `https://input.scs.community`. */
  hedgedocUrl?: string
  /**
   * Map a note URL to the link to write instead (such as the relative path
   * of that note's minutes); `undefined` keeps the link, which is reported.
   * Default: every note link stays.
   */
  resolve?: (url: string) => string | undefined
}

/** Whether `url` is a note (not an upload or a page) on the HedgeDoc server at `base`. */
function isNoteUrl(url: string, base: URL): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }

  if (parsed.host !== base.host) return false
  const path = parsed.pathname.replace(/\/+$/, '')
  if (!path || path === base.pathname.replace(/\/+$/, '')) return false
  return !/^\/(uploads|js|css|images|vendor|build|docs|status|config|login|logout|register|auth|me|history|new|features)(\/|$)/.test(path)
}

/** A hard break, or text of only whitespace, at an edge of a link's text. */
function isEdge(node: PhrasingContent): boolean {
  return node.type === 'break' || (node.type === 'text' && node.value.trim() === '')
}

function trimEdges(children: PhrasingContent[]): void {
  const first = children[0]
  if (first?.type === 'text' && /^\s/.test(first.value)) {
    first.value = first.value.trimStart()
    delete first.data
  }

  const last = children.at(-1)
  if (last?.type === 'text' && /\s$/.test(last.value)) {
    last.value = last.value.trimEnd()
    delete last.data
  }
}

export default function remarkLinks(options: Options = {}) {
  const base = new URL(options.hedgedocUrl ?? 'https://input.scs.community')
  return function (tree: Root, file: VFile) {
    const noteLinks: NoteLink[] = []
    visit(tree, 'link', function (node, index, parent) {
      // A line break at an edge of the text (`[spec` + newline + `](url)`)
      // goes outside the link: the reader sees the same break, and the link
      // text has no space at its edge (MD039).
      if (parent && index !== undefined) {
        const before: PhrasingContent[] = []
        const after: PhrasingContent[] = []
        while (node.children.length > 0 && isEdge(node.children[0]!)) {
          const edge = node.children.shift()!
          if (edge.type === 'break') before.push(edge)
        }

        while (node.children.length > 0 && isEdge(node.children.at(-1)!)) {
          const edge = node.children.pop()!
          if (edge.type === 'break') after.unshift(edge)
        }

        if (before.length > 0 || after.length > 0) {
          parent.children.splice(index, 1, ...before, node, ...after)
          return index + before.length
        }
      }

      trimEdges(node.children)
      const url = node.url.trim()
      if ((url === '' || url === '#') && parent && index !== undefined) {
        parent.children.splice(index, 1, ...node.children)
        return index
      }

      if (isNoteUrl(url, base)) {
        const resolved = options.resolve?.(url)
        if (resolved !== undefined) {
          noteLinks.push({url, line: node.position?.start.line, column: node.position?.start.column, resolved})
          node.url = resolved
          file.data.removed ??= []
          file.data.removed.push(url)
          return undefined
        }

        noteLinks.push({url, line: node.position?.start.line, column: node.position?.start.column})
        file.message(`Unexpected link to HedgeDoc note \`${url}\`, expected a link to a document that does not change; the note can still change or go away`, {
          place: node.position,
          ruleId: 'hedgedoc-link',
          source: 'minutes'
        })
      }

      return undefined
    })
    file.data.noteLinks = noteLinks
  }
}
