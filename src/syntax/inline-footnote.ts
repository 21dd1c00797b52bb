/**
 * Inline footnotes, `^[text]` (markdown-it-footnote 4): `^[` opens, the
 * matching `]` closes (brackets in between pair up as labels do, links may
 * be inside), the content is inline. The node is `inlineFootnote` with
 * phrasing children; the footnotes transform makes GFM footnotes of it.
 *
 * micromark-extension-gfm-footnote reads `[^1]` calls and definitions but not
 * inline notes, and no other package does; written by hand like CommonMark's
 * label start and end: `^[` is a start, a `]` whose nearest open start is
 * one is its end, otherwise CommonMark's label end decides.
 */
import type {Parent, PhrasingContent} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token as FromMarkdownToken} from 'mdast-util-from-markdown'
import type {Handle, Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import {splice} from 'micromark-util-chunked'
import {resolveAll} from 'micromark-util-resolve-all'
import type {Code, Construct, Event, Extension, Resolver, State, Token, TokenizeContext, Tokenizer} from 'micromark-util-types'
import {closesSuperscript} from './marks.js'

export interface InlineFootnote extends Parent {
  type: 'inlineFootnote'
  children: PhrasingContent[]
}

declare module 'mdast' {
  interface PhrasingContentMap {
    inlineFootnote: InlineFootnote
  }
  interface RootContentMap {
    inlineFootnote: InlineFootnote
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    inlineFootnote: 'inlineFootnote'
    inlineFootnoteStart: 'inlineFootnoteStart'
    inlineFootnoteEnd: 'inlineFootnoteEnd'
    inlineFootnoteText: 'inlineFootnoteText'
  }
  interface TokenizeContext {
    /** Open `^[` starts of this text. */
    _inlineFootnoteStarts?: Token[]
  }
  interface Token {
    _inlineFootnoteClosed?: boolean
    _inlineFootnoteWrapped?: boolean
  }
}

const caret = 94
const leftSquareBracket = 91
const rightSquareBracket = 93

const resolveAllStarts: Resolver = function (events) {
  for (const [, token] of events) {
    if (token.type === 'inlineFootnoteStart' && !token._inlineFootnoteClosed) token.type = 'data'
  }

  return events
}

const tokenizeStart: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
  const self = this
  return start

  function start(code: Code): State | undefined {
    // `^x^[a](b)`: this `^` closes a superscript (see marks.ts).
    if (closesSuperscript(self)) return nok(code)
    const token = effects.enter('inlineFootnoteStart')
    effects.consume(code)
    return function (code: Code) {
      if (code !== leftSquareBracket) return nok(code)
      effects.consume(code)
      effects.exit('inlineFootnoteStart')
      ;(self._inlineFootnoteStarts ??= []).push(token)
      return ok
    }
  }
}

const tokenizeEnd: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
  const starts = this._inlineFootnoteStarts
  const note = starts?.at(-1)
  // CommonMark's nearest open label start, if it comes after the note's.
  const label = this._labelStarts?.findLast((token) => !token._balanced)
  return start

  function start(code: Code): State | undefined {
    if (!note || (label && label.start.offset > note.start.offset)) return nok(code)
    effects.enter('inlineFootnoteEnd')
    effects.consume(code)
    effects.exit('inlineFootnoteEnd')
    starts!.pop()
    note._inlineFootnoteClosed = true
    return ok
  }
}

const resolveToEnd: Resolver = function (events, context) {
  let close = events.length - 1
  while (close >= 0 && !(events[close]![0] === 'enter' && events[close]![1].type === 'inlineFootnoteEnd')) close--
  let open = close
  while (open-- > 0) {
    const [phase, token] = events[open]!
    // The nearest closed start not yet wrapped.
    if (phase === 'exit' && token.type === 'inlineFootnoteStart' && token._inlineFootnoteClosed && !token._inlineFootnoteWrapped) break
  }

  const startToken = events[open]![1]
  startToken._inlineFootnoteWrapped = true
  const endToken = events[close]![1]
  const group: Token = {type: 'inlineFootnote', start: {...startToken.start}, end: {...endToken.end}}
  const text: Token = {type: 'inlineFootnoteText', start: {...startToken.end}, end: {...endToken.start}}
  const next: Event[] = [
    ['enter', group, context],
    ['enter', startToken, context],
    ['exit', startToken, context],
    ['enter', text, context]
  ]
  const insideSpan = context.parser.constructs.insideSpan.null
  if (insideSpan) splice(next, next.length, 0, resolveAll(insideSpan, events.slice(open + 1, close), context))
  splice(next, next.length, 0, [
    ['exit', text, context],
    ['enter', endToken, context],
    ['exit', endToken, context],
    ['exit', group, context]
  ])
  splice(events, open - 1, close - open + 3, next)
  return events
}

/** micromark syntax extension for `^[inline footnotes]`. */
export function hedgedocInlineFootnote(): Extension {
  const start: Construct = {name: 'inlineFootnoteStart', tokenize: tokenizeStart, resolveAll: resolveAllStarts, add: 'before'}
  const end: Construct = {name: 'inlineFootnoteEnd', tokenize: tokenizeEnd, resolveTo: resolveToEnd, add: 'before'}
  return {text: {[caret]: start, [rightSquareBracket]: end}}
}

/** mdast-util-from-markdown extension: `inlineFootnote` nodes. */
export function hedgedocInlineFootnoteFromMarkdown(): FromMarkdownExtension {
  return {
    canContainEols: ['inlineFootnote'],
    enter: {
      inlineFootnote(this: CompileContext, token: FromMarkdownToken) {
        this.enter({type: 'inlineFootnote', children: []}, token)
      }
    },
    exit: {
      inlineFootnote(this: CompileContext, token: FromMarkdownToken) {
        this.exit(token)
      }
    }
  }
}

/** mdast-util-to-markdown extension: `^[…]`. */
export function hedgedocInlineFootnoteToMarkdown(): ToMarkdownExtension {
  const inlineFootnote: Handle = function (node: InlineFootnote, _, state, info) {
    const tracker = state.createTracker(info)
    const exit = state.enter('label')
    let value = tracker.move('^[')
    value += tracker.move(state.containerPhrasing(node, {...tracker.current(), before: value, after: ']'}))
    value += tracker.move(']')
    exit()
    return value
  }

  return {handlers: {inlineFootnote}}
}
