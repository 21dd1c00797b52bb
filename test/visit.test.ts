// src/util/visit.ts against the libraries it stands in for: on random trees,
// with visitors that skip, exit, jump to an index and change the tree as the
// transforms do, both walk the same nodes in the same order with the same
// index, parent and ancestors, and leave the same tree.
import fc from 'fast-check'
import type {Node, Parent} from 'unist'
import {visit as libraryVisit} from 'unist-util-visit'
import {visitParents as libraryVisitParents} from 'unist-util-visit-parents'
import {describe, expect, it} from 'vitest'
import {EXIT, SKIP, visit, visitParents} from '../src/util/visit.js'

interface TestNode extends Node {
  id: number
  children?: TestNode[]
}

// Trees as mdast builds them: blocks (`root`, `list`, `blockquote`) hold
// blocks and paragraphs, and paragraphs hold phrasing content only (`text`,
// `emphasis`), which the walk relies on for tests of block types.
const phrasing: fc.Arbitrary<TestNode> = fc.letrec<{node: TestNode}>((tie) => ({
  node: fc.record(
    {
      type: fc.constantFrom('text', 'emphasis'),
      id: fc.nat(99),
      children: fc.oneof({depthSize: 'small', maxDepth: 4}, fc.constant([]), fc.array(tie('node'), {maxLength: 3}))
    },
    {requiredKeys: ['type', 'id']}
  )
})).node

const tree: fc.Arbitrary<TestNode> = fc.letrec<{node: TestNode}>((tie) => ({
  node: fc.oneof(
    {depthSize: 'small', maxDepth: 5, withCrossShrink: true},
    fc.record({type: fc.constant('paragraph'), id: fc.nat(99), children: fc.array(phrasing, {maxLength: 4})}),
    fc.record({type: fc.constantFrom('root', 'list', 'blockquote'), id: fc.nat(99), children: fc.array(tie('node'), {maxLength: 4})})
  )
})).node

/**
 * What a visitor does at a node, chosen by the node's id; jumps go the way
 * the walk goes (`step`), so that every walk ends.
 */
function act(node: TestNode, index: number | undefined, parent: Parent | undefined, step: 1 | -1): unknown {
  const choice = node.id % 11
  if (choice === 0) return SKIP
  if (choice === 1 && node.id > 90) return EXIT
  if (choice === 2 && index !== undefined) return index + 2 * step
  if (choice === 3 && index !== undefined) return [SKIP, index + step]
  if (choice === 4 && parent && index !== undefined) {
    // Replace the node by two new ones and go on past them, as a transform does.
    parent.children.splice(index, 1, {type: 'text', id: 100} as TestNode, {type: 'text', id: 102} as TestNode)
    return step === 1 ? index + 2 : index - 1
  }

  if (choice === 5 && parent && index !== undefined && index > 0) {
    // Remove the node and look at what took its place.
    parent.children.splice(index, 1)
    return step === 1 ? index : index - 1
  }

  return undefined
}

const tests = [undefined, 'text', 'paragraph', ['paragraph', 'list'], ['list', 'emphasis'], (node: Node) => (node as TestNode).id % 2 === 0] as const

describe('visit', () => {
  it('walks as unist-util-visit does', () => {
    fc.assert(
      fc.property(tree, fc.constantFrom(...tests), fc.boolean(), (root, test, reverse) => {
        const ours = structuredClone(root)
        const theirs = structuredClone(root)
        const seen: {ours: unknown[]; theirs: unknown[]} = {ours: [], theirs: []}
        const visitor = (who: 'ours' | 'theirs') => (node: Node, index: number | undefined, parent: Parent | undefined) => {
          seen[who].push([(node as TestNode).id, index, (parent as TestNode | undefined)?.id])
          return act(node as TestNode, index, parent, reverse ? -1 : 1) as never
        }

        if (test === undefined) {
          visit(ours, visitor('ours'), reverse)
          libraryVisit(theirs, visitor('theirs'), reverse)
        } else {
          visit(ours, test, visitor('ours'), reverse)
          libraryVisit(theirs, test, visitor('theirs'), reverse)
        }

        expect(seen.ours).toEqual(seen.theirs)
        expect(ours).toEqual(theirs)
      }),
      {numRuns: 500}
    )
  })

  it('walks as unist-util-visit-parents does, with ancestors', () => {
    fc.assert(
      fc.property(tree, fc.constantFrom(...tests), (root, test) => {
        const ours = structuredClone(root)
        const theirs = structuredClone(root)
        const seen: {ours: unknown[]; theirs: unknown[]} = {ours: [], theirs: []}
        const kept: {ours: Parent[][]; theirs: Parent[][]} = {ours: [], theirs: []}
        const visitor = (who: 'ours' | 'theirs') => (node: Node, ancestors: Parent[]) => {
          kept[who].push(ancestors)
          seen[who].push([(node as TestNode).id, ancestors.map((ancestor) => (ancestor as TestNode).id)])
          const parent = ancestors.at(-1)
          return act(node as TestNode, parent?.children.indexOf(node as never), parent, 1) as never
        }

        if (test === undefined) {
          visitParents(ours, visitor('ours'))
          libraryVisitParents(theirs, visitor('theirs'))
        } else {
          visitParents(ours, test, visitor('ours'))
          libraryVisitParents(theirs, test, visitor('theirs'))
        }

        expect(seen.ours).toEqual(seen.theirs)
        expect(ours).toEqual(theirs)
        // Ancestors kept by a visitor stay what they were when it was called.
        expect(kept.ours.map((ancestors) => ancestors.length)).toEqual(kept.theirs.map((ancestors) => ancestors.length))
      }),
      {numRuns: 500}
    )
  })
})
