/**
 * `[TOC]` (src/syntax/toc.ts) → a list of links to the headings
 * up to level 3, as HedgeDoc renders it, with GitHub's heading slugs
 * (mdast-util-toc uses github-slugger). Links to `#Heading-Anchors` in
 * HedgeDoc's keep-case style are rewritten to GitHub's slugs, in inline links
 * and in definitions alike; a link to a fragment that matches no heading is
 * reported and becomes its text (markdownlint MD051).
 */
import type {Heading, Nodes, Root} from 'mdast'
import type {Node} from 'unist'
import {normalizeIdentifier} from 'micromark-util-normalize-identifier'
import type {VFile} from 'vfile'
import {spaceRun} from '../util/text.js'
import {sourceOf} from '../util/tree.js'
import GithubSlugger from 'github-slugger'
import {toc} from 'mdast-util-toc'
import {toString} from 'mdast-util-to-string'
import {visit} from '../util/visit.js'

export interface Options {
  /** Deepest heading level in a generated table of contents. Default: `3`. */
  maxDepth?: 1 | 2 | 3 | 4 | 5 | 6
}

/** HedgeDoc 1.x heading id (`keep-case`): whitespace → `-`, punctuation removed. */
function hedgedocId(text: string): string {
  return text.replace(/\s+/g, '-').replace(/[!"#$%&'()*+,./:;<=>?@[\\\]^`{|}~]/g, '')
}

/** GitHub slugs of all headings, in order, with HedgeDoc ids pointing at them. */
export function headingSlugs(tree: Root): {slugs: Set<string>; hedgedoc: Map<string, string>} {
  const slugger = new GithubSlugger()
  const slugs = new Set<string>()
  const hedgedoc = new Map<string, string>()
  visit(tree, 'heading', function (node: Heading) {
    const text = headingText(node)
    const slug = slugger.slug(text)
    slugs.add(slug)
    const id = hedgedocId(text)
    if (!hedgedoc.has(id)) hedgedoc.set(id, slug)
    if (!hedgedoc.has(id.toLowerCase())) hedgedoc.set(id.toLowerCase(), slug)
  })
  return {slugs, hedgedoc}
}

/**
 * A heading's text as GitHub makes its anchor of it: the rendered text, so
 * HTML tags (`<sub>`) and pictures add nothing.
 */
function headingText(node: Heading): string {
  // Spaces and tabs between words are written as one space (src/pipeline/stringify.ts),
  // and so is a line ending in code, so GitHub slugs one.
  return toString(withCodeOnOneLine(node), {includeHtml: false, includeImageAlt: false}).replace(spaceRun, ' ')
}

/** A copy of `node` whose inline code has spaces for line endings, as a heading writes it. */
function withCodeOnOneLine<T extends Nodes>(node: T): T {
  if (node.type === 'inlineCode') return {...node, value: node.value.replace(/\r?\n/g, ' ')}
  if (!('children' in node)) return node
  return {...node, children: (node.children as Nodes[]).map((child) => withCodeOnOneLine(child))}
}

function decode(fragment: string): string {
  try {
    return decodeURIComponent(fragment)
  } catch {
    return fragment
  }
}

export default function remarkToc(options: Options = {}) {
  const maxDepth = options.maxDepth ?? 3
  return function (tree: Root, file: VFile) {
    const source = sourceOf(file)
    if (/\[toc\]/i.test(source)) visit(tree, 'hedgedocToc', function (_, index, parent) {
      if (!parent || index === undefined) return undefined
      // mdast-util-toc slugs a heading's text with its HTML; GitHub without.
      visit(tree, 'heading', function (heading) {
        heading.data = {...heading.data, hProperties: {...heading.data?.hProperties, id: headingText(heading)}}
      })
      const map = toc(tree, {maxDepth, tight: true}).map
      visit(tree, 'heading', function (heading) {
        delete heading.data!.hProperties!.id
        if (Object.keys(heading.data!.hProperties!).length === 0) delete heading.data!.hProperties
        if (Object.keys(heading.data!).length === 0) delete heading.data
      })
      // The headings' text moves into link labels: escaped for that place, not as written in the heading.
      if (map) {
        visit(map, function (node) {
          if (node.type === 'text') delete node.data
          // Code as the heading shows it, on one line.
          if (node.type === 'inlineCode') node.value = node.value.replace(/\r?\n/g, ' ')
        })
        // A link to no GitHub anchor is only text; a heading without text on
        // GitHub (`# <br>`) has no anchor and no entry (its sub-headings move up).
        const {slugs} = headingSlugs(tree)
        visit(map, 'link', function (link, at, parent) {
          if (at === undefined || !parent || slugs.has(decode(link.url.slice(1)))) return undefined
          parent.children.splice(at, 1, ...link.children)
          return at
        })
        visit(map, 'listItem', function (item, at, list) {
          const [head, ...rest] = item.children
          if (at === undefined || !list || head?.type !== 'paragraph' || toString(head, {includeHtml: false}).trim() !== '') return undefined
          list.children.splice(at, 1, ...rest.flatMap((child) => (child.type === 'list' ? child.children : [])))
          return at
        })
        if (map.children.length > 0) parent.children.splice(index, 1, map)
        else parent.children.splice(index, 1)
      } else {
        parent.children.splice(index, 1)
      }

      return index
    })

    if (!source.includes('](#') && !/\]:\s*#/.test(source)) return
    const {slugs, hedgedoc} = headingSlugs(tree)
    /** GitHub's slug for a `#fragment`: as written, `undefined` when no heading has it. */
    function target(url: string): string | undefined {
      const fragment = decode(url.slice(1))
      if (slugs.has(fragment)) return url
      const slug = hedgedoc.get(fragment) ?? hedgedoc.get(fragment.toLowerCase()) ?? hedgedoc.get(hedgedocId(fragment))
      return slug === undefined ? undefined : '#' + slug
    }

    function report(url: string, place: Node['position']): void {
      file.message(`Unexpected link to \`${url}\`, expected a heading's GitHub slug; no heading matches, so the text stays without the link`, {
        place,
        ruleId: 'relative-link',
        source: 'minutes'
      })
      file.data.removed ??= []
      file.data.removed.push(url)
    }

    // Definitions (`[spec]: #Open-Questions`) go where inline links go; one
    // to no heading goes, and the references to it keep their text.
    const dead = new Set<string>()
    visit(tree, 'definition', function (node, index, parent) {
      if (!node.url.startsWith('#') || node.url.length < 2 || !parent || index === undefined) return undefined
      const url = target(node.url)
      if (url !== undefined) {
        node.url = url
        return undefined
      }

      dead.add(normalizeIdentifier(node.identifier))
      report(node.url, node.position)
      parent.children.splice(index, 1)
      return index
    })

    visit(tree, function (node, index, parent) {
      if (!parent || index === undefined) return undefined
      if (node.type === 'linkReference' && dead.has(normalizeIdentifier(node.identifier))) {
        parent.children.splice(index, 1, ...node.children)
        return index
      }

      if (node.type !== 'link' || !node.url.startsWith('#') || node.url.length < 2) return undefined
      const url = target(node.url)
      if (url !== undefined) {
        node.url = url
        return undefined
      }

      report(node.url, node.position)
      parent.children.splice(index, 1, ...node.children)
      return index
    })
  }
}

declare module 'mdast' {
  interface HeadingData {
    /** Read by mdast-util-toc (`id`), only while it runs. */
    hProperties?: Record<string, unknown>
  }
}
