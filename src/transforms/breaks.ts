/**
 * HedgeDoc shows every single newline inside a paragraph as a line break
 * (markdown-it `breaks: true`); GitHub joins such lines. This plugin turns
 * soft line breaks into hard breaks (`\` at the line end), unless the note's
 * front matter says `breaks: false`: then the lines are joined, as both
 * HedgeDoc and GitHub show them.
 *
 * remark-breaks (mdast-util-newline-to-break) does the same, but its new text
 * nodes lose the source form kept by `source-text.ts`, so every piece would be
 * escaped afresh; this splitter carries it over line by line.
 */
import type {Break, Root, Text} from 'mdast'
import type {VFile} from 'vfile'
import {visit} from '../util/visit.js'

export interface Options {
  /**
   * Turn soft breaks into hard breaks. Default: `true`, or `false` when the
   * front matter has `breaks: false`.
   */
  breaks?: boolean
}

export default function remarkHedgedocBreaks(options: Options = {}) {
  return function (tree: Root, file: VFile) {
    if ((options.breaks ?? file.data.breaks) === false) {
      // Lines join on GitHub as in HedgeDoc; joining them here keeps the
      // output the same when it is converted again (with breaks on).
      visit(tree, 'text', function (node) {
        if (!node.value.includes('\n')) return
        node.value = node.value.replace(/[ \t]*\n[ \t]*/g, ' ')
        if (node.data?.raw !== undefined) node.data.raw = node.data.raw.replace(/[ \t]*\n[ \t]*/g, ' ')
      })
      return
    }

    visit(tree, 'text', function (node, index, parent) {
      if (!parent || index === undefined || !node.value.includes('\n')) return
      const values = node.value.split('\n')
      const raws = node.data?.raw?.split('\n')
      const pieces: Array<Text | Break> = []
      for (const [line, value] of values.entries()) {
        if (line > 0) pieces.push({type: 'break'})
        if (!value) continue
        const raw = raws?.[line]
        pieces.push(raw === undefined ? {type: 'text', value} : {type: 'text', value, data: {raw}})
      }

      parent.children.splice(index, 1, ...pieces)
      return index + pieces.length
    })
  }
}
