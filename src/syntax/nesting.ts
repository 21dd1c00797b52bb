/**
 * A nesting limit for micromark: block quotes and lists nested deeper than
 * `maxDepth` (also written on one line: `- - - … text`, `> - > - …`), and
 * runs of more emphasis markers than that, are flattened while the note is
 * tokenized. Nothing rewrites the source, so every position stays right.
 *
 * micromark has no nesting limit (markdown-it has one): 10,000 nested quotes
 * or list levels overflow the stack in every tree walker and take minutes to
 * tokenize, and a run of 10,000 `*` takes half a minute to resolve. So:
 *
 * - `blockQuote` and `list` are wrapped: each container knows its depth (the
 *   depth of the container before it on the line, which the wrappers note as
 *   they continue or open). Up to `maxDepth` the wrapped construct runs as is.
 * - Beyond it, a container is not opened: its markers, and every container
 *   marker after them on the line, are read as line prefix (a `linePrefix`
 *   token, which makes no node, marked `_nestingFlattened`), so the text joins
 *   the container at `maxDepth`. On the next lines the same markers are taken
 *   again (a paragraph goes on).
 * - An item that would be a list level deeper than `maxDepth`, below a list
 *   at `maxDepth`, becomes the next item of that list, when its marker is the
 *   same: a deep indented list ends as a flat list at that level.
 * - A run of more than `maxDepth` `*` or `_` is text (`nestingRun`).
 *
 * `nestingFromMarkdown()` notes, on the tree's `data.nesting`, where each
 * flattened construct starts: one note per container that took the deeper
 * levels, and one per run. The remark plugin (pipeline/parse-guard.ts)
 * reports them.
 */
import type {Root} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension} from 'mdast-util-from-markdown'
import {blockQuote, list} from 'micromark-core-commonmark'
import type {Code, Construct, ContainerState, Effects, Extension, ParseContext, State, TokenizeContext} from 'micromark-util-types'

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    /** A run of more emphasis markers than the limit, kept as text. */
    nestingRun: 'nestingRun'
  }

  interface Token {
    /** On a `linePrefix`: container markers (or the indentation of an item) of levels that were flattened. */
    _nestingFlattened?: boolean | undefined
  }

  interface ContainerState {
    /** Depth of this container: 1 for one at the top level. */
    nestingDepth?: number | undefined
    /** Set on a container beyond the limit, which only takes markers. */
    nestingFlattened?: boolean | undefined
  }
}

/** Where something was flattened, noted on the tree by `nestingFromMarkdown()`. */
export interface NestingNote {
  kind: 'containers' | 'run'
  line: number
  column: number
  /** A run's length and marker (`*` or `_`). */
  size?: number
  marker?: string
}

declare module 'mdast' {
  interface RootData {
    /** What the nesting limit flattened (see syntax/nesting.ts). */
    nesting?: NestingNote[]
  }
}

export interface Options {
  /** Deepest quote or list nesting kept, and longest emphasis run. Default: `32`. */
  maxDepth?: number
}

const codes = {tab: -2, virtualSpace: -1, space: 32, greaterThan: 62, asterisk: 42, plus: 43, dash: 45, underscore: 95, dot: 46, rightParen: 41}

function isSpace(code: Code): boolean {
  return code === codes.tab || code === codes.virtualSpace || code === codes.space
}

function isDigit(code: Code): boolean {
  return code !== null && code >= 48 && code <= 57
}

/** What the wrappers know of the line being tokenized. */
interface LineState {
  line: number
  /** Depth of the innermost container continued or opened on the line. */
  depth: number
  /** Offset where the last container opened on this line started, and the depth before it. */
  openedAt: number
  openedBase: number
}

const lineStates = new WeakMap<ParseContext, LineState>()

function lineState(context: TokenizeContext): LineState {
  let state = lineStates.get(context.parser)
  if (!state) {
    state = {line: 0, depth: 0, openedAt: -1, openedBase: 0}
    lineStates.set(context.parser, state)
  }

  return state
}

/**
 * Depth of the containers before the current position on this line: a new
 * container here is one deeper. A `check` and the `attempt` after it start
 * at the same place and get the same answer.
 */
