/**
 * HedgeDoc and HackMD embeds, `{%kind argument %}`, as HedgeDoc's
 * markdown-it-regexp rules read them (`public/js/extra.js`): `{%` then the
 * kind with no space, optional whitespace, the argument, optional whitespace,
 * `%}`, on one line. The argument must fit the kind, else it is text:
 *
 * - `youtube`: an 11-character id (`[\w-]{11}`), or (HackMD) a YouTube URL;
 * - `vimeo`: 6 to 11 digits; `gist`: `user/id`;
 * - `slideshare`, `speakerdeck`: `user/slides`;
 * - `pdf`: an http(s) URL;
 * - `hackmd` (HackMD): a note id, `@user/note`, or a URL.
 *
 * The node is `hedgedocEmbed` (`kind`, `value` as written), a leaf. No
 * package reads these; a text construct on `{`.
 */
import type {Node} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token as FromMarkdownToken} from 'mdast-util-from-markdown'
import type {Handle, Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import {markdownLineEnding, markdownSpace} from 'micromark-util-character'
import type {Code, Extension, State, TokenizeContext, Tokenizer} from 'micromark-util-types'

export type EmbedKind = 'youtube' | 'vimeo' | 'gist' | 'slideshare' | 'speakerdeck' | 'pdf' | 'hackmd'

export interface HedgedocEmbed extends Node {
  type: 'hedgedocEmbed'
  kind: EmbedKind
  /** The argument as written (an id, `user/id`, a URL). */
  value: string
}

declare module 'mdast' {
  interface PhrasingContentMap {
    hedgedocEmbed: HedgedocEmbed
  }
  interface RootContentMap {
    hedgedocEmbed: HedgedocEmbed
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    hedgedocEmbed: 'hedgedocEmbed'
    hedgedocEmbedMarker: 'hedgedocEmbedMarker'
    hedgedocEmbedKind: 'hedgedocEmbedKind'
    hedgedocEmbedValue: 'hedgedocEmbedValue'
  }
}

/** YouTube video URLs HackMD accepts; the id is the first group. */
export const youtubeUrl = /^https?:\/\/(?:(?:www\.|m\.)?youtube\.com\/(?:watch\?(?:\S*&)?v=|embed\/|shorts\/|live\/)|youtu\.be\/)([\w-]{11})(?![\w-])\S*$/

const arguments_: Record<EmbedKind, RegExp> = {
  youtube: new RegExp(`^[\\w-]{11}$|${youtubeUrl.source}`),
  vimeo: /^\d{6,11}$/,
  gist: /^\w+\/\w+$/,
  slideshare: /^\w+\/[\w-]+$/,
  speakerdeck: /^\w+\/[\w-]+$/,
  pdf: /^https?:\/\/\S+$/,
  hackmd: /^(?:@[\w.-]+\/)?[\w-]+$|^https:\/\/\S+$/
}

const leftCurlyBrace = 123
const rightCurlyBrace = 125
const percentSign = 37

const tokenizeEmbed: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
  let kind = ''
  let value = ''
  return start

  function start(code: Code): State | undefined {
    effects.enter('hedgedocEmbed')
    effects.enter('hedgedocEmbedMarker')
    effects.consume(code)
    return percent
  }

  function percent(code: Code): State | undefined {
    if (code !== percentSign) return nok(code)
    effects.consume(code)
    effects.exit('hedgedocEmbedMarker')
    effects.enter('hedgedocEmbedKind')
    return kindInside
  }

  function kindInside(code: Code): State | undefined {
    if (code !== null && code >= 97 && code <= 122 && kind.length < 11) {
      kind += String.fromCharCode(code)
      effects.consume(code)
      return kindInside
    }

    if (!(kind in arguments_)) return nok(code)
    effects.exit('hedgedocEmbedKind')
    return markdownSpace(code) ? whitespace(code) : valueStart(code)
  }

  function whitespace(code: Code): State | undefined {
    if (markdownSpace(code)) {
      effects.enter('whitespace')
      return spaces(code)
    }

    return valueStart(code)
  }

  function spaces(code: Code): State | undefined {
    if (markdownSpace(code)) {
      effects.consume(code)
      return spaces
    }

    effects.exit('whitespace')
    return valueStart(code)
  }

  function valueStart(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code) || code === percentSign) return nok(code)
    effects.enter('hedgedocEmbedValue')
    return valueInside(code)
  }

  // The value runs to the first `%}`; whitespace before it is not part of it.
  function valueInside(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return nok(code)
    if (code === percentSign) return effects.check({tokenize: closing, partial: true}, valueEnd, valueMore)(code)
    if (markdownSpace(code)) return effects.check({tokenize: trailing, partial: true}, valueEnd, valueMore)(code)
    return valueMore(code)
  }

  function valueMore(code: Code): State | undefined {
    value += String.fromCharCode(code!)
    effects.consume(code)
    return valueInside
  }

  function valueEnd(code: Code): State | undefined {
    if (!arguments_[kind as EmbedKind].test(value)) return nok(code)
    effects.exit('hedgedocEmbedValue')
    return markdownSpace(code) ? trailingSpaces(code) : end(code)
  }

  function trailingSpaces(code: Code): State | undefined {
    effects.enter('whitespace')
    return trailingSpace(code)
  }

  function trailingSpace(code: Code): State | undefined {
    if (markdownSpace(code)) {
      effects.consume(code)
      return trailingSpace
    }

    effects.exit('whitespace')
    return end(code)
  }

  function end(code: Code): State | undefined {
    effects.enter('hedgedocEmbedMarker')
    effects.consume(code)
    return endBrace
  }

  function endBrace(code: Code): State | undefined {
    effects.consume(code)
    effects.exit('hedgedocEmbedMarker')
    effects.exit('hedgedocEmbed')
    return ok
  }
}

