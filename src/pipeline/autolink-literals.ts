/**
 * GFM autolink literals (`https://…`, `www.…`, `a@b.org`) found only in the
 * text that can hold one.
 *
 * mdast-util-gfm-autolink-literal (which remark-gfm uses) finds the literals
 * micromark cannot see with a tree transform: four patterns, each a walk of
 * the whole tree and a regular expression over every text node. That was a
 * fifth of the parse time of the corpus, though most text has no `x@y.`,
 * `://` or `www.`. `scopeAutolinkLiterals` swaps, in a processor's from-markdown
 * extensions, that transform for one that runs the very same transform on
 * the parents of text that has one of those, outside links: the same tree
 * (each text node is searched on its own, the patterns in the same order).
 */
import type {Nodes, Parents, Root} from 'mdast'
import type {Extension as FromMarkdownExtension} from 'mdast-util-from-markdown'
import {gfmAutolinkLiteralFromMarkdown} from 'mdast-util-gfm-autolink-literal'
import {SKIP, visit} from '../util/visit.js'

const transform = gfmAutolinkLiteralFromMarkdown().transforms![0]!

/** What every literal the patterns find contains: `x@y.`, `://` or `www.` (not a bare `@handle`). */
const candidate = /[\w+.-]@[\w-]+\.|:\/\/|www\./i

/** The autolink literal transform, on the parents of text that may hold a literal. */
export function autolinkLiterals(tree: Root): undefined {
  const parents = new Set<Parents>()
  visit(tree, function (node: Nodes, _, parent: Parents | undefined) {
    if (node.type === 'link' || node.type === 'linkReference') return SKIP
    if (node.type === 'text' && parent && candidate.test(node.value)) parents.add(parent)
    return undefined
  })
  // The transform walks what it is given; a paragraph is as good as a root.
  for (const parent of parents) transform(parent as Root)
}

type Extensions = Array<FromMarkdownExtension | Extensions>

/** Replace the autolink literal transform in `extensions` (nested lists too); true when it was found. */
export function scopeAutolinkLiterals(extensions: Extensions): boolean {
  let found = false
  for (const [index, extension] of extensions.entries()) {
    if (Array.isArray(extension)) {
      found = scopeAutolinkLiterals(extension) || found
    } else if (extension.transforms?.includes(transform)) {
      extensions[index] = {...extension, transforms: extension.transforms.map((each) => (each === transform ? autolinkLiterals : each))}
      found = true
    }
  }

  return found
}
