/**
 * Abbreviations as markdown-it-abbr 2 reads them:
 *
 * - a definition is a line `*[LABEL]: Title` (the label not empty, without
 *   `[`, backslash escapes allowed; the title the rest of the line, trimmed,
 *   not empty); it may interrupt a paragraph and is not shown; the first
 *   definition of a label wins;
 * - every use of a defined label in text, anywhere in the note (before or
 *   after its definition), standing between the start or end of the text,
 *   Unicode punctuation or spaces, or one of `` \r\n$+<=>^`|~ ``, is an
 *   abbreviation.
 *
 * Nodes: `abbreviationDefinition` (`label`, `title`), a leaf where the line
 * was, and `abbreviation` (`title`, the used text as child). Uses are found
 * by the from-markdown side once the tree is built (definitions may come
 * after uses), as mdast-util-gfm-autolink-literal finds literals. No package
 * does this for micromark; written by hand.
 */
import type {Node, Parent, Parents, PhrasingContent, Root, Text} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token as FromMarkdownToken} from 'mdast-util-from-markdown'
import type {Handle, Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import {markdownLineEnding} from 'micromark-util-character'
import type {Code, Extension, State, TokenizeContext, Tokenizer} from 'micromark-util-types'
import {visit, SKIP} from '../util/visit.js'

export interface AbbreviationDefinition extends Node {
  type: 'abbreviationDefinition'
  /** The abbreviation (`HTML`), escapes removed. */
  label: string
  /** What it stands for. */
  title: string
}

export interface Abbreviation extends Parent {
  type: 'abbreviation'
  title: string
  children: PhrasingContent[]
}

declare module 'mdast' {
  interface RootContentMap {
    abbreviationDefinition: AbbreviationDefinition
    abbreviation: Abbreviation
  }
  interface BlockContentMap {
    abbreviationDefinition: AbbreviationDefinition
  }
  interface PhrasingContentMap {
    abbreviation: Abbreviation
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    abbreviationDefinition: 'abbreviationDefinition'
    abbreviationDefinitionMarker: 'abbreviationDefinitionMarker'
    abbreviationDefinitionLabel: 'abbreviationDefinitionLabel'
    abbreviationDefinitionTitle: 'abbreviationDefinitionTitle'
  }
}

const asterisk = 42
const leftSquareBracket = 91
const rightSquareBracket = 93
const backslash = 92
const colon = 58

const tokenizeDefinition: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
  let size = 0
  let title = false
  return start

  function start(code: Code): State | undefined {
    effects.enter('abbreviationDefinition')
    effects.enter('abbreviationDefinitionMarker')
    effects.consume(code)
    return open
  }

  function open(code: Code): State | undefined {
    if (code !== leftSquareBracket) return nok(code)
    effects.consume(code)
    effects.exit('abbreviationDefinitionMarker')
    effects.enter('abbreviationDefinitionLabel')
    return label
  }

  function label(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code) || code === leftSquareBracket) return nok(code)
    if (code === rightSquareBracket) {
      if (size === 0) return nok(code)
      effects.exit('abbreviationDefinitionLabel')
      effects.enter('abbreviationDefinitionMarker')
      effects.consume(code)
      return labelEnd
    }

    size++
    effects.consume(code)
    return code === backslash ? escape : label
  }

  function escape(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return nok(code)
    effects.consume(code)
    return label
  }

  function labelEnd(code: Code): State | undefined {
    if (code !== colon) return nok(code)
    effects.consume(code)
    effects.exit('abbreviationDefinitionMarker')
    effects.enter('abbreviationDefinitionTitle')
    return rest
  }

  function rest(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) {
      if (!title) return nok(code)
      effects.exit('abbreviationDefinitionTitle')
      effects.exit('abbreviationDefinition')
      return ok(code)
    }

    if (code !== 32 && code !== -2 && code !== -1 && code !== 9) title = true
    effects.consume(code)
    return rest
  }
}