/** `%}` follows. */
const closing: Tokenizer = function (effects, ok, nok) {
  return function (code) {
    effects.enter('hedgedocEmbedMarker')
    effects.consume(code)
    return function (code) {
      return code === rightCurlyBrace ? ok(code) : nok(code)
    }
  }
}

/** Whitespace, then `%}`. */
const trailing: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
  const self = this
  return function space(code) {
    if (markdownSpace(code)) {
      effects.enter('whitespace')
      effects.consume(code)
      effects.exit('whitespace')
      return space
    }

    return code === percentSign ? closing.call(self, effects, ok, nok)(code) : nok(code)
  }
}

/** micromark syntax extension for embeds. */
export function hedgedocEmbed(): Extension {
  return {text: {[leftCurlyBrace]: {name: 'hedgedocEmbed', tokenize: tokenizeEmbed}}}
}

/** mdast-util-from-markdown extension: `hedgedocEmbed` nodes. */
export function hedgedocEmbedFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      hedgedocEmbed(this: CompileContext, token: FromMarkdownToken) {
        this.enter({type: 'hedgedocEmbed', kind: 'youtube', value: ''} as never, token)
      }
    },
    exit: {
      hedgedocEmbedKind(this: CompileContext, token: FromMarkdownToken) {
        ;(this.stack.at(-1) as unknown as HedgedocEmbed).kind = this.sliceSerialize(token) as EmbedKind
      },
      hedgedocEmbedValue(this: CompileContext, token: FromMarkdownToken) {
        ;(this.stack.at(-1) as unknown as HedgedocEmbed).value = this.sliceSerialize(token)
      },
      hedgedocEmbed(this: CompileContext, token: FromMarkdownToken) {
        this.exit(token)
      }
    }
  }
}

/** mdast-util-to-markdown extension: embeds as HedgeDoc writes them. */
export function hedgedocEmbedToMarkdown(): ToMarkdownExtension {
  const hedgedocEmbed: Handle = (node: HedgedocEmbed) => `{%${node.kind} ${node.value} %}`
  return {
    handlers: {hedgedocEmbed},
    // Text that reads as an embed stays text (`\{%youtube …%}`).
    unsafe: [{character: '{', after: '%', inConstruct: 'phrasing'}]
  }
}
