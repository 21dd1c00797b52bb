/**
 * `visit` and `visitParents` as unist-util-visit and unist-util-visit-parents
 * define them (same order, same tests through unist-util-is, same results:
 * `SKIP`, `EXIT`, an index to go on at, `[action, index]`), for the enter
 * visitors the transforms use.
 *
 * Written here because the libraries are slow per node, and every transform
 * walks the whole tree: for each node visited they make a closure and give it
 * a `name` with `Object.defineProperty` (for stack traces), and `visit` looks
 * each node's index up again with `indexOf`. Profiled on the corpus, that was
 * a third of the transforms' time; this walker makes no allocation per node
 * (`visitParents`: one ancestors array per parent, which visitors may keep, as
 * the library's).
 *
 * Two shortcuts give the libraries' results faster. A test that is a type or
 * a list of types is a comparison, not unist-util-is's checks per node. And
 * a walk for block types only (`'heading'`, `'hedgedocContainer'`, …) does
 * not go into the text of paragraphs and headings, which in mdast holds
 * phrasing content only: most of a note's nodes are there, and a third of
 * the transforms' walks look for blocks.
 */
import type {Node, Parent} from 'unist'
import {convert, type Test} from 'unist-util-is'
import type {BuildVisitor} from 'unist-util-visit'
import {CONTINUE, EXIT, SKIP, type BuildVisitor as BuildParentsVisitor} from 'unist-util-visit-parents'

export {CONTINUE, EXIT, SKIP}
export type {VisitorResult} from 'unist-util-visit-parents'

type AnyVisitor = (node: Node, second: unknown, third: unknown) => unknown

/** Types that are never phrasing content (mdast, GFM, front matter and minutes' own blocks). */
const blockTypes = new Set([
  'blockquote', 'code', 'definition', 'defList', 'defListDescription', 'footnoteDefinition', 'heading', 'hedgedocContainer', 'hedgedocTags',
  'hedgedocToc', 'list', 'listItem', 'math', 'paragraph', 'root', 'table', 'tableRow', 'thematicBreak', 'yaml'
])

/** Parents whose children are phrasing content only. */
const phrasingParents = new Set(['paragraph', 'heading'])

type Is = (node: Node, index: number | undefined, parent: Parent | undefined) => boolean

/** The test as a function, and whether it can only match block nodes. */
function compile(check: Test): {is: Is | undefined; blocksOnly: boolean} {
  if (check === undefined || check === null) return {is: undefined, blocksOnly: false}
  if (typeof check === 'string') return {is: (node) => node.type === check, blocksOnly: blockTypes.has(check)}
  if (Array.isArray(check) && check.every((each) => typeof each === 'string')) {
    const types = new Set(check as string[])
    return {is: (node) => types.has(node.type), blocksOnly: [...types].every((type) => blockTypes.has(type))}
  }

  return {is: convert(check) as Is, blocksOnly: false}
}

/** Both walks: the arguments as the libraries take them (`tree, [test,] visitor, [reverse]`). */
function walk(withParents: boolean, tree: Node, testOrVisitor: unknown, visitorOrReverse: unknown, maybeReverse: unknown): undefined {
  const hasTest = typeof visitorOrReverse === 'function'
  const check = (hasTest ? testOrVisitor : undefined) as Test
  const visitor = (hasTest ? visitorOrReverse : testOrVisitor) as AnyVisitor
  const reverse = Boolean(hasTest ? maybeReverse : visitorOrReverse)
  const {is, blocksOnly} = compile(check)
  const step = reverse ? -1 : 1
  one(tree, undefined, undefined, [])
  return undefined

  /** Visit `node` and what is inside: `EXIT`, the index the parent goes on at, or `undefined`. */
  function one(node: Node, index: number | undefined, parent: Parent | undefined, parents: Parent[]): number | false | undefined {
    let action: unknown
    let next: unknown
    if (!is || is(node, index, parent)) {
      const value = withParents ? visitor(node, parents, index) : visitor(node, index, parent)
      if (Array.isArray(value)) [action, next] = value as unknown[]
      else if (typeof value === 'number') next = value
      else action = value
      if (action === EXIT) return EXIT
    }

    const children = (node as Partial<Parent>).children
    if (children && action !== SKIP && !(blocksOnly && phrasingParents.has(node.type))) {
      const ancestors = withParents ? [...parents, node as Parent] : parents
      let offset = reverse ? children.length - 1 : 0
      while (offset > -1 && offset < children.length) {
        const result = one(children[offset]!, offset, node as Parent, ancestors)
        if (result === EXIT) return EXIT
        offset = typeof result === 'number' ? result : offset + step
      }
    }

    return typeof next === 'number' ? next : undefined
  }
}

export function visit<Tree extends Node, Check extends Test>(tree: Tree, check: Check, visitor: BuildVisitor<Tree, Check>, reverse?: boolean): undefined
export function visit<Tree extends Node>(tree: Tree, visitor: BuildVisitor<Tree>, reverse?: boolean): undefined
export function visit(tree: Node, testOrVisitor: unknown, visitorOrReverse?: unknown, reverse?: boolean): undefined {
  return walk(false, tree, testOrVisitor, visitorOrReverse, reverse)
}

export function visitParents<Tree extends Node, Check extends Test>(tree: Tree, check: Check, visitor: BuildParentsVisitor<Tree, Check>, reverse?: boolean): undefined
export function visitParents<Tree extends Node>(tree: Tree, visitor: BuildParentsVisitor<Tree>, reverse?: boolean): undefined
export function visitParents(tree: Node, testOrVisitor: unknown, visitorOrReverse?: unknown, reverse?: boolean): undefined {
  return walk(true, tree, testOrVisitor, visitorOrReverse, reverse)
}