/** micromark syntax extension for abbreviation definitions. */
export function hedgedocAbbreviation(): Extension {
  return {flow: {[asterisk]: {name: 'abbreviationDefinition', tokenize: tokenizeDefinition}}}
}

const boundary = '[\\p{P}\\p{Z}\\r\\n$+<=>^`|~]'

function escapeRegExp(value: string): string {
  return value.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&')
}

/** The definitions of a tree being built, label → title (the first wins). */
const definitions = new WeakMap<object, Map<string, string>>()

/** Wrap the uses of the defined abbreviations in text. */
function transform(tree: Root): void {
  const titles = definitions.get(tree)
  if (!titles) return
  const labels = [...titles.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp)
  const pattern = new RegExp(`(?<=^|${boundary})(?:${labels.join('|')})(?=$|${boundary})`, 'gu')
  visit(tree, 'text', function (node: Text, index, parent: Parents | undefined) {
    if (!parent || index === undefined || parent.type === 'abbreviation') return undefined
    const pieces: PhrasingContent[] = []
    let last = 0
    pattern.lastIndex = 0
    for (const match of node.value.matchAll(pattern)) {
      if (match.index > last) pieces.push(piece(node, last, match.index))
      pieces.push({type: 'abbreviation', title: titles.get(match[0])!, children: [piece(node, match.index, match.index + match[0].length)]})
      last = match.index + match[0].length
    }

    if (pieces.length === 0) return undefined
    if (last < node.value.length) pieces.push(piece(node, last, node.value.length))
    ;(parent.children as PhrasingContent[]).splice(index, 1, ...pieces)
    return [SKIP, index + pieces.length]
  })
}

/** Part of a text node; with a position where the text is its source (one line, no escapes). */
function piece(node: Text, start: number, end: number): Text {
  const value = node.value.slice(start, end)
  const position = node.position
  const plain = position && position.start.line === position.end.line && position.end.offset! - position.start.offset! === node.value.length
  if (!plain) return {type: 'text', value}
  const at = (offset: number) => ({line: position.start.line, column: position.start.column + offset, offset: position.start.offset! + offset})
  return {type: 'text', value, position: {start: at(start), end: at(end)}}
}

/** mdast-util-from-markdown extension: definitions, and abbreviations where they are used. */
export function hedgedocAbbreviationFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      abbreviationDefinition(this: CompileContext, token: FromMarkdownToken) {
        this.enter({type: 'abbreviationDefinition', label: '', title: ''} as never, token)
      }
    },
    exit: {
      abbreviationDefinitionLabel(this: CompileContext, token: FromMarkdownToken) {
        ;(this.stack.at(-1) as unknown as AbbreviationDefinition).label = this.sliceSerialize(token).replace(/\\(.)/g, '$1')
      },
      abbreviationDefinitionTitle(this: CompileContext, token: FromMarkdownToken) {
        ;(this.stack.at(-1) as unknown as AbbreviationDefinition).title = this.sliceSerialize(token).trim()
      },
      abbreviationDefinition(this: CompileContext, token: FromMarkdownToken) {
        const node = this.stack.at(-1) as unknown as AbbreviationDefinition
        const root = this.stack[0]!
        let titles = definitions.get(root)
        if (!titles) definitions.set(root, (titles = new Map()))
        if (!titles.has(node.label)) titles.set(node.label, node.title)
        this.exit(token)
      }
    },
    transforms: [transform]
  }
}

/** mdast-util-to-markdown extension: definitions as written, uses as their text. */
export function hedgedocAbbreviationToMarkdown(): ToMarkdownExtension {
  const abbreviationDefinition: Handle = (node: AbbreviationDefinition) => `*[${node.label.replace(/[\\[\]]/g, '\\$&')}]: ${node.title}`
  const abbreviation: Handle = (node: Abbreviation, _, state, info) => state.containerPhrasing(node, info)
  return {handlers: {abbreviationDefinition, abbreviation}}
}
