/**
 * Zulip's mentions, pasted from a chat into a note: `@**Ana Lee**` (a user),
 * `@_**Ana Lee**` (a silent mention), `@**Ana Lee|12**` (with the user id)
 * and `#**general>release**` (a stream and topic). HedgeDoc has no such
 * syntax: it reads `@` and bold text, but a silent mention's `_` pairs with
 * the next one's as emphasis (`@_**a** and @_**b**` shows `_**a** and @_` in
 * italics), and the stringifier then writes `@*__a__ and @*__b__`, which
 * markdownlint rejects (MD050).
 *
 * Read as one construct, before emphasis: the node is `chatMention` (`kind`:
 * `user`, `silent` or `stream`; `value`: the name as written), a leaf, so no
 * other transform reads the name as Markdown or as a GitHub `@handle`. It is
 * written `@**name**` (the silent `_` is markup, not text: a reader sees the
 * name either way) or `#**name**`: the `@` and the name in bold, as HedgeDoc
 * shows a lone mention, and lint-clean.
 *
 * No package reads them; a text construct on `@` and `#`, written by hand.
 */
import type {Node} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token as FromMarkdownToken} from 'mdast-util-from-markdown'
import type {Handle, Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import {markdownLineEnding, unicodePunctuation, unicodeWhitespace} from 'micromark-util-character'
import type {Code, Extension, State, TokenizeContext, Tokenizer} from 'micromark-util-types'

export type ChatMentionKind = 'user' | 'silent' | 'stream'

export interface ChatMention extends Node {
  type: 'chatMention'
  kind: ChatMentionKind
  /** The name as written (`Ana Lee`, `Ana Lee|12`, `general>release`). */
  value: string
}

declare module 'mdast' {
  interface PhrasingContentMap {
    chatMention: ChatMention
  }
  interface RootContentMap {
    chatMention: ChatMention
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    chatMention: 'chatMention'
    chatMentionMarker: 'chatMentionMarker'
    chatMentionName: 'chatMentionName'
  }
}

const atSign = 64
const numberSign = 35
const underscore = 95
const asterisk = 42

/** Longest name read (Zulip's full names are at most 100 characters, ids and topics add some). */
const maximum = 200

const tokenizeMention: Tokenizer = function (this: TokenizeContext, effects, ok, nok) {
  const previous = this.previous
  let stars = 0
  let size = 0
  let last: Code = null
  let marker: Code = null
  return start

  function start(code: Code): State | undefined {
    // A mention starts a word: not `mail@**x**`.
    if (previous !== null && !unicodeWhitespace(previous) && !unicodePunctuation(previous)) return nok(code)
    marker = code
    effects.enter('chatMention')
    effects.enter('chatMentionMarker')
    effects.consume(code)
    return marker === atSign ? silent : open
  }

  function silent(code: Code): State | undefined {
    if (code === underscore) {
      effects.consume(code)
      return open
    }

    return open(code)
  }

  function open(code: Code): State | undefined {
    if (code !== asterisk) return nok(code)
    effects.consume(code)
    stars++
    if (stars < 2) return open
    effects.exit('chatMentionMarker')
    return nameStart
  }

  function nameStart(code: Code): State | undefined {
    if (code === null || code === asterisk || markdownLineEnding(code) || unicodeWhitespace(code)) return nok(code)
    effects.enter('chatMentionName')
    return name(code)
  }

  function name(code: Code): State | undefined {
    if (code === asterisk) {
      if (unicodeWhitespace(last)) return nok(code)
      effects.exit('chatMentionName')
      effects.enter('chatMentionMarker')
      effects.consume(code)
      return close
    }

    if (code === null || markdownLineEnding(code) || size >= maximum) return nok(code)
    last = code
    size++
    effects.consume(code)
    return name
  }

  function close(code: Code): State | undefined {
    if (code !== asterisk) return nok(code)
    effects.consume(code)
    effects.exit('chatMentionMarker')
    effects.exit('chatMention')
    return ok
  }
}

/** micromark syntax extension for Zulip's `@**name**`, `@_**name**` and `#**stream**`. */
export function chatMention(): Extension {
  const construct = {name: 'chatMention', add: 'before' as const, tokenize: tokenizeMention}
  return {text: {[atSign]: construct, [numberSign]: construct}}
}

/** mdast-util-from-markdown extension: `chatMention` nodes. */
export function chatMentionFromMarkdown(): FromMarkdownExtension {
  let kind: ChatMentionKind = 'user'
  let value = ''
  return {
    exit: {
      chatMentionMarker(this: CompileContext, token: FromMarkdownToken) {
        const marker = this.sliceSerialize(token)
        if (marker.endsWith('**') && marker.length > 2) kind = marker.startsWith('#') ? 'stream' : marker.includes('_') ? 'silent' : 'user'
      },
      chatMentionName(this: CompileContext, token: FromMarkdownToken) {
        value = this.sliceSerialize(token)
      },
      chatMention(this: CompileContext, token: FromMarkdownToken) {
        this.enter({type: 'chatMention', kind, value} as never, token)
        this.exit(token)
      }
    }
  }
}

/** mdast-util-to-markdown extension: `@**name**`, `#**stream**`. */
export function chatMentionToMarkdown(): ToMarkdownExtension {
  const chatMention: Handle = (node: ChatMention) => `${node.kind === 'stream' ? '#' : '@'}**${node.value}**`
  return {handlers: {chatMention}}
}
