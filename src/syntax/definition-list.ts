/**
 * Definition lists as markdown-it-deflist 4 reads them:
 *
 * ```markdown
 * Term
 * : Definition, its lines indented by 2
 *
 * Other term
 * ~ compact form
 * ~ a second definition
 * ```
 *
 * - a term is one line where a paragraph would start (not interrupting one),
 *   followed, after at most one blank line, by a definition line: up to 3
 *   spaces, `:` or `~`, then whitespace or the line end;
 * - a definition's content is flow content: its first line after the marker,
 *   then lines indented by 2 more than the marker, blank lines followed by
 *   such lines, and lazy paragraph lines (not starting a block);
 * - more definitions, and more terms with definitions, continue the list.
 *
 * Nodes: `defList` with `defListTerm` (phrasing) and `defListDescription`
 * (flow) children, the names mdast-util-definition-list uses. Written by
 * hand: micromark-extension-definition-list (remark-definition-list) reads
 * no `~` form and takes several lines as a term (`Para\nTerm\n: def`, which
 * markdown-it reads as one paragraph). A flow construct on `:` and `~`
 * lines (no cost elsewhere) that looks back at the paragraph before it (one
 * line, before at most one blank line) and resolves it into its term.
 */
import type {BlockContent, DefinitionContent, Parent, PhrasingContent} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token as FromMarkdownToken} from 'mdast-util-from-markdown'
import type {Handle, Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import {factorySpace} from 'micromark-factory-space'
import {markdownLineEnding, markdownSpace} from 'micromark-util-character'
import type {Code, Construct, Effects, Extension, Resolver, State, Token, TokenizeContext, Tokenizer} from 'micromark-util-types'

export interface DefList extends Parent {
  type: 'defList'
  children: Array<DefListTerm | DefListDescription>
}

export interface DefListTerm extends Parent {
  type: 'defListTerm'
  children: PhrasingContent[]
}

export interface DefListDescription extends Parent {
  type: 'defListDescription'
  children: Array<BlockContent | DefinitionContent>
}

declare module 'mdast' {
  interface RootContentMap {
    defList: DefList
    defListTerm: DefListTerm
    defListDescription: DefListDescription
  }
  interface BlockContentMap {
    defList: DefList
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    defList: 'defList'
    defListTerm: 'defListTerm'
    defListDescription: 'defListDescription'
    defListMarker: 'defListMarker'
  }
}

declare module 'mdast-util-to-markdown' {
  interface ConstructNameMap {
    defList: 'defList'
  }
}

const colon = 58
const tilde = 126

function isMarker(code: Code): boolean {
  return code === colon || code === tilde
}

function isLineEnd(code: Code): boolean {
  return code === null || markdownLineEnding(code)
}

/** Lines that end a lazy paragraph: they start a block (`#`, `>`, a list, a fence, a rule, HTML, a definition). */
const blockStart = /^ {0,3}(?:#{1,6}(?:[ \t]|$)|>|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|`{3}|~{3}|(?:[-*_][ \t]*){3,}$|<|[:~](?:[ \t]|$))/

/**
 * Is the block before this marker line a term: a paragraph of one line,
 * right before it (being interrupted) or before one blank line?
 */
function termBefore(self: TokenizeContext): boolean {
  const events = self.events
  let index = events.length - 1
  while (index >= 0 && (events[index]![1].type === 'linePrefix' || events[index]![1].type === 'lineEnding')) index--
  if (self.interrupt) {
    // The paragraph is still open: its lines are the content chunks since it opened.
    let lines = 0
    for (; index >= 0; index--) {
      const [phase, token] = events[index]!
      if (phase === 'enter' && token.type === 'chunkContent' && ++lines > 1) return false
      if (token.type === 'content') return phase === 'enter' && lines === 1
    }

    return false
  }

  let blanks = 0
  while (index >= 0 && ['lineEndingBlank', 'linePrefix', 'lineEnding', 'whitespace'].includes(events[index]![1].type)) {
    const [phase, token] = events[index]!
    if (phase === 'enter' && token.type === 'lineEndingBlank') {
      // A lazy blank line closed the paragraph's container (`> Term`, blank,
      // `: x`); micromark's document keeps one flow across it.
      if (++blanks > 1 || self.parser.lazy[token.start.line]) return false
    }

    index--
  }

  if (events[index]?.[0] !== 'exit' || events[index]![1].type !== 'content') return false
  // content > paragraph > one chunkText (a definition is no term).
  let lines = 0
  let paragraph = false
  for (index--; index >= 0; index--) {
    const [phase, token] = events[index]!
    // A term is one line: no need to look further back than its second.
    if (phase === 'enter' && token.type === 'chunkText' && ++lines > 1) return false
    if (phase === 'enter' && token.type === 'paragraph') paragraph = true
    if (token.type === 'content') break
  }

  return paragraph && lines === 1
}

/** Take the term's paragraph (before the list's start) into the list. */
const resolveToDefList: Resolver = function (events) {
  let start = events.length - 1
  while (start >= 0 && !(events[start]![0] === 'enter' && events[start]![1].type === 'defList')) start--
  let content = start - 1
  while (content >= 0 && !(events[content]![0] === 'exit' && events[content]![1].type === 'content')) content--
  while (content >= 0 && !(events[content]![0] === 'enter' && events[content]![1].type === 'content')) {
    if (events[content]![1].type === 'paragraph') events[content]![1].type = 'defListTerm'
    content--
  }

  const [enter] = events.splice(start, 1)
  enter![1].start = {...events[content]![1].start}
  events.splice(content, 0, enter!)
  return events
}

const tokenizeDefList: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
  const self = this
  /** Indentation of the current definition's content (marker column + 2). */
  let indent = 0
  let previous: Token | undefined
  /** The last line of the definition had content (a lazy line may follow). */
  let lastFull = false
  /** Does the line after this line ending continue the definition? */
  const continuation: Construct = {partial: true, tokenize: tokenizeContinuation}
  const nextItem: Construct = {partial: true, tokenize: tokenizeNextItem}
  return start

  function start(code: Code): State | undefined {
    if (self.parser.lazy[self.now().line] || !termBefore(self)) return nok(code)
    // Interrupting the term's paragraph: a marker and whitespace suffice.
    if (self.interrupt) {
      effects.enter('defListMarker')
      effects.consume(code)
      effects.exit('defListMarker')
      return (code: Code) => (isLineEnd(code) || markdownSpace(code) ? ok(code) : nok(code))
    }

    const tail = self.events.at(-1)
    const prefix = tail?.[1].type === 'linePrefix' ? tail[1].end.column - tail[1].start.column : 0
    indent = prefix + 2
    return function (code: Code) {
      effects.enter('defList')
      return description(code)
    }(code)
  }

  /** A marker line after blank lines (known to come, see `nextItem`). */
  function markerLineStart(code: Code): State | undefined {
    if (markdownLineEnding(code)) {
      effects.enter('lineEnding')
      effects.consume(code)
      effects.exit('lineEnding')
      return markerLineStart
    }

    const prefix = self.now().column
    return factorySpace(
      effects,
      function (code: Code) {
        if (markdownLineEnding(code)) return markerLineStart(code)
        indent = self.now().column - prefix + 2
        return description(code)
      },
      'linePrefix',
      4
    )(code)
  }

  function description(code: Code): State | undefined {
    effects.enter('defListDescription')
    effects.enter('defListMarker')
    effects.consume(code)
    effects.exit('defListMarker')
    previous = undefined
    return function (code: Code) {
      if (markdownSpace(code)) return factorySpace(effects, chunk, 'whitespace')(code)
      return isLineEnd(code) ? chunk(code) : nok(code)
    }
  }

  /** One line of the definition's content (with its line ending when the definition goes on). */
  function chunk(code: Code): State | undefined {
    // A blank line is content only when the definition goes on after it.
    if (code === null) return descriptionEnd(code)
    if (markdownLineEnding(code)) return effects.check(continuation, blankChunk, descriptionEnd)(code)
    const token = effects.enter('chunkDocument', {contentType: 'document', previous})
    if (previous) previous.next = token
    previous = token
    lastFull = true
    return chunkInside(code)
  }

  function blankChunk(code: Code): State | undefined {
    const token = effects.enter('chunkDocument', {contentType: 'document', previous})
    if (previous) previous.next = token
    previous = token
    lastFull = false
    return chunkLineEnding(code)
  }

  function chunkInside(code: Code): State | undefined {
    if (code === null) {
      exitChunk()
      return descriptionEnd(code)
    }

    if (markdownLineEnding(code)) return effects.check(continuation, chunkLineEnding, endAtLineEnding)(code)
    effects.consume(code)
    return chunkInside
  }

  function endAtLineEnding(code: Code): State | undefined {
    exitChunk()
    return descriptionEnd(code)
  }

  function chunkLineEnding(code: Code): State | undefined {
    effects.consume(code)
    exitChunk()
    return nextLine
  }

  function exitChunk(): void {
    const token = effects.exit('chunkDocument')
    self.parser.lazy[token.start.line] = false
  }

  /** A line known to belong to the definition: blank, indented or lazy. */
  function nextLine(code: Code): State | undefined {
    return markdownSpace(code) ? factorySpace(effects, chunk, 'linePrefix', indent + 1)(code) : chunk(code)
  }

  function descriptionEnd(code: Code): State | undefined {
    effects.exit('defListDescription')
    if (code === null) return end(code)
    return effects.attempt(nextItem, afterNextItem, end)(code)
  }

  function afterNextItem(code: Code): State | undefined {
    return markerLineStart(code)
  }

  function end(code: Code): State | undefined {
    effects.exit('defList')
    return ok(code)
  }


  function tokenizeContinuation(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    let blanks = 0
    let text = ''
    return lineEnding

    function lineEnding(code: Code): State | undefined {
      effects.enter('lineEnding')
      effects.consume(code)
      effects.exit('lineEnding')
      return lineStart
    }

    function lineStart(code: Code): State | undefined {
      if (code === null || self.parser.lazy[self.now().line]) return nok(code)
      const column = self.now().column
      return factorySpace(effects, (code: Code) => inspect(code, self.now().column - column), 'linePrefix')(code)
    }

    function inspect(code: Code, width: number): State | undefined {
      if (code === null) return nok(code)
      if (markdownLineEnding(code)) {
        blanks++
        return lineEnding(code)
      }

      if (width >= indent) return ok(code)
      // Not indented: a lazy paragraph line, right after content, that starts no block.
      if (blanks > 0 || !lastFull || width > 3) return nok(code)
      text = ' '.repeat(width)
      effects.enter('data')
      return collect(code)
    }

    function collect(code: Code): State | undefined {
      if (isLineEnd(code) || text.length > 64) return blockStart.test(text) ? nok(code) : ok(code)
      text += String.fromCharCode(code! < 0 ? 32 : code!)
      effects.consume(code)
      return collect
    }
  }


  /** After a definition: blank lines, then a marker line (a new term starts a new list, joined in the tree). */
  function tokenizeNextItem(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    return lineEnding

    function lineEnding(code: Code): State | undefined {
      effects.enter('lineEnding')
      effects.consume(code)
      effects.exit('lineEnding')
      return lineStart
    }

    function lineStart(code: Code): State | undefined {
      if (code === null || self.parser.lazy[self.now().line]) return nok(code)
      return effects.check(markerLine, ok, factorySpace(effects, other, 'linePrefix', 4))(code)
    }

    function other(code: Code): State | undefined {
      return markdownLineEnding(code) ? lineEnding(code) : nok(code)
    }
  }
}

/** A definition marker line (up to 3 spaces, `:` or `~`, whitespace or the end). */
const markerLine: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return factorySpace(
      effects,
      function (code: Code) {
        if (!isMarker(code)) return nok(code)
        effects.enter('defListMarker')
        effects.consume(code)
        effects.exit('defListMarker')
        return (code: Code) => (isLineEnd(code) || markdownSpace(code) ? ok(code) : nok(code))
      },
      'linePrefix',
      4
    )
  }
}

