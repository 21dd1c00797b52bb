/**
 * HedgeDoc containers, `:::name [title]` … `:::`, as markdown-it-container
 * 4 reads them (HedgeDoc 1.x: `success`, `info`, `warning`, `danger`;
 * HackMD, CodiMD and HedgeDoc 2 add `spoiler`):
 *
 * - the opening fence is three or more `:`, then the parameters; it opens a
 *   container when the parameters, trimmed, start with a known name followed
 *   by a space or nothing (`::: info`, `:::info Title`; `:::infox`,
 *   `:::info:` are text); what follows the name is the title;
 * - the container ends at the first later line of at least as many `:` and
 *   nothing else (indented up to 3 spaces), wherever it is, even in fenced
 *   code inside: markdown-it does not look at the content while searching;
 *   nesting works with longer outer fences; an unclosed container runs to
 *   the end of what holds it (the document, a list item, a quote);
 * - it interrupts a paragraph, and works inside lists and quotes.
 *
 * Written by hand because remark-directive (micromark-extension-directive)
 * reads other forms: not `::: info` or `:::info Title`, and it turns `10:30`
 * into text directives. The tokenizer follows its container directive: the
 * content is a nested document (`chunkDocument`). The title is inline
 * content, the first child of the node as a paragraph marked
 * `data.hedgedocContainerTitle`, as remark-directive stores labels.
 */
import type {BlockContent, DefinitionContent, Paragraph, Parent} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token as FromMarkdownToken} from 'mdast-util-from-markdown'
import type {Handle, Options as ToMarkdownExtension, Unsafe} from 'mdast-util-to-markdown'
import {factorySpace} from 'micromark-factory-space'
import {markdownLineEnding} from 'micromark-util-character'
import type {Code, Construct, Extension, State, Token, TokenizeContext, Tokenizer} from 'micromark-util-types'

/** A HedgeDoc container; a title is the first child, a paragraph with `data.hedgedocContainerTitle`. */
export interface HedgedocContainer extends Parent {
  type: 'hedgedocContainer'
  /** Container name: `info`, `success`, `warning`, `danger`, `spoiler`, … */
  name: string
  children: Array<BlockContent | DefinitionContent>
}

declare module 'mdast' {
  interface RootContentMap {
    hedgedocContainer: HedgedocContainer
  }
  interface BlockContentMap {
    hedgedocContainer: HedgedocContainer
  }
  interface ParagraphData {
    /** This paragraph is the title of a HedgeDoc container (`:::info Title`). */
    hedgedocContainerTitle?: boolean
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    hedgedocContainer: 'hedgedocContainer'
    hedgedocContainerFence: 'hedgedocContainerFence'
    hedgedocContainerSequence: 'hedgedocContainerSequence'
    hedgedocContainerName: 'hedgedocContainerName'
    hedgedocContainerTitle: 'hedgedocContainerTitle'
    hedgedocContainerContent: 'hedgedocContainerContent'
  }
}

declare module 'mdast-util-to-markdown' {
  interface ConstructNameMap {
    hedgedocContainer: 'hedgedocContainer'
  }
}

export interface Options {
  /** Container names. Default: `['success', 'info', 'warning', 'danger', 'spoiler']`. */
  names?: readonly string[]
}

export const defaultContainerNames = ['success', 'info', 'warning', 'danger', 'spoiler'] as const

const colon = 58
const space = 32
const tab = 9

const nonLazyLine: Construct = {tokenize: tokenizeNonLazyLine, partial: true}

