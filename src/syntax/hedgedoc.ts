/**
 * Plugin: the HedgeDoc and HackMD dialect as syntax, for any unified
 * pipeline with remark-parse and remark-stringify. It adds each construct's
 * micromark extension (parsing), mdast-util-from-markdown extension (the
 * tree) and mdast-util-to-markdown extension (writing the HedgeDoc form
 * back), as remark-gfm does for GFM: a note is parsed once, and a tree
 * stringified without the minutes transforms gives the note back.
 *
 * The constructs live in one module each (src/syntax/*.ts), exported on
 * their own too; the minutes transforms (src/transforms/) turn the nodes into
 * what GitHub shows.
 */
import type {Processor} from 'unified'
import {hedgedocContainer, hedgedocContainerFromMarkdown, hedgedocContainerToMarkdown} from './container.js'
import {hedgedocMarks, hedgedocMarksFromMarkdown, hedgedocMarksToMarkdown} from './marks.js'

export interface Options {
  /** Container names (`:::name`). Default: `success`, `info`, `warning`, `danger`, `spoiler`. */
  containerNames?: readonly string[]
}

export default function remarkHedgedocSyntax(this: Processor, options: Options = {}) {
  const data = this.data()
  const containers = options.containerNames === undefined ? {} : {names: options.containerNames}
  ;(data.micromarkExtensions ??= []).push(hedgedocContainer(containers), hedgedocMarks())
  ;(data.fromMarkdownExtensions ??= []).push(hedgedocContainerFromMarkdown(), hedgedocMarksFromMarkdown())
  ;(data.toMarkdownExtensions ??= []).push(hedgedocContainerToMarkdown(containers), hedgedocMarksToMarkdown())
}