/**
 * The construct, on a marker line, looking back for its term. Not `concrete`: a line that starts a list or a quote ends
 * the definition list (micromark's document starts the container before the
 * construct sees the line), also one indented inside a definition, which
 * markdown-it would nest in it.
 */
const defListConstruct: Construct = {name: 'defList', tokenize: tokenizeDefList, resolveTo: resolveToDefList}

/** micromark syntax extension for definition lists. */
export function hedgedocDefinitionList(): Extension {
  return {flow: {[colon]: defListConstruct, [tilde]: defListConstruct}}
}

/** mdast-util-from-markdown extension: `defList`, `defListTerm`, `defListDescription` nodes. */
export function hedgedocDefinitionListFromMarkdown(): FromMarkdownExtension {
  const enter = (type: 'defList' | 'defListTerm' | 'defListDescription') =>
    function (this: CompileContext, token: FromMarkdownToken) {
      this.enter({type, children: []} as never, token)
    }
  const exit = function (this: CompileContext, token: FromMarkdownToken) {
    this.exit(token)
  }
  return {
    enter: {
      // A term after a list's last definition makes a new list in the syntax; one list in the tree.
      defList(this: CompileContext, token: FromMarkdownToken) {
        const parent = this.stack.at(-1) as Parent
        const last = parent.children.at(-1)
        if (last?.type === 'defList') {
          this.stack.push(last as never)
          this.tokenStack.push([token, undefined])
          return
        }

        this.enter({type: 'defList', children: []} as never, token)
      },
      defListTerm: enter('defListTerm'),
      defListDescription: enter('defListDescription')
    },
    exit: {defList: exit, defListTerm: exit, defListDescription: exit}
  }
}