/** micromark syntax extension for HedgeDoc containers. */
export function hedgedocContainer(options: Options = {}): Extension {
  const names = new Set(options.names ?? defaultContainerNames)
  const construct: Construct = {name: 'hedgedocContainer', tokenize: tokenizeContainer, concrete: true}
  return {flow: {[colon]: construct}}

  function tokenizeContainer(this: TokenizeContext, effects: Parameters<Tokenizer>[0], ok: State, nok: State): State {
    const self = this
    let sizeOpen = 0
    let name = ''
    let previous: Token | undefined
    const closingFence: Construct = {tokenize: tokenizeClosingFence, partial: true}
    return start

    function start(code: Code): State | undefined {
      effects.enter('hedgedocContainer')
      effects.enter('hedgedocContainerFence')
      effects.enter('hedgedocContainerSequence')
      return sequenceOpen(code)
    }

    function sequenceOpen(code: Code): State | undefined {
      if (code === colon) {
        effects.consume(code)
        sizeOpen++
        return sequenceOpen
      }

      if (sizeOpen < 3) return nok(code)
      effects.exit('hedgedocContainerSequence')
      return code === space || code === tab ? factorySpace(effects, nameStart, 'whitespace')(code) : nameStart(code)
    }

    function nameStart(code: Code): State | undefined {
      if (code === null || markdownLineEnding(code) || code === space || code === tab) return nok(code)
      effects.enter('hedgedocContainerName')
      return nameInside(code)
    }

    // markdown-it-container: `params.trim().split(' ', 2)[0] === name`.
    function nameInside(code: Code): State | undefined {
      if (code === null || markdownLineEnding(code) || code === space || code === tab) {
        effects.exit('hedgedocContainerName')
        if (!names.has(name)) return nok(code)
        if (code === tab) return factorySpace(effects, afterTabs, 'whitespace')(code)
        return code === space ? factorySpace(effects, titleStart, 'whitespace')(code) : openAfter(code)
      }

      name += String.fromCharCode(code)
      effects.consume(code)
      return nameInside
    }

    // A tab is no separator (`info\tTitle` is one word): only trailing whitespace may follow.
    function afterTabs(code: Code): State | undefined {
      return code === null || markdownLineEnding(code) ? openAfter(code) : nok(code)
    }

    function titleStart(code: Code): State | undefined {
      if (code === null || markdownLineEnding(code)) return openAfter(code)
      effects.enter('hedgedocContainerTitle')
      effects.enter('chunkText', {contentType: 'text'})
      return title(code)
    }

    function title(code: Code): State | undefined {
      if (code === null || markdownLineEnding(code)) {
        effects.exit('chunkText')
        effects.exit('hedgedocContainerTitle')
        return openAfter(code)
      }

      effects.consume(code)
      return title
    }

    function openAfter(code: Code): State | undefined {
      effects.exit('hedgedocContainerFence')
      if (code === null) return after(code)
      if (self.interrupt) return ok(code)
      return effects.attempt(nonLazyLine, contentStart, after)(code)
    }

    function contentStart(code: Code): State | undefined {
      if (code === null) return after(code)
      if (markdownLineEnding(code)) {
        return effects.check(nonLazyLine, emptyContentNonLazyLineAfter, after)(code)
      }

      effects.enter('hedgedocContainerContent')
      return lineStart(code)
    }

    function emptyContentNonLazyLineAfter(code: Code): State | undefined {
      effects.enter('hedgedocContainerContent')
      return lineStart(code)
    }

    function lineStart(code: Code): State | undefined {
      return effects.attempt(closingFence, afterContent, chunkStart)(code)
    }

    function chunkStart(code: Code): State | undefined {
      if (code === null) return afterContent(code)
      if (markdownLineEnding(code)) {
        return effects.check(nonLazyLine, chunkNonLazyStart, afterContent)(code)
      }

      return chunkNonLazyStart(code)
    }

    function chunkNonLazyStart(code: Code): State | undefined {
      const token = effects.enter('chunkDocument', {contentType: 'document', previous})
      if (previous) previous.next = token
      previous = token
      return contentContinue(code)
    }

    function contentContinue(code: Code): State | undefined {
      if (code === null) {
        const token = effects.exit('chunkDocument')
        self.parser.lazy[token.start.line] = false
        return afterContent(code)
      }

      if (markdownLineEnding(code)) {
        return effects.check(nonLazyLine, nonLazyLineAfter, lineAfter)(code)
      }

      effects.consume(code)
      return contentContinue
    }

    function nonLazyLineAfter(code: Code): State | undefined {
      effects.consume(code)
      const token = effects.exit('chunkDocument')
      self.parser.lazy[token.start.line] = false
      return lineStart
    }

    function lineAfter(code: Code): State | undefined {
      const token = effects.exit('chunkDocument')
      self.parser.lazy[token.start.line] = false
      return afterContent(code)
    }

    function afterContent(code: Code): State | undefined {
      effects.exit('hedgedocContainerContent')
      return after(code)
    }

    function after(code: Code): State | undefined {
      effects.exit('hedgedocContainer')
      return ok(code)
    }

    function tokenizeClosingFence(this: TokenizeContext, effects: Parameters<Tokenizer>[0], ok: State, nok: State): State {
      let size = 0
      return factorySpace(effects, closingPrefixAfter, 'linePrefix', 4)

      function closingPrefixAfter(code: Code): State | undefined {
        effects.enter('hedgedocContainerFence')
        effects.enter('hedgedocContainerSequence')
        return closingSequence(code)
      }

      function closingSequence(code: Code): State | undefined {
        if (code === colon) {
          effects.consume(code)
          size++
          return closingSequence
        }

        if (size < sizeOpen) return nok(code)
        effects.exit('hedgedocContainerSequence')
        return factorySpace(effects, closingSequenceEnd, 'whitespace')(code)
      }

      function closingSequenceEnd(code: Code): State | undefined {
        if (code === null || markdownLineEnding(code)) {
          effects.exit('hedgedocContainerFence')
          return ok(code)
        }

        return nok(code)
      }
    }
  }
}

