/**
 * The words a reader sees in a note, to prove a conversion lost none.
 * Both sides are parsed (the note with HedgeDoc syntax), and every word of
 * text, code, link and picture targets, alt text and raw HTML (tags' text and
 * their `href`/`src`/`alt` values), math and embeds' arguments is counted.
 * What a reader never saw (front matter, comments, `<style>`, `[color=…]`,
 * abbreviation definitions, HedgeDoc markers) is left out.
 */
import type {Nodes, Root} from 'mdast'
import {visit, SKIP} from './visit.js'
import {createProcessor} from '../pipeline/processor.js'
import {normalizeNote} from './text.js'
import {VFile} from 'vfile'
import remarkLinkSyntax from '../transforms/link-syntax.js'

const wordPattern = /[\p{L}\p{N}]+/gu

function htmlWords(value: string): string {
  if (/^\s*<!--/.test(value) || /^\s*<style[\s>]/i.test(value)) return ''
  const attributes = [...value.matchAll(/\s(?:href|src|alt|title)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)].map((match) => match[1])
  return value.replace(/<[^>]*>/g, ' ') + ' ' + attributes.join(' ')
}

function textOf(tree: Root): string {
  const parts: string[] = []
  visit(tree, function (node: Nodes) {
    switch (node.type) {
      case 'yaml':
      case 'abbreviationDefinition':
      case 'hedgedocToc': {
        return SKIP
      }

      case 'text': {
        parts.push(node.value)
        break
      }

      case 'hedgedocTag': {
        if (node.name !== 'color') parts.push(node.value)
        break
      }

      case 'chatMention':
      case 'hedgedocEmbed':
      case 'inlineMath':
      case 'math':
      case 'inlineCode':
      case 'code': {
        parts.push(node.value)
        break
      }

      case 'html': {
        parts.push(htmlWords(node.value))
        break
      }

      case 'link':
      case 'definition': {
        parts.push(node.url)
        break
      }

      case 'image': {
        parts.push(node.url, node.alt ?? '')
        break
      }

      default:
    }

    return undefined
  })
  return parts.join(' ')
}

// The converter's own parser (HedgeDoc syntax included; converted output has
// none left to rewrite), so both sides are read alike.
// The note is read as HedgeDoc reads its links (link-syntax.ts), not as
// micromark alone does.
const parser = createProcessor()
const linkSyntax = remarkLinkSyntax.call(parser)

function parse(value: string): Root {
  const tree = parser.parse(value) as Root
  linkSyntax(tree, new VFile(value))
  return tree
}

/** Count the words of a text. */
function countWords(text: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const [word] of text.toLowerCase().matchAll(wordPattern)) {
    counts.set(word, (counts.get(word) ?? 0) + 1)
  }

  return counts
}

/**
 * Words of `note` (as HedgeDoc shows it) missing from `output`, with how many
 * are missing; `removed` lists text the conversion dropped on purpose.
 */
export function missingWords(note: string, output: string, removed: readonly string[] = []): Map<string, number> {
  const before = countWords(textOf(parse(normalizeNote(note))))
  const after = countWords(textOf(parse(output)))
  for (const [word, count] of countWords(removed.join(' '))) {
    before.set(word, (before.get(word) ?? 0) - count)
  }

  const missing = new Map<string, number>()
  for (const [word, count] of before) {
    const lost = count - (after.get(word) ?? 0)
    if (lost > 0) missing.set(word, lost)
  }

  return missing
}
