/**
 * Plugin: the HedgeDoc and HackMD dialect as syntax, for any unified
 * pipeline with remark-parse and remark-stringify. It adds each construct's
 * micromark extension (parsing), mdast-util-from-markdown extension (the
 * tree) and mdast-util-to-markdown extension (writing the HedgeDoc form
 * back), as remark-gfm does for GFM: a note is parsed once, and a tree
 * stringified without the minutes transforms gives the note back.
 *
 * Zulip's mentions (`@**name**`), pasted from chats, are read here too.
 *
 * The constructs live in one module each (src/syntax/*.ts), exported on
 * their own too; the minutes transforms (src/transforms/) turn the nodes into
 * what GitHub shows.
 */
import type {Processor} from 'unified'
import {chatMention, chatMentionFromMarkdown, chatMentionToMarkdown} from './chat-mention.js'
import {hedgedocAbbreviation, hedgedocAbbreviationFromMarkdown, hedgedocAbbreviationToMarkdown} from './abbreviation.js'
import {hedgedocContainer, hedgedocContainerFromMarkdown, hedgedocContainerToMarkdown} from './container.js'
import {hedgedocDefinitionList, hedgedocDefinitionListFromMarkdown, hedgedocDefinitionListToMarkdown} from './definition-list.js'
import {hedgedocEmbed, hedgedocEmbedFromMarkdown, hedgedocEmbedToMarkdown} from './embed.js'
import {hedgedocExtraTags, hedgedocExtraTagsFromMarkdown, hedgedocExtraTagsToMarkdown} from './extra-tags.js'
import {hedgedocHtmlFlow} from './html-flow.js'
import {hedgedocImageSize, hedgedocImageSizeFromMarkdown, hedgedocImageSizeToMarkdown} from './image-size.js'
import {hedgedocInlineFootnote, hedgedocInlineFootnoteFromMarkdown, hedgedocInlineFootnoteToMarkdown} from './inline-footnote.js'
import {hedgedocMarks, hedgedocMarksFromMarkdown, hedgedocMarksToMarkdown} from './marks.js'
import {hedgedocMath, hedgedocMathFromMarkdown, hedgedocMathToMarkdown} from './math.js'
import {hedgedocTagsHeading, hedgedocTagsHeadingFromMarkdown, hedgedocTagsHeadingToMarkdown} from './tags-heading.js'
import {hedgedocToc, hedgedocTocFromMarkdown, hedgedocTocToMarkdown} from './toc.js'

export interface Options {
  /** Container names (`:::name`). Default: `success`, `info`, `warning`, `danger`, `spoiler`. */
  containerNames?: readonly string[]
}

export default function remarkHedgedocSyntax(this: Processor, options: Options = {}) {
  const data = this.data()
  const containers = options.containerNames === undefined ? {} : {names: options.containerNames}
  ;(data.micromarkExtensions ??= []).push(
    hedgedocContainer(containers),
    hedgedocDefinitionList(),
    hedgedocAbbreviation(),
    hedgedocTagsHeading(),
    hedgedocToc(),
    hedgedocMath(),
    hedgedocHtmlFlow(),
    hedgedocMarks(),
    hedgedocImageSize(),
    hedgedocInlineFootnote(),
    hedgedocExtraTags(),
    hedgedocEmbed(),
    chatMention()
  )
  ;(data.fromMarkdownExtensions ??= []).push(
    hedgedocContainerFromMarkdown(),
    hedgedocDefinitionListFromMarkdown(),
    hedgedocAbbreviationFromMarkdown(),
    hedgedocTagsHeadingFromMarkdown(),
    hedgedocTocFromMarkdown(),
    hedgedocMathFromMarkdown(),
    hedgedocMarksFromMarkdown(),
    hedgedocImageSizeFromMarkdown(),
    hedgedocInlineFootnoteFromMarkdown(),
    hedgedocExtraTagsFromMarkdown(),
    hedgedocEmbedFromMarkdown(),
    chatMentionFromMarkdown()
  )
  ;(data.toMarkdownExtensions ??= []).push(
    hedgedocContainerToMarkdown(containers),
    hedgedocDefinitionListToMarkdown(),
    hedgedocAbbreviationToMarkdown(),
    hedgedocTagsHeadingToMarkdown(),
    hedgedocTocToMarkdown(),
    hedgedocMathToMarkdown(),
    hedgedocMarksToMarkdown(),
    hedgedocImageSizeToMarkdown(),
    hedgedocInlineFootnoteToMarkdown(),
    hedgedocExtraTagsToMarkdown(),
    hedgedocEmbedToMarkdown(),
    chatMentionToMarkdown()
  )
}