function tokenizeNonLazyLine(this: TokenizeContext, effects: Parameters<Tokenizer>[0], ok: State, nok: State): State {
  const self = this
  return start

  function start(code: Code): State | undefined {
    effects.enter('lineEnding')
    effects.consume(code)
    effects.exit('lineEnding')
    return lineStart
  }

  function lineStart(code: Code): State | undefined {
    return self.parser.lazy[self.now().line] ? nok(code) : ok(code)
  }
}

/** mdast-util-from-markdown extension: `hedgedocContainer` nodes. */
export function hedgedocContainerFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      hedgedocContainer(this: CompileContext, token: FromMarkdownToken) {
        this.enter({type: 'hedgedocContainer', name: '', children: []}, token)
      },
      hedgedocContainerTitle(this: CompileContext, token: FromMarkdownToken) {
        this.enter({type: 'paragraph', data: {hedgedocContainerTitle: true}, children: []}, token)
      }
    },
    exit: {
      hedgedocContainer(this: CompileContext, token: FromMarkdownToken) {
        this.exit(token)
      },
      hedgedocContainerName(this: CompileContext, token: FromMarkdownToken) {
        const node = this.stack.at(-1) as HedgedocContainer
        node.name = this.sliceSerialize(token)
      },
      hedgedocContainerTitle(this: CompileContext, token: FromMarkdownToken) {
        this.exit(token)
      }
    }
  }
}

/** The title paragraph of a container, if it has one. */
export function containerTitle(node: HedgedocContainer): Paragraph | undefined {
  const first = node.children[0]
  return first?.type === 'paragraph' && first.data?.hedgedocContainerTitle ? first : undefined
}

/** How many containers deep `node` holds others. */
function depth(node: Parent): number {
  let deepest = 0
  for (const child of node.children) {
    if ('children' in child) deepest = Math.max(deepest, depth(child as Parent) + (child.type === 'hedgedocContainer' ? 1 : 0))
  }

  return deepest
}

/** mdast-util-to-markdown extension: containers back as HedgeDoc writes them. */
export function hedgedocContainerToMarkdown(options: Options = {}): ToMarkdownExtension {
  const names = (options.names ?? defaultContainerNames).map((name) => name.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&'))
  const handle: Handle = function (node: HedgedocContainer, _, state, info) {
    // Longer outer fences, so an inner closing fence does not close them.
    const sequence = ':'.repeat(3 + depth(node))
    const exit = state.enter('hedgedocContainer')
    const tracker = state.createTracker(info)
    let value = tracker.move(sequence + node.name)
    const title = containerTitle(node)
    if (title) {
      value += tracker.move(' ')
      value += tracker.move(state.containerPhrasing(title, {...tracker.current(), before: value, after: '\n'}))
    }

    const content = title ? node.children.slice(1) : node.children
    if (content.length > 0) {
      value += tracker.move('\n')
      value += tracker.move(state.containerFlow({...node, children: content}, tracker.current()))
    }

    value += tracker.move('\n' + sequence)
    exit()
    return value
  }

  const unsafe: Unsafe[] = [
    // Text that reads as an opening fence stays text (`\:::info`) …
    {atBreak: true, character: ':', after: `:{2,}[ \\t]*(?:${names.join('|')})(?:[ \\r\\n]|$)`},
    // … and in a container, text that reads as a closing fence too.
    {atBreak: true, character: ':', after: ':{2,}[ \\t]*(?:[\\r\\n]|$)', inConstruct: 'hedgedocContainer'}
  ]
  return {handlers: {hedgedocContainer: handle}, unsafe}
}
