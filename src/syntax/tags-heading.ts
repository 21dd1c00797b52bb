/**
 * HedgeDoc's legacy tags line, `###### tags: a b` (HackMD writes
 * ``###### tags: `a` `b` ``): HedgeDoc takes every h6 whose text starts with
 * `tags` as the note's tags (`lib/models/note.js:extractNoteTags`), so it is
 * note data rather than a heading. The node is `hedgedocTags`, with the inline
 * content after `tags:` as children; a flow construct on `#` tried before
 * CommonMark's ATX heading.
 */
import type {Parent, PhrasingContent} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token as FromMarkdownToken} from 'mdast-util-from-markdown'
import type {Handle, Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import {toString} from 'mdast-util-to-string'
import {factorySpace} from 'micromark-factory-space'
import {markdownLineEnding, markdownSpace} from 'micromark-util-character'
import type {Code, Extension, State, TokenizeContext, Tokenizer} from 'micromark-util-types'

export interface HedgedocTags extends Parent {
  type: 'hedgedocTags'
  children: PhrasingContent[]
}

declare module 'mdast' {
  interface RootContentMap {
    hedgedocTags: HedgedocTags
  }
  interface BlockContentMap {
    hedgedocTags: HedgedocTags
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    hedgedocTags: 'hedgedocTags'
    hedgedocTagsMarker: 'hedgedocTagsMarker'
    hedgedocTagsValue: 'hedgedocTagsValue'
  }
}

const numberSign = 35
const colon = 58
const word = [116, 97, 103, 115] // t, a, g, s

const tokenizeTags: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
  let size = 0
  let letter = 0
  return start

  function start(code: Code): State | undefined {
    effects.enter('hedgedocTags')
    effects.enter('hedgedocTagsMarker')
    return sequence(code)
  }

  function sequence(code: Code): State | undefined {
    if (code === numberSign && size < 6) {
      size++
      effects.consume(code)
      return sequence
    }

    if (size !== 6 || !markdownSpace(code)) return nok(code)
    return factorySpace(effects, name, 'whitespace')(code)
  }

  function name(code: Code): State | undefined {
    if (letter < word.length) {
      if (code !== word[letter]) return nok(code)
      letter++
      effects.consume(code)
      return name
    }

    if (code === colon) {
      effects.consume(code)
      return afterName
    }

    return afterName(code)
  }

  function afterName(code: Code): State | undefined {
    effects.exit('hedgedocTagsMarker')
    return markdownSpace(code) ? factorySpace(effects, valueStart, 'whitespace')(code) : valueStart(code)
  }

  function valueStart(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return end(code)
    effects.enter('hedgedocTagsValue')
    effects.enter('chunkText', {contentType: 'text'})
    return value(code)
  }

  function value(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) {
      effects.exit('chunkText')
      effects.exit('hedgedocTagsValue')
      return end(code)
    }

    effects.consume(code)
    return value
  }

  function end(code: Code): State | undefined {
    effects.exit('hedgedocTags')
    return ok(code)
  }
}

/** micromark syntax extension for `###### tags:` lines. */
export function hedgedocTagsHeading(): Extension {
  return {flow: {[numberSign]: {name: 'hedgedocTags', tokenize: tokenizeTags, add: 'before'}}}
}

/** mdast-util-from-markdown extension: `hedgedocTags` nodes. */
export function hedgedocTagsHeadingFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      hedgedocTags(this: CompileContext, token: FromMarkdownToken) {
        this.enter({type: 'hedgedocTags', children: []}, token)
      }
    },
    exit: {
      hedgedocTags(this: CompileContext, token: FromMarkdownToken) {
        this.exit(token)
      }
    }
  }
}

/** The tags of a tags line: its code spans, or else its words (split at spaces and commas). */
export function tagsOf(node: HedgedocTags): string[] {
  const code = node.children.filter((child) => child.type === 'inlineCode').map((child) => child.value.trim())
  const tags = code.length > 0 ? code : toString(node).split(/[\s,]+/)
  return tags.filter(Boolean)
}

/** mdast-util-to-markdown extension: the tags line as written. */
export function hedgedocTagsHeadingToMarkdown(): ToMarkdownExtension {
  const hedgedocTags: Handle = function (node: HedgedocTags, _, state, info) {
    const head = '###### tags:'
    if (node.children.length === 0) return head
    const exit = state.enter('headingAtx')
    const value = state.containerPhrasing(node, {...info, before: head + ' ', after: '\n'})
    exit()
    return `${head} ${value}`
  }

  return {handlers: {hedgedocTags}}
}
