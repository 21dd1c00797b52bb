/**
 * Math, `$…$` and `$$…$$`, by HedgeDoc's rules (markdown-it-mathjax 2,
 * `texMath`), so that nothing inside is touched (no marks, no escapes, no
 * breaks):
 *
 * - `$x$`: the opening `$` is not followed by whitespace; the math ends at
 *   the next `$`, which must not follow whitespace or a backslash, nor be
 *   followed by a digit, else it is no math at all (`$5 and $10` is text);
 * - `$$x$$`: ends at the next `$$` (not after a backslash); `$$$` is text;
 *   it may run over lines of its paragraph;
 * - a `$$` line, math lines and a closing `$$` line (no blank line between:
 *   HedgeDoc's math lives in one paragraph) are a block (`math`); it may
 *   interrupt a paragraph.
 *
 * The nodes are mdast-util-math's `inlineMath` and `math` (remark-math's),
 * made with mdast-util-math's from-markdown handlers and written with its
 * to-markdown block handler, which is how GitHub renders math (`$$` fences
 * on their own lines). micromark-extension-math is not used: with
 * `singleDollarTextMath` it reads `$5 and $10` as math, without it no `$x$`,
 * and its unclosed `$$` block runs to the end of the document. Inline math
 * from `$$…$$` keeps `data.hedgedocDisplay`, and is written back so.
 */
import type {CompileContext, Extension as FromMarkdownExtension, Token as FromMarkdownToken} from 'mdast-util-from-markdown'
import {mathFromMarkdown, mathToMarkdown, type InlineMath} from 'mdast-util-math'
import type {Handle, Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import {factorySpace} from 'micromark-factory-space'
import {markdownLineEnding, markdownLineEndingOrSpace, markdownSpace} from 'micromark-util-character'
import type {Code, Construct, Extension, State, TokenizeContext, Tokenizer} from 'micromark-util-types'

declare module 'mdast-util-math' {
  interface InlineMathData {
    /** Written `$$…$$` in the note (display math inside a paragraph). */
    hedgedocDisplay?: boolean
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    mathFlow: 'mathFlow'
    mathFlowFence: 'mathFlowFence'
    mathFlowFenceSequence: 'mathFlowFenceSequence'
    mathFlowValue: 'mathFlowValue'
    mathText: 'mathText'
    mathTextData: 'mathTextData'
    mathTextSequence: 'mathTextSequence'
  }
  interface Token {
    _hedgedocDisplay?: boolean
  }
}

const dollarSign = 36
const backslash = 92

function isDigit(code: Code): boolean {
  return code !== null && code >= 48 && code <= 57
}

const tokenizeMathText: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
  const self = this
  let display = false
  let inData = false
  return start

  function start(code: Code): State | undefined {
    const token = effects.enter('mathText')
    effects.enter('mathTextSequence')
    effects.consume(code)
    return afterFirst

    function afterFirst(code: Code): State | undefined {
      if (code === dollarSign) {
        display = true
        token._hedgedocDisplay = true
        effects.consume(code)
        return afterSecond
      }

      // `$ x$` is no math.
      if (code === null || markdownLineEndingOrSpace(code)) return nok(code)
      effects.exit('mathTextSequence')
      return content(code)
    }
  }

  function afterSecond(code: Code): State | undefined {
    if (code === dollarSign) return nok(code)
    effects.exit('mathTextSequence')
    return content(code)
  }

  function content(code: Code): State | undefined {
    if (code === null) return nok(code)
    if (markdownLineEnding(code)) {
      closeData()
      effects.enter('lineEnding')
      effects.consume(code)
      effects.exit('lineEnding')
      return content
    }

    if (code === dollarSign) {
      // The first `$` (or `$$`) decides: after a backslash there is no math.
      if (self.previous === backslash) return nok(code)
      if (display) return effects.check(twoDollars, closing, data)(code)
      if (self.previous !== null && markdownLineEndingOrSpace(self.previous)) return nok(code)
      return closing(code)
    }

    return data(code)
  }

  function data(code: Code): State | undefined {
    if (!inData) {
      effects.enter('mathTextData')
      inData = true
    }

    effects.consume(code)
    return content
  }

  function closeData(): void {
    if (inData) effects.exit('mathTextData')
    inData = false
  }

  function closing(code: Code): State | undefined {
    closeData()
    effects.enter('mathTextSequence')
    effects.consume(code)
    return display ? second : after
  }

  function second(code: Code): State | undefined {
    effects.consume(code)
    return after
  }

  function after(code: Code): State | undefined {
    // `$5 and $10`: a digit after the closing `$` means no math.
    if (!display && isDigit(code)) return nok(code)
    effects.exit('mathTextSequence')
    effects.exit('mathText')
    return ok(code)
  }
}

const twoDollars: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return function (code) {
      effects.enter('mathTextSequence')
      effects.consume(code)
      effects.exit('mathTextSequence')
      return function (code) {
        return code === dollarSign ? ok(code) : nok(code)
      }
    }
  }
}

