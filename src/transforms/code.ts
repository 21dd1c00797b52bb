/**
 * Code fences: HedgeDoc's line-number and wrap flags (`js=`, `js=101`, `js=+`,
 * `js!`) are reduced to the language; a fence without one gets `text`
 * (markdownlint MD040). Diagram fences (`sequence`, `flow`, `graphviz`,
 * `abc`, `mermaid`) stay as they are. Hard tabs are expanded to spaces
 * (markdownlint MD010 checks code too); they look the same. A block where
 * every line is a `$ command` prompt loses the `$ ` (MD014), so it can be
 * pasted into a shell.
 */
import type {Root} from 'mdast'
import {visitFlow} from '../util/tree.js'

export interface Options {
  /** Tab stop used when expanding tabs in code. Default: `4`. */
  tabSize?: number
}

function expandTabs(value: string, size: number): string {
  return value
    .split('\n')
    .map(function (line) {
      if (!line.includes('\t')) return line
      let result = ''
      for (const char of line) {
        result += char === '\t' ? ' '.repeat(size - (result.length % size)) : char
      }

      return result
    })
    .join('\n')
}

export default function remarkCode(options: Options = {}) {
  const size = options.tabSize ?? 4
  return function (tree: Root) {
    visitFlow(tree, function (node) {
      if (node.type !== 'code') return
      const lang = (node.lang ?? '').replace(/[=!].*$/, '').trim()
      node.lang = lang || 'text'
      if (node.meta && /^[=!+\d]*$/.test(node.meta)) node.meta = null
      if (node.value.includes('\t')) node.value = expandTabs(node.value, size)
      const lines = node.value.split('\n').filter((line) => line.trim())
      if (lines.length > 0 && lines.every((line) => /^\s*\$\s/.test(line))) {
        node.value = node.value.replace(/^(\s*)\$\s+/gm, '$1')
      }
    })
  }
}
