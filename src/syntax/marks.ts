/**
 * HedgeDoc's inline marks, by markdown-it's rules:
 *
 * - `==x==` (markdown-it-mark 4) and `++x++` (markdown-it-ins 4) are
 *   delimiter runs of two, paired like emphasis: an opening run is
 *   left-flanking, a closing one right-flanking (so `a == b` is text), the
 *   content is inline (`==**a**==`), and runs of other lengths are text;
 *   this is micromark-extension-gfm-strikethrough's algorithm, which is the
 *   same as markdown-it's `scanDelims` + `balance_pairs`;
 * - `~x~` (markdown-it-sub 2) and `^x^` (markdown-it-sup 2) take the next
 *   marker that is not inside code, a link or another token; the content may
 *   not be empty or hold unescaped whitespace (`~a b~` is text). `~x~` is
 *   never strikethrough: `~~` runs are GFM strikethrough's (remark-gfm with
 *   `singleTilde: false`).
 *
 * Written by hand: micromark-extension-highlight-mark reads `==` but not
 * `++`, `~` or `^`, and the sub/sup packages have no mdast-util-to-markdown
 * side (../shared/HEDGEDOC.md §5). The nodes are `mark`, `insert`,
 * `subscript` and `superscript`, with phrasing children.
 */
import type {Parent, PhrasingContent} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token as FromMarkdownToken} from 'mdast-util-from-markdown'
import type {Handle, Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import {splice} from 'micromark-util-chunked'
import {classifyCharacter} from 'micromark-util-classify-character'
import {resolveAll} from 'micromark-util-resolve-all'
import type {Code, Construct, Event, Extension, Resolver, State, Token, TokenizeContext, Tokenizer} from 'micromark-util-types'

export interface Mark extends Parent {
  type: 'mark'
  children: PhrasingContent[]
}

export interface Insert extends Parent {
  type: 'insert'
  children: PhrasingContent[]
}

export interface Subscript extends Parent {
  type: 'subscript'
  children: PhrasingContent[]
}

export interface Superscript extends Parent {
  type: 'superscript'
  children: PhrasingContent[]
}

declare module 'mdast' {
  interface PhrasingContentMap {
    mark: Mark
    insert: Insert
    subscript: Subscript
    superscript: Superscript
  }
  interface RootContentMap {
    mark: Mark
    insert: Insert
    subscript: Subscript
    superscript: Superscript
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    mark: 'mark'
    markSequence: 'markSequence'
    markSequenceTemporary: 'markSequenceTemporary'
    markText: 'markText'
    insert: 'insert'
    insertSequence: 'insertSequence'
    insertSequenceTemporary: 'insertSequenceTemporary'
    insertText: 'insertText'
    subscript: 'subscript'
    subscriptSequence: 'subscriptSequence'
    subscriptSequenceTemporary: 'subscriptSequenceTemporary'
    subscriptText: 'subscriptText'
    superscript: 'superscript'
    superscriptSequence: 'superscriptSequence'
    superscriptSequenceTemporary: 'superscriptSequenceTemporary'
    superscriptText: 'superscriptText'
  }
}

type Kind = 'mark' | 'insert' | 'subscript' | 'superscript'

const markers: Record<Kind, number> = {mark: 61, insert: 43, subscript: 126, superscript: 94}
const leftSquareBracket = 91

/** Wrap the events from `open` to `close` (two sequences) in a `kind` group; returns the index after it. */
function wrap(events: Event[], open: number, close: number, kind: Kind, context: TokenizeContext): number {
  const opening = events[open]![1]
  const closing = events[close]![1]
  opening.type = `${kind}Sequence`
  closing.type = `${kind}Sequence`
  const group: Token = {type: kind, start: {...opening.start}, end: {...closing.end}}
  const text: Token = {type: `${kind}Text`, start: {...opening.end}, end: {...closing.start}}
  const next: Event[] = [
    ['enter', group, context],
    ['enter', opening, context],
    ['exit', opening, context],
    ['enter', text, context]
  ]
  const insideSpan = context.parser.constructs.insideSpan.null
  // Emphasis (and marks) inside are resolved within the span.
  if (insideSpan) splice(next, next.length, 0, resolveAll(insideSpan, events.slice(open + 1, close), context))
  splice(next, next.length, 0, [
    ['exit', text, context],
    ['enter', closing, context],
    ['exit', closing, context],
    ['exit', group, context]
  ])
  splice(events, open - 1, close - open + 3, next)
  return open - 1 + next.length
}

/** Leftover temporary sequences are text. */
function toData(events: Event[], kind: Kind): void {
  for (const [, token] of events) {
    if (token.type === `${kind}SequenceTemporary`) token.type = 'data'
  }
}

/** `==` / `++`: runs of two, flanking decides (micromark-extension-gfm-strikethrough with a run of exactly 2). */
function pairedRun(kind: 'mark' | 'insert'): Construct {
  const marker = markers[kind]
  const temporary = `${kind}SequenceTemporary` as const

  const resolveAllRuns: Resolver = function (events, context) {
    for (let index = 0; index < events.length; index++) {
      const closing = events[index]!
      if (closing[0] !== 'enter' || closing[1].type !== temporary || !closing[1]._close) continue
      let open = index
      while (open--) {
        const opening = events[open]!
        if (opening[0] === 'exit' && opening[1].type === temporary && opening[1]._open) {
          index = wrap(events, open, index, kind, context) - 1
          break
        }
      }
    }

    toData(events, kind)
    return events
  }

  const tokenize: Tokenizer = function (effects, ok, nok) {
    const previous = this.previous
    const events = this.events
    let size = 0
    return start

    function start(code: Code): State | undefined {
      if (previous === marker && events.at(-1)?.[1].type !== 'characterEscape') return nok(code)
      effects.enter(temporary)
      return more(code)
    }

    function more(code: Code): State | undefined {
      const before = classifyCharacter(previous)
      if (code === marker) {
        if (size > 1) return nok(code)
        effects.consume(code)
        size++
        return more
      }

      if (size < 2) return nok(code)
      const token = effects.exit(temporary)
      const after = classifyCharacter(code)
      token._open = !after || (after === 2 && Boolean(before))
      token._close = !before || (before === 2 && Boolean(after))
      return ok(code)
    }
  }

  return {name: kind, tokenize, resolveAll: resolveAllRuns}
}

const whitespaceInside = /(^|[^\\])(\\\\)*\s/

/**
 * Whether a `^` here closes a `^` before it: an odd number of `^` markers
 * since the last white space. markdown-it-sup runs before the inline
 * footnote, so `^x^[a](b)` is a superscript and a link, not `^x` and the
 * footnote `^[a]`. Only the last 64 tokens are looked at, so a run of
 * thousands of `^` stays linear.
 */
export function closesSuperscript(context: TokenizeContext): boolean {
  let count = 0
  let seen = 0
  for (let index = context.events.length - 1; index >= 0 && seen < 64; index--) {
    const [phase, token] = context.events[index]!
    // The marker being read (not exited yet) is not one before it.
    if (phase !== 'enter' || !token.end) continue
    seen++
    if (token.type === 'superscriptSequenceTemporary') count++
    else if (token.type === 'lineEnding' || /\s/.test(context.sliceSerialize(token))) break
  }

  return count % 2 === 1
}

/** `~` / `^`: one marker; paired with the next one at the same level when the content is valid. */
function nextMarker(kind: 'subscript' | 'superscript'): Construct {
  const marker = markers[kind]
  const temporary = `${kind}SequenceTemporary` as const

  const resolveAllMarkers: Resolver = function (events, context) {
    for (let index = 0; index < events.length; index++) {
      const opening = events[index]!
      if (opening[0] !== 'exit' || opening[1].type !== temporary) continue
      // The next marker at the same level: not inside a group opened after this one.
      let depth = 0
      let close = -1
      for (let next = index + 1; next < events.length; next++) {
        const [phase, token] = events[next]!
        if (phase === 'enter' && token.type === temporary && depth === 0) {
          close = next
          break
        }

        if (token.type === temporary || token.type === 'data') continue
        if (phase === 'enter') depth++
        else if (--depth < 0) break
      }

      if (close === -1) continue
      const content = context.sliceSerialize({start: opening[1].end, end: events[close]![1].start})
      if (content.length === 0 || whitespaceInside.test(content)) continue
      index = wrap(events, index, close, kind, context) - 1
    }

    toData(events, kind)
    return events
  }

  const tokenize: Tokenizer = function (effects, ok, nok) {
    const self = this
    const previous = this.previous
    const escaped = this.events.at(-1)?.[1].type === 'characterEscape'
    return start

    function start(code: Code): State | undefined {
      // `~~` is strikethrough's; `^^` is two markers (the first pairs with nothing).
      if (kind === 'subscript' && previous === marker && !escaped) return nok(code)
      effects.enter(temporary)
      effects.consume(code)
      return after
    }

    function after(code: Code): State | undefined {
      if (kind === 'subscript' && code === marker) return nok(code)
      // `^[` is an inline footnote (src/syntax/inline-footnote.ts), unless
      // it closes a `^` before it with no white space between (`^x^[a](b)`:
      // markdown-it-sup runs first and takes `^x^`).
      if (kind === 'superscript' && code === leftSquareBracket && !closesSuperscript(self)) return nok(code)
      effects.exit(temporary)
      return ok(code)
    }
  }

  return {name: kind, tokenize, resolveAll: resolveAllMarkers}
}

/** micromark syntax extension for `==mark==`, `++ins++`, `~sub~`, `^sup^`. */
export function hedgedocMarks(): Extension {
  const mark = pairedRun('mark')
  const insert = pairedRun('insert')
  const subscript = nextMarker('subscript')
  const superscript = nextMarker('superscript')
  return {
    text: {[markers.mark]: mark, [markers.insert]: insert, [markers.subscript]: subscript, [markers.superscript]: superscript},
    insideSpan: {null: [mark, insert, subscript, superscript]}
  }
}

/** mdast-util-from-markdown extension: `mark`, `insert`, `subscript`, `superscript` nodes. */
export function hedgedocMarksFromMarkdown(): FromMarkdownExtension {
  const enter = (type: Kind) =>
    function (this: CompileContext, token: FromMarkdownToken) {
      this.enter({type, children: []}, token)
    }
  const exit = function (this: CompileContext, token: FromMarkdownToken) {
    this.exit(token)
  }
  return {
    canContainEols: ['mark', 'insert'],
    enter: {mark: enter('mark'), insert: enter('insert'), subscript: enter('subscript'), superscript: enter('superscript')},
    exit: {mark: exit, insert: exit, subscript: exit, superscript: exit}
  }
}

const sequences: Record<Kind, string> = {mark: '==', insert: '++', subscript: '~', superscript: '^'}

/** mdast-util-to-markdown extension: the marks back as HedgeDoc writes them. */
export function hedgedocMarksToMarkdown(): ToMarkdownExtension {
  const handler = (kind: Kind): Handle => {
    const sequence = sequences[kind]
    const handle: Handle = function (node: Mark | Insert | Subscript | Superscript, _, state, info) {
      const tracker = state.createTracker(info)
      const exit = state.enter('phrasing')
      let value = tracker.move(sequence)
      value += tracker.move(state.containerPhrasing(node, {...tracker.current(), before: value, after: sequence.charAt(0)}))
      value += tracker.move(sequence)
      exit()
      return value
    }

    ;(handle as Handle & {peek: () => string}).peek = () => sequence.charAt(0)
    return handle
  }

  const notIn = ['autolink', 'destinationLiteral', 'destinationRaw', 'reference', 'titleQuote', 'titleApostrophe'] as const
  return {
    handlers: {mark: handler('mark'), insert: handler('insert'), subscript: handler('subscript'), superscript: handler('superscript')},
    // Text that reads as a mark stays text (`\^x^`, `=\=x==`).
    unsafe: [
      {character: '^', inConstruct: 'phrasing', notInConstruct: [...notIn]},
      {character: '=', after: '=', inConstruct: 'phrasing', notInConstruct: [...notIn]},
      {character: '+', after: '\\+', inConstruct: 'phrasing', notInConstruct: [...notIn]}
    ]
  }
}
