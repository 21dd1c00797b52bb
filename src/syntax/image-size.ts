/**
 * Sized images, `![alt](src =WxH)`, also `=Wx` and `=xH`, as
 * markdown-it-imsize 2 reads them: the size comes last in the parentheses,
 * after a space, after the destination or the title; `=` then digits (or
 * `%`), `x`, digits (or `%`). The image node keeps the size as
 * `data.imageSize` (`{width, height}`, strings, empty when not given).
 *
 * No package does this for micromark. The extension is a label end (`]`)
 * tried before CommonMark's: for an image label followed by a resource with a
 * size it reads the resource itself and then resolves as CommonMark's label
 * end does (its `resolveTo` and `resolveAll`); anything else is left to
 * CommonMark's.
 */
import type {Image} from 'mdast'
import type {CompileContext, Extension as FromMarkdownExtension, Token as FromMarkdownToken} from 'mdast-util-from-markdown'
import {defaultHandlers, type Handle, type Options as ToMarkdownExtension} from 'mdast-util-to-markdown'
import {labelEnd} from 'micromark-core-commonmark'
import {factoryDestination} from 'micromark-factory-destination'
import {factoryTitle} from 'micromark-factory-title'
import {factoryWhitespace} from 'micromark-factory-whitespace'
import {markdownLineEndingOrSpace} from 'micromark-util-character'
import type {Code, Construct, Extension, State, TokenizeContext, Tokenizer} from 'micromark-util-types'

declare module 'mdast' {
  interface ImageData {
    /** HedgeDoc size (`=WxH`): width and height as written, empty when not given. */
    imageSize?: {width: string; height: string}
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    imageSize: 'imageSize'
    imageSizeMarker: 'imageSizeMarker'
    imageSizeWidth: 'imageSizeWidth'
    imageSizeSeparator: 'imageSizeSeparator'
    imageSizeHeight: 'imageSizeHeight'
  }
}

const codes = {quotationMark: 34, apostrophe: 39, leftParenthesis: 40, rightParenthesis: 41, percent: 37, equals: 61, space: 32, x: 120, rightSquareBracket: 93}

function isSizeCharacter(code: Code): boolean {
  return code === codes.percent || (code !== null && code >= 48 && code <= 57)
}

const sizedResource: Construct = {tokenize: tokenizeSizedResource, partial: true}

const sizedLabelEnd: Construct = {
  name: 'labelEndSized',
  add: 'before',
  tokenize: tokenizeSizedLabelEnd,
  resolveTo: labelEnd.resolveTo!,
  resolveAll: labelEnd.resolveAll!
}

function tokenizeSizedLabelEnd(this: TokenizeContext, effects: Parameters<Tokenizer>[0], ok: State, nok: State): State {
  const labelStarts = this._labelStarts
  // As CommonMark's label end: balanced starts are done with.
  while (labelStarts && labelStarts.length > 0 && labelStarts.at(-1)!._balanced) labelStarts.pop()
  const labelStart = labelStarts?.at(-1)
  return start

  function start(code: Code): State | undefined {
    if (!labelStart || labelStart.type !== 'labelImage') return nok(code)
    effects.enter('labelEnd')
    effects.enter('labelMarker')
    effects.consume(code)
    effects.exit('labelMarker')
    effects.exit('labelEnd')
    return after
  }

  function after(code: Code): State | undefined {
    return code === codes.leftParenthesis ? effects.attempt(sizedResource, done, nok)(code) : nok(code)
  }

  function done(code: Code): State | undefined {
    labelStarts!.pop()
    return ok(code)
  }
}

