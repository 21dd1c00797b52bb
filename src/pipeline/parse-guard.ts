/**
 * Parsing huge and pathological notes in one pass, without crashing or
 * taking minutes, and without touching the source (positions stay right):
 *
 * - nesting deeper than `maxDepth` (quotes and lists, also written on one
 *   line, and emphasis runs) is flattened by the tokenizer
 *   (syntax/nesting.ts), and reported here: one `nesting` warning per
 *   construct, at the place where it starts;
 * - micromark's edits of the document's events cost what they move, not the
 *   whole document, while a note is parsed (edit-map.ts): a note of
 *   megabytes parses in time linear in its size;
 * - GFM autolink literals are looked for only in text that can hold one
 *   (autolink-literals.ts), the same tree in four fifths of the time.
 *
 * It must be used right after remark-parse.
 */
import type {Root} from 'mdast'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {nesting, nestingFromMarkdown} from '../syntax/nesting.js'
import {scopeAutolinkLiterals} from './autolink-literals.js'
import {withLinearEdits} from './edit-map.js'

export interface Options {
  /** Deepest quote or list nesting kept, and longest run of emphasis markers. Default: `32`. */
  maxDepth?: number
}

export default function remarkParseGuard(this: Processor, options: Options = {}) {
  const parse = this.parser
  if (!parse) throw new Error('remarkMinutesParseGuard must be used after remark-parse')
  const maxDepth = options.maxDepth ?? 32
  const data = this.data()
  ;(data.micromarkExtensions ??= []).push(nesting({maxDepth}))
  ;(data.fromMarkdownExtensions ??= []).push(nestingFromMarkdown())
  let scoped = false
  this.parser = function (document: string, file: VFile) {
    // At the first parse every plugin (remark-gfm too) has added its extensions.
    if (!scoped) {
      scopeAutolinkLiterals((data.fromMarkdownExtensions ?? []) as Parameters<typeof scopeAutolinkLiterals>[0])
      scoped = true
    }

    return withLinearEdits(() => parse(document, file))
  }

  return function (tree: Root, file: VFile) {
    const notes = tree.data?.nesting
    if (!notes) return
    delete tree.data!.nesting
    for (const note of notes) {
      const reason =
        note.kind === 'run'
          ? `Unexpected run of ${note.size} \`${note.marker}\`, expected at most ${maxDepth} emphasis markers in a row; kept as text`
          : `Unexpected quotes and lists nested deeper than ${maxDepth} levels, expected at most ${maxDepth}; the deeper levels are flattened into level ${maxDepth}`
      file.message(reason, {place: {line: note.line, column: note.column}, ruleId: 'nesting', source: 'minutes'})
    }
  }
}