/** mdast-util-to-markdown extension: `Term` then `: definition` (lines indented by 2). */
export function hedgedocDefinitionListToMarkdown(): ToMarkdownExtension {
  const defList: Handle = function (node: DefList, _, state, info) {
    const exit = state.enter('defList')
    const tracker = state.createTracker(info)
    let value = ''
    for (const [index, child] of node.children.entries()) {
      // A term after a definition goes after a blank line (else it is a lazy line of it).
      if (index > 0) value += tracker.move(child.type === 'defListTerm' && node.children[index - 1]!.type === 'defListDescription' ? '\n\n' : '\n')
      if (child.type === 'defListTerm') {
        value += tracker.move(state.containerPhrasing(child, {...tracker.current(), before: '\n', after: '\n'}))
      } else {
        const content = state.containerFlow(child, tracker.current())
        value += tracker.move(state.indentLines(content, (line, index, blank) => (index === 0 ? (blank ? ':' : ': ') + line : blank ? '' : '  ' + line)) || ':')
      }
    }

    exit()
    return value
  }

  // A line of text that reads as a definition stays text (`\: x`).
  return {
    handlers: {defList},
    unsafe: [
      {atBreak: true, character: ':', after: '(?:[ \\t\\r\\n]|$)'},
      {atBreak: true, character: '~', after: '(?:[ \\t\\r\\n]|$)'}
    ]
  }
}