const tokenizeMathFlow: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
  const self = this
  return start

  function start(code: Code): State | undefined {
    effects.enter('mathFlow')
    effects.enter('mathFlowFence')
    effects.enter('mathFlowFenceSequence')
    effects.consume(code)
    return secondDollar
  }

  function secondDollar(code: Code): State | undefined {
    if (code !== dollarSign) return nok(code)
    effects.consume(code)
    return function (code: Code) {
      if (code === dollarSign) return nok(code)
      effects.exit('mathFlowFenceSequence')
      return markdownSpace(code) ? factorySpace(effects, openEnd, 'whitespace')(code) : openEnd(code)
    }
  }

  function openEnd(code: Code): State | undefined {
    if (!markdownLineEnding(code)) return nok(code)
    effects.exit('mathFlowFence')
    return lineEnding(code)
  }

  function lineEnding(code: Code): State | undefined {
    effects.enter('lineEnding')
    effects.consume(code)
    effects.exit('lineEnding')
    return lineStart
  }

  function lineStart(code: Code): State | undefined {
    // A lazy line, a blank line or the end: HedgeDoc's paragraph ends, no math.
    if (code === null || markdownLineEnding(code) || self.parser.lazy[self.now().line]) return nok(code)
    return effects.attempt(closingFence, after, lineBefore)(code)
  }

  function lineBefore(code: Code): State | undefined {
    return markdownSpace(code) ? effects.check(blankRest, nok, valueStart)(code) : valueStart(code)
  }

  function valueStart(code: Code): State | undefined {
    effects.enter('mathFlowValue')
    return value(code)
  }

  function value(code: Code): State | undefined {
    if (code === null) return nok(code)
    if (markdownLineEnding(code)) {
      effects.exit('mathFlowValue')
      return lineEnding(code)
    }

    effects.consume(code)
    return value
  }

  function after(code: Code): State | undefined {
    effects.exit('mathFlow')
    return ok(code)
  }
}

/** Only whitespace up to the end of the line. */
const blankRest: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return factorySpace(effects, (code) => (code === null || markdownLineEnding(code) ? ok(code) : nok(code)), 'whitespace')
  }
}

const closingFence: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    let size = 0
    return factorySpace(effects, sequenceStart, 'linePrefix', 4)

    function sequenceStart(code: Code): State | undefined {
      effects.enter('mathFlowFence')
      effects.enter('mathFlowFenceSequence')
      return sequence(code)
    }

    function sequence(code: Code): State | undefined {
      if (code === dollarSign && size < 2) {
        size++
        effects.consume(code)
        return sequence
      }

      if (size < 2 || code === dollarSign) return nok(code)
      effects.exit('mathFlowFenceSequence')
      return factorySpace(effects, end, 'whitespace')(code)
    }

    function end(code: Code): State | undefined {
      if (code !== null && !markdownLineEnding(code)) return nok(code)
      effects.exit('mathFlowFence')
      return ok(code)
    }
  }
}

/** micromark syntax extension for HedgeDoc math. */
export function hedgedocMath(): Extension {
  return {
    flow: {[dollarSign]: {name: 'mathFlow', tokenize: tokenizeMathFlow, concrete: true}},
    text: {[dollarSign]: {name: 'mathText', tokenize: tokenizeMathText}}
  }
}

/** mdast-util-from-markdown extension: mdast-util-math's nodes, display math marked. */
export function hedgedocMathFromMarkdown(): FromMarkdownExtension {
  const base = mathFromMarkdown()
  const enterMathText = base.enter!.mathText!
  return {
    ...base,
    enter: {
      ...base.enter,
      mathText(this: CompileContext, token: FromMarkdownToken) {
        enterMathText.call(this, token)
        if (token._hedgedocDisplay) {
          const node = this.stack.at(-2) as InlineMath
          node.data = {...node.data, hedgedocDisplay: true}
        }
      }
    }
  }
}

/** Can `value` be written `$value$` before `after`, by HedgeDoc's rules? */
function singleDollarFits(value: string, after: string): boolean {
  return value !== '' && !value.includes('$') && !/^\s|[\s\\]$/.test(value) && !/^\d/.test(after)
}

/** mdast-util-to-markdown extension: math as HedgeDoc and GitHub read it. */
export function hedgedocMathToMarkdown(): ToMarkdownExtension {
  const base = mathToMarkdown({singleDollarTextMath: true})
  const inlineMath: Handle = function (node: InlineMath, _, __, info) {
    const value = node.value
    if (!node.data?.hedgedocDisplay && singleDollarFits(value, info.after)) return `$${value}$`
    return `$$${value}$$`
  }

  ;(inlineMath as Handle & {peek: () => string}).peek = () => '$'
  return {
    handlers: {...base.handlers, inlineMath},
    // A `$` in text is escaped (`\$5 and \$10`): readers with other math
    // rules (GitHub's, micromark-extension-math's with single dollars, which
    // markdownlint uses) would otherwise find math where HedgeDoc has none.
    unsafe: [
      {character: '$', inConstruct: 'phrasing', notInConstruct: ['autolink', 'destinationLiteral', 'destinationRaw', 'reference', 'titleQuote', 'titleApostrophe']},
      {atBreak: true, character: '$', after: '\\$'}
    ]
  }
}