function depthBefore(context: TokenizeContext): number {
  const state = lineState(context)
  const now = context.now()
  if (state.line !== now.line) return 0
  return state.openedAt === now.offset ? state.openedBase : state.depth
}

/** A fresh container state for a lookahead, so the real one is left as it is. */
function probe(original: Construct, scratch: () => ContainerState): Construct {
  return {
    partial: true,
    tokenize(effects, ok, nok) {
      const self = this
      const saved = self.containerState
      self.containerState = scratch()
      return original.tokenize.call(
        self,
        effects,
        (code) => {
          self.containerState = saved
          return ok(code)
        },
        (code) => {
          self.containerState = saved
          return nok(code)
        }
      )
    }
  }
}

/** A bullet followed by white space or the end of the line. */
const bulletStart: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return function (code) {
      effects.enter('listItemMarker')
      effects.consume(code)
      effects.exit('listItemMarker')
      return function (code) {
        return code === null || code < 0 || code === codes.space ? ok(code) : nok(code)
      }
    }
  }
}

const quoteStart = probe(blockQuote, () => ({}))
const listStart = probe(list, () => ({}))

/**
 * Take container markers (`>`, list markers as micromark reads them) and the
 * white space between them as flattened `linePrefix` tokens; `ok` when at
 * least one marker was taken.
 */
function takeMarkers(effects: Effects, ok: State, nok: State): State {
  let markers = 0
  let open = false
  return start

  function enter(): void {
    if (!open) effects.enter('linePrefix', {_nestingFlattened: true})
    open = true
  }

  function close(): void {
    if (open) effects.exit('linePrefix')
    open = false
  }

  function start(code: Code): State | undefined {
    if (isSpace(code) || code === codes.greaterThan) {
      enter()
      effects.consume(code)
      if (code === codes.greaterThan) markers++
      return start
    }

    if (code === codes.asterisk || code === codes.plus || code === codes.dash || isDigit(code)) {
      // The list start reads the token before it: that one must be closed.
      close()
      // The first marker as micromark reads it (not a thematic break…); after
      // it, a bullet and white space is enough: asking the list start again
      // would look for a thematic break to the end of the line at each one.
      const marker = markers === 0 || isDigit(code) ? listStart : bulletStart
      return effects.check(marker, listMarker, done)(code)
    }

    return done(code)
  }

  function listMarker(code: Code): State | undefined {
    enter()
    markers++
    return isDigit(code) ? digits(code) : bullet(code)
  }

  function bullet(code: Code): State | undefined {
    effects.consume(code)
    return start
  }

  function digits(code: Code): State | undefined {
    if (isDigit(code)) {
      effects.consume(code)
      return digits
    }

    // `.` or `)`: the list start said so.
    effects.consume(code)
    return start
  }

  function done(code: Code): State | undefined {
    if (markers === 0) return nok(code)
    close()
    return ok(code)
  }
}

