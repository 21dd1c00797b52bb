/**
 * The nesting limit again, on the tree as it will be written. The tokenizer
 * flattens quotes and lists deeper than 32 levels (src/syntax/nesting.ts),
 * but a HedgeDoc container becomes a quote (an alert) only later, one level
 * the tokenizer did not count: 32 list levels in a `:::info` would be written
 * 33 deep, and the next conversion would flatten them, so the minutes would
 * not convert to themselves. Levels past the limit are flattened here as the
 * tokenizer flattens them: the items of a list one level too deep continue
 * the list holding it, a quote too deep gives its content to what holds it.
 */
import type {Nodes, Parent, Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'

export interface Options {
  /** Deepest quote or list nesting written. Default: `32`, the tokenizer's. */
  maxDepth?: number
}

/** Nodes that hold flow content (quotes and lists can be in them). */
const flowParents = new Set<Nodes['type']>(['root', 'blockquote', 'list', 'listItem', 'footnoteDefinition', 'hedgedocContainer'])

export default function remarkNestingLimit(options: Options = {}) {
  const maxDepth = options.maxDepth ?? 32
  return function (tree: Root, file: VFile) {
    let reported = false
    function report(node: Nodes): void {
      if (reported) return
      reported = true
      file.message(`Unexpected quotes and lists nested deeper than ${maxDepth} levels once containers are quotes, expected at most ${maxDepth}; the deeper levels are flattened into level ${maxDepth}`, {
        place: node.position,
        ruleId: 'nesting',
        source: 'minutes'
      })
    }

    /** `parent` is `depth` quotes and lists deep. */
    function walk(parent: Parent, depth: number): void {
      const children = parent.children as RootContent[]
      for (let index = 0; index < children.length; index++) {
        const child = children[index]!
        if (child.type === 'listItem' && depth >= maxDepth) {
          // Lists in an item of a list at the limit: their items come after it.
          const lists = child.children.filter((node) => node.type === 'list')
          if (lists.length > 0) {
            report(lists[0]!)
            child.children = child.children.filter((node) => node.type !== 'list')
            children.splice(index + 1, 0, ...lists.flatMap((list) => list.children))
          }
        } else if ((child.type === 'blockquote' || child.type === 'list') && depth >= maxDepth) {
          // A quote or list at the limit elsewhere: its content joins the parent.
          report(child)
          children.splice(index, 1, ...(child.type === 'list' ? child.children.flatMap((item) => item.children) : child.children))
          index--
          continue
        }

        if (flowParents.has(child.type)) walk(child as Parent, child.type === 'blockquote' || child.type === 'list' ? depth + 1 : depth)
      }
    }

    walk(tree, 0)
  }
}
