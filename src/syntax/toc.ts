/**
 * `[TOC]`: HedgeDoc's table of contents marker. HedgeDoc matches
 * `^\[TOC\]$` (any case) against a paragraph's whole text, so the marker is
 * a line of its own (up to 3 spaces of indentation, trailing whitespace)
 * that is a paragraph by itself: followed by the end, a blank line or a line
 * that interrupts a paragraph, not by a paragraph's next line
 * (`[TOC]\ntext` is text). The node is `hedgedocToc`, a leaf.
 *
 * No package reads it; written by hand, a flow construct on `[`.
 */
import type {Node} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token as FromMarkdownToken} from 'mdast-util-from-markdown'
import type {Handle, Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import {blankLine} from 'micromark-core-commonmark'
import {factorySpace} from 'micromark-factory-space'
import {markdownLineEnding, markdownSpace} from 'micromark-util-character'
import type {Code, Construct, Extension, State, TokenizeContext, Tokenizer} from 'micromark-util-types'

export interface HedgedocToc extends Node {
  type: 'hedgedocToc'
}

declare module 'mdast' {
  interface RootContentMap {
    hedgedocToc: HedgedocToc
  }
  interface BlockContentMap {
    hedgedocToc: HedgedocToc
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    hedgedocToc: 'hedgedocToc'
  }
}

const letters = [[116, 84], [111, 79], [99, 67]] as const // t, o, c
const leftSquareBracket = 91
const rightSquareBracket = 93

/** First characters of what may interrupt a paragraph: `#`, `` ` ``, `~`, `<`, `*`, `-`, `_`, `$`, `:`. */
const interrupters: Code[] = [35, 96, 126, 60, 42, 45, 95, 36, 58]

const nextLine: Construct = {tokenize: tokenizeNextLine, partial: true}

function tokenizeToc(this: TokenizeContext, effects: Parameters<Tokenizer>[0], ok: State, nok: State): State {
  const self = this
  let index = 0
  return start

  function start(code: Code): State | undefined {
    // A paragraph of its own: it interrupts none.
    if (code !== leftSquareBracket || self.interrupt) return nok(code)
    effects.enter('hedgedocToc')
    effects.consume(code)
    return letter
  }

  function letter(code: Code): State | undefined {
    const expected = letters[index]
    if (!expected) {
      if (code !== rightSquareBracket) return nok(code)
      effects.consume(code)
      effects.exit('hedgedocToc')
      return factorySpace(effects, end, 'whitespace')
    }

    if (code !== expected[0] && code !== expected[1]) return nok(code)
    effects.consume(code)
    index++
    return letter
  }

  function end(code: Code): State | undefined {
    if (code === null) return ok(code)
    if (!markdownLineEnding(code)) return nok(code)
    return effects.check(nextLine, ok, nok)(code)
  }
}

/** After the marker's line: the end, a blank line, or a line that interrupts a paragraph. */
function tokenizeNextLine(this: TokenizeContext, effects: Parameters<Tokenizer>[0], ok: State, nok: State): State {
  const self = this
  return start

  function start(code: Code): State | undefined {
    effects.enter('lineEnding')
    effects.consume(code)
    effects.exit('lineEnding')
    return lineStart
  }

  function lineStart(code: Code): State | undefined {
    if (code === null) return ok(code)
    // A lazy line (`> [TOC]\ntext`) continues the paragraph, unless it is
    // blank or starts with what may interrupt one (a heading, fence, rule,
    // HTML, math, a container); it is not parsed here (micromark's document
    // owns lazy lines).
    if (self.parser.lazy[self.now().line]) {
      const first = (code: Code) => (code === null || markdownLineEnding(code) || interrupters.includes(code) ? ok(code) : nok(code))
      return markdownSpace(code) ? factorySpace(effects, first, 'linePrefix', 4)(code) : first(code)
    }

    return effects.attempt(blankLine, ok, markdownSpace(code) ? factorySpace(effects, interrupt, 'linePrefix', 4) : interrupt)(code)
  }

  function interrupt(code: Code): State | undefined {
    return effects.interrupt(self.parser.constructs.flow, ok, nok)(code)
  }
}

/** micromark syntax extension for `[TOC]`. */
export function hedgedocToc(): Extension {
  return {flow: {[leftSquareBracket]: {name: 'hedgedocToc', tokenize: tokenizeToc}}}
}

/** mdast-util-from-markdown extension: `hedgedocToc` nodes. */
export function hedgedocTocFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      hedgedocToc(this: CompileContext, token: FromMarkdownToken) {
        this.enter({type: 'hedgedocToc'} as never, token)
      }
    },
    exit: {
      hedgedocToc(this: CompileContext, token: FromMarkdownToken) {
        this.exit(token)
      }
    }
  }
}

/** mdast-util-to-markdown extension: `[TOC]`. */
export function hedgedocTocToMarkdown(): ToMarkdownExtension {
  const hedgedocToc: Handle = () => '[TOC]'
  return {handlers: {hedgedocToc}}
}
