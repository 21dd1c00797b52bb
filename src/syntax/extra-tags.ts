/**
 * HedgeDoc's `[name=X]`, `[time=T]` and `[color=C]` tags. HedgeDoc
 * (`replaceExtraTags()` in `public/js/extra.js`) matches
 * `\[name=(.*?)]`, `\[time=([:,.+()\s\w-]*?)]` and `\[color=([#()\s,\w]*?)]`,
 * and only inside blockquotes and list items (`finishView`): elsewhere they
 * stay text, and so they do here. The node is `hedgedocTag` (`name`:
 * `name`, `time` or `color`; `value` as written), a leaf.
 *
 * No package reads them; a text construct on `[` tried before CommonMark's
 * label start, refusing a tag followed by `(` (a link, as markdown-it reads
 * `[name=X](url)`). Whether the tag is in a quote or list item is only known
 * in the tree: the from-markdown side makes text of the others.
 */
import type {Node} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token as FromMarkdownToken} from 'mdast-util-from-markdown'
import type {Handle, Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import {markdownLineEnding} from 'micromark-util-character'
import type {Code, Extension, State, TokenizeContext, Tokenizer} from 'micromark-util-types'

export type TagName = 'name' | 'time' | 'color'

export interface HedgedocTag extends Node {
  type: 'hedgedocTag'
  name: TagName
  /** The tag's value as written (`Alice`, `10:00`, `#907bf7`). */
  value: string
}

declare module 'mdast' {
  interface PhrasingContentMap {
    hedgedocTag: HedgedocTag
  }
  interface RootContentMap {
    hedgedocTag: HedgedocTag
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    hedgedocTag: 'hedgedocTag'
    hedgedocTagName: 'hedgedocTagName'
    hedgedocTagValue: 'hedgedocTagValue'
  }
}

const leftSquareBracket = 91
const rightSquareBracket = 93
const leftParenthesis = 40
const equalsSign = 61

/** `\w` and `\s` as JavaScript reads them (ASCII word characters; spaces and tabs on one line). */
function isWordOrSpace(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 32 || code === 9
}

const allowed: Record<TagName, (code: number) => boolean> = {
  name: () => true,
  time: (code) => isWordOrSpace(code) || ':,.+()-'.includes(String.fromCharCode(code)),
  color: (code) => isWordOrSpace(code) || '#(),'.includes(String.fromCharCode(code))
}

const tokenizeTag: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
  let name = ''
  let tag: TagName | undefined
  return start

  function start(code: Code): State | undefined {
    effects.enter('hedgedocTag')
    effects.consume(code)
    effects.enter('hedgedocTagName')
    return nameInside
  }

  function nameInside(code: Code): State | undefined {
    if (code === equalsSign && (name === 'name' || name === 'time' || name === 'color')) {
      tag = name
      effects.exit('hedgedocTagName')
      effects.consume(code)
      return valueStart
    }

    if (code === null || code < 97 || code > 122 || name.length >= 5) return nok(code)
    name += String.fromCharCode(code)
    effects.consume(code)
    return nameInside
  }

  function valueStart(code: Code): State | undefined {
    if (code === rightSquareBracket) return end(code)
    effects.enter('hedgedocTagValue')
    return value(code)
  }

  function value(code: Code): State | undefined {
    if (code === rightSquareBracket) {
      effects.exit('hedgedocTagValue')
      return end(code)
    }

    if (code === null || markdownLineEnding(code) || code < 0 || !allowed[tag!](code)) return nok(code)
    effects.consume(code)
    return value
  }

  function end(code: Code): State | undefined {
    effects.consume(code)
    effects.exit('hedgedocTag')
    return after
  }

  function after(code: Code): State | undefined {
    return code === leftParenthesis ? nok(code) : ok(code)
  }
}

/** micromark syntax extension for `[name=]`, `[time=]`, `[color=]`. */
export function hedgedocExtraTags(): Extension {
  return {text: {[leftSquareBracket]: {name: 'hedgedocTag', add: 'before', tokenize: tokenizeTag}}}
}

/** mdast-util-from-markdown extension: `hedgedocTag` nodes in quotes and list items, text elsewhere. */
export function hedgedocExtraTagsFromMarkdown(): FromMarkdownExtension {
  let name: TagName = 'name'
  let value = ''
  return {
    enter: {
      hedgedocTag() {
        value = ''
      }
    },
    exit: {
      hedgedocTagName(this: CompileContext, token: FromMarkdownToken) {
        name = this.sliceSerialize(token) as TagName
      },
      hedgedocTagValue(this: CompileContext, token: FromMarkdownToken) {
        value = this.sliceSerialize(token)
      },
      hedgedocTag(this: CompileContext, token: FromMarkdownToken) {
        if (this.stack.some((node) => node.type === 'blockquote' || node.type === 'listItem')) {
          this.enter({type: 'hedgedocTag', name, value} as never, token)
          this.exit(token)
        } else {
          // As text, the way CommonMark's data is added (joined to the text before it).
          this.config.enter.data!.call(this, token)
          this.config.exit.data!.call(this, token)
        }
      }
    }
  }
}

/** mdast-util-to-markdown extension: the tags as written. */
export function hedgedocExtraTagsToMarkdown(): ToMarkdownExtension {
  const hedgedocTag: Handle = (node: HedgedocTag) => `[${node.name}=${node.value}]`
  // Text that reads as a tag where tags count stays text (`\[name=X]`).
  return {handlers: {hedgedocTag}, unsafe: [{character: '[', after: '(?:name|time|color)=', inConstruct: ['blockquote', 'listItem']}]}
}