/** `original` (blockQuote or list) with its depth known and limited. */
function limited(original: Construct, maxDepth: number, isList: boolean): Construct {
  const continuation = original.continuation!
  const exit = original.exit!

  return {
    name: `nesting${original.name}`,
    tokenize(effects, ok, nok) {
      const self = this
      const depth = depthBefore(self)
      const start = self.now()

      return depth >= maxDepth ? flatten : (code) => original.tokenize.call(self, effects, opened, nok)(code)

      function opened(code: Code): State | undefined {
        self.containerState!.nestingDepth = depth + 1
        Object.assign(lineState(self), {line: start.line, depth: depth + 1, openedAt: start.offset, openedBase: depth})
        return ok(code)
      }

      // Would `original` open a container here? Then take its markers and all after them.
      function flatten(code: Code): State | undefined {
        return effects.check(isList ? listStart : quoteStart, take, nok)(code)
      }

      function take(code: Code): State | undefined {
        const state = self.containerState!
        for (const key of Object.keys(state)) delete state[key as keyof ContainerState]
        state.nestingFlattened = true
        state.nestingDepth = depth + 1
        return takeMarkers(effects, opened, nok)(code)
      }
    },
    continuation: {
      tokenize(effects, ok, nok) {
        const self = this
        const state = self.containerState!
        const line = self.now().line
        if (state.nestingFlattened) return takeMarkers(effects, continued, nok)
        const run = (code: Code) => continuation.tokenize.call(self, effects, continued, nok)(code)
        if (!isList || state.nestingDepth !== maxDepth) return run
        // A deeper item below a list at the limit: the next item of this list.
        const sibling: Construct = {partial: true, tokenize: deeperItem}
        return (code) => effects.check(sibling, nextItem, run)(code)

        function deeperItem(effects: Effects, ok: State, nok: State): State {
          const probeState = () => ({type: state.type, marker: state.marker})
          const item = probe(list, probeState)
          let spaces = 0
          return function indent(code) {
            if (isSpace(code)) {
              spaces++
              effects.consume(code)
              return indent
            }

            return spaces > 0 ? effects.attempt(item, ok, nok)(code) : nok(code)
          }
        }

        function nextItem(code: Code): State | undefined {
          state._closeFlow = true
          self.interrupt = undefined
          // A line prefix, as micromark reads the indentation before an item.
          effects.enter('linePrefix', {_nestingFlattened: true})
          return indent(code)
        }

        function indent(code: Code): State | undefined {
          if (isSpace(code)) {
            effects.consume(code)
            return indent
          }

          effects.exit('linePrefix')
          return effects.attempt(list, continued, nok)(code)
        }

        function continued(code: Code): State | undefined {
          Object.assign(lineState(self), {line, depth: state.nestingDepth ?? 0, openedAt: -1, openedBase: 0})
          return ok(code)
        }
      }
    },
    exit(effects) {
      if (!this.containerState?.nestingFlattened) exit.call(this, effects)
    }
  }
}

/** A run of more than `maxDepth` `*` or `_`: text, not emphasis. */
function longRun(maxDepth: number): Construct {
  return {
    name: 'nestingRun',
    tokenize(effects, ok, nok) {
      const self = this
      let marker: Code = null
      let size = 0
      return start

      function start(code: Code): State | undefined {
        // Only at the start of a run.
        if (self.previous === code) return nok(code)
        marker = code
        effects.enter('nestingRun')
        effects.enter('data')
        return inside(code)
      }

      function inside(code: Code): State | undefined {
        if (code === marker) {
          effects.consume(code)
          size++
          return inside
        }

        if (size <= maxDepth) return nok(code)
        effects.exit('data')
        effects.exit('nestingRun')
        return ok(code)
      }
    }
  }
}

/** The micromark extension. */
export function nesting(options: Options = {}): Extension {
  const maxDepth = options.maxDepth ?? 32
  const quote = limited(blockQuote, maxDepth, false)
  const item = limited(list, maxDepth, true)
  const run = longRun(maxDepth)
  const document: Extension['document'] = {[codes.greaterThan]: quote, [codes.asterisk]: item, [codes.plus]: item, [codes.dash]: item}
  for (let digit = 48; digit <= 57; digit++) document[digit] = item
  return {document, text: {[codes.asterisk]: run, [codes.underscore]: run}}
}

/** A note per quote or list that took the deeper levels (an item made a sibling leaves its list the same). */
const containerTypes = new Set(['blockquote', 'list'])

/** The mdast-util-from-markdown extension: notes what was flattened on `tree.data.nesting`. */
export function nestingFromMarkdown(): FromMarkdownExtension {
  // Containers that already have a note, per tree.
  const noted = new WeakSet<object>()

  function notes(context: CompileContext): NestingNote[] {
    const root = context.stack[0] as Root
    root.data ??= {}
    root.data.nesting ??= []
    return root.data.nesting
  }

  return {
    enter: {
      linePrefix(token) {
        if (!token._nestingFlattened) return
        let container: object = this.stack[0]!
        for (let index = this.stack.length - 1; index > 0; index--) {
          if (containerTypes.has(this.stack[index]!.type)) {
            container = this.stack[index]!
            break
          }
        }

        if (noted.has(container)) return
        noted.add(container)
        notes(this).push({kind: 'containers', line: token.start.line, column: token.start.column})
      },
      nestingRun(token) {
        const value = this.sliceSerialize(token)
        notes(this).push({kind: 'run', line: token.start.line, column: token.start.column, size: value.length, marker: value.charAt(0)})
      }
    }
  }
}
