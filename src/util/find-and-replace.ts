/**
 * mdast-util-find-and-replace, keeping the source form of the text around
 * each match (see pipeline/source-text.ts): the pieces it splits off a text
 * node are new nodes, which would otherwise be escaped afresh when
 * stringified (`[x] and [name=Bob]` → `\[x] and …`).
 */
import type {Nodes, Parents, Text} from 'mdast'
import {asciiPunctuation, referenceAt} from '../pipeline/source-text.js'
import {findAndReplace, type Find, type Options, type RegExpMatchObject, type ReplaceFunction} from 'mdast-util-find-and-replace'

/** Index in `raw` of each index in its value (and of its end): escapes and numeric references are one character. */
function rawIndexes(raw: string): number[] {
  const indexes: number[] = []
  for (let index = 0; index < raw.length; index++) {
    const reference = raw.charAt(index) === '&' ? referenceAt(raw, index) : undefined
    if (reference) {
      for (let unit = 0; unit < reference.value.length; unit++) indexes.push(index)
      index += reference.written.length - 1
      continue
    }

    indexes.push(index)
    if (raw.charAt(index) === '\\' && asciiPunctuation.test(raw.charAt(index + 1))) index++
  }

  indexes.push(raw.length)
  return indexes
}

export function findAndReplaceKeepingRaw(tree: Nodes, list: Array<[Find, ReplaceFunction]>, options?: Options): void {
  for (const [find, replace] of list) {
    const touched = new Map<Text, {parent: Parents; ranges: Array<[number, number]>}>()
    const record: ReplaceFunction = function (...parameters: unknown[]) {
      const result = (replace as (...values: unknown[]) => ReturnType<ReplaceFunction>)(...parameters)
      const match = parameters.at(-1) as RegExpMatchObject
      const node = match.stack.at(-1) as Text
      const parent = match.stack.at(-2) as Parents | undefined
      if (result !== false && node.data?.raw !== undefined && parent) {
        const entry: {parent: Parents; ranges: Array<[number, number]>} = touched.get(node) ?? {parent, ranges: []}
        entry.ranges.push([match.index, match.index + String(parameters[0]).length])
        touched.set(node, entry)
      }

      return result
    }

    findAndReplace(tree, [find, record], options)

    for (const [node, {parent, ranges}] of touched) {
      const raw = node.data!.raw!
      const indexes = rawIndexes(raw)
      const pieces: Array<{value: string; raw: string}> = []
      let start = 0
      for (const [from, to] of [...ranges, [node.value.length, node.value.length] as [number, number]]) {
        if (from > start) pieces.push({value: node.value.slice(start, from), raw: raw.slice(indexes[start], indexes[from])})
        start = to
      }

      let next = 0
      for (const child of parent.children) {
        const piece = pieces[next]
        if (!piece) break
        if (child.type === 'text' && child.data?.raw === undefined && child.value === piece.value) {
          child.data = {...child.data, raw: piece.raw}
          next++
        }
      }
    }
  }
}
