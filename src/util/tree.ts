/**
 * Visiting only the block structure of a tree: most nodes of a note are
 * phrasing (text, emphasis, links inside paragraphs), and a plugin looking for
 * headings, lists or code need not walk them. unist-util-visit with `SKIP`
 * at phrasing containers.
 */
import type {Nodes, Parents} from 'mdast'
import {visit, SKIP, type VisitorResult} from './visit.js'

const phrasingContainers = new Set(['paragraph', 'heading', 'tableCell', 'code', 'html', 'yaml', 'definition', 'thematicBreak'])

export function visitFlow(
  tree: Nodes,
  visitor: (node: Nodes, index: number | undefined, parent: Parents | undefined) => VisitorResult
): void {
  visit(tree, function (node: Nodes, index, parent: Parents | undefined) {
    const result = visitor(node, index, parent)
    if (result !== undefined) return result
    return phrasingContainers.has(node.type) ? SKIP : undefined
  })
}

declare module 'vfile' {
  interface DataMap {
    /** The Markdown that was parsed, when it is not the file's value (nesting flattened by parse-guard). */
    parsedSource: string
  }
}

/** The Markdown a tree was parsed from. */
export function sourceOf(file: {value: unknown; data: {parsedSource?: string}}): string {
  return file.data.parsedSource ?? String(file.value)
}