function tokenizeSizedResource(this: TokenizeContext, effects: Parameters<Tokenizer>[0], ok: State, nok: State): State {
  const self = this
  let sized = false
  return resourceStart

  function resourceStart(code: Code): State | undefined {
    effects.enter('resource')
    effects.enter('resourceMarker')
    effects.consume(code)
    effects.exit('resourceMarker')
    return resourceBefore
  }

  function resourceBefore(code: Code): State | undefined {
    return markdownLineEndingOrSpace(code) ? factoryWhitespace(effects, resourceOpen)(code) : resourceOpen(code)
  }

  function resourceOpen(code: Code): State | undefined {
    if (code === codes.rightParenthesis || code === codes.equals) return nok(code)
    return factoryDestination(
      effects,
      destinationAfter,
      nok,
      'resourceDestination',
      'resourceDestinationLiteral',
      'resourceDestinationLiteralMarker',
      'resourceDestinationRaw',
      'resourceDestinationString',
      32
    )(code)
  }

  function destinationAfter(code: Code): State | undefined {
    return markdownLineEndingOrSpace(code) ? factoryWhitespace(effects, between)(code) : nok(code)
  }

  function between(code: Code): State | undefined {
    if (code === codes.quotationMark || code === codes.apostrophe || code === codes.leftParenthesis) {
      return factoryTitle(effects, titleAfter, nok, 'resourceTitle', 'resourceTitleMarker', 'resourceTitleString')(code)
    }

    return sizeStart(code)
  }

  function titleAfter(code: Code): State | undefined {
    return markdownLineEndingOrSpace(code) ? factoryWhitespace(effects, sizeStart)(code) : nok(code)
  }

  // markdown-it-imsize: a space right before `=`, then a digit or `x`.
  function sizeStart(code: Code): State | undefined {
    if (code !== codes.equals || self.previous !== codes.space) return nok(code)
    effects.enter('imageSize')
    effects.enter('imageSizeMarker')
    effects.consume(code)
    effects.exit('imageSizeMarker')
    return widthStart
  }

  function widthStart(code: Code): State | undefined {
    if (code === codes.x) return separator(code)
    if (code === null || code < 48 || code > 57) return nok(code)
    effects.enter('imageSizeWidth')
    return width(code)
  }

  function width(code: Code): State | undefined {
    if (isSizeCharacter(code)) {
      effects.consume(code)
      return width
    }

    effects.exit('imageSizeWidth')
    return separator(code)
  }

  function separator(code: Code): State | undefined {
    if (code !== codes.x) return nok(code)
    effects.enter('imageSizeSeparator')
    effects.consume(code)
    effects.exit('imageSizeSeparator')
    return heightStart
  }

  function heightStart(code: Code): State | undefined {
    if (!isSizeCharacter(code)) return sizeEnd(code)
    effects.enter('imageSizeHeight')
    return height(code)
  }

  function height(code: Code): State | undefined {
    if (isSizeCharacter(code)) {
      effects.consume(code)
      return height
    }

    effects.exit('imageSizeHeight')
    return sizeEnd(code)
  }

  function sizeEnd(code: Code): State | undefined {
    effects.exit('imageSize')
    sized = true
    return markdownLineEndingOrSpace(code) ? factoryWhitespace(effects, resourceEnd)(code) : resourceEnd(code)
  }

  function resourceEnd(code: Code): State | undefined {
    if (code !== codes.rightParenthesis || !sized) return nok(code)
    effects.enter('resourceMarker')
    effects.consume(code)
    effects.exit('resourceMarker')
    effects.exit('resource')
    return ok
  }
}

/** micromark syntax extension for sized images. */
export function hedgedocImageSize(): Extension {
  return {text: {[codes.rightSquareBracket]: sizedLabelEnd}}
}

/** mdast-util-from-markdown extension: `data.imageSize` on sized images. */
export function hedgedocImageSizeFromMarkdown(): FromMarkdownExtension {
  function image(context: CompileContext): Image {
    const node = context.stack.at(-1) as Image
    node.data ??= {}
    node.data.imageSize ??= {width: '', height: ''}
    return node
  }

  return {
    exit: {
      imageSizeMarker(this: CompileContext) {
        image(this)
      },
      imageSizeWidth(this: CompileContext, token: FromMarkdownToken) {
        image(this).data!.imageSize!.width = this.sliceSerialize(token)
      },
      imageSizeHeight(this: CompileContext, token: FromMarkdownToken) {
        image(this).data!.imageSize!.height = this.sliceSerialize(token)
      }
    }
  }
}

/** mdast-util-to-markdown extension: images write their size back. */
export function hedgedocImageSizeToMarkdown(): ToMarkdownExtension {
  const image: Handle = function (node: Image, parent, state, info) {
    const value = defaultHandlers.image(node, parent, state, info)
    const size = node.data?.imageSize
    if (!size || !value.endsWith(')')) return value
    return `${value.slice(0, -1)} =${size.width}x${size.height})`
  }

  return {handlers: {image}}
}
