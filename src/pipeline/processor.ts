/**
 * The one place where the pipeline is put together: parse (remark-parse with
 * GFM, front matter and the HedgeDoc syntax extensions, src/syntax/, one
 * parse) → one plugin per concern → remark-stringify tuned to markdownlint.
 * Nothing else calls `.use(`.
 */
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import {combineExtensions} from 'micromark-util-combine-extensions'
import stringWidth from 'string-width'
import {unified, type Processor} from 'unified'
import remarkActionItems from '../transforms/action-items.js'
import remarkAbbreviations from '../transforms/abbreviations.js'
import remarkAlerts from '../transforms/alerts.js'
import remarkHedgedocBreaks from '../transforms/breaks.js'
import remarkCode from '../transforms/code.js'
import remarkDefinitionLists from '../transforms/definition-lists.js'
import remarkEmbeds from '../transforms/embeds.js'
import remarkExtraTags from '../transforms/extra-tags.js'
import remarkFootnotes from '../transforms/footnotes.js'
import remarkMinutesFrontmatter from '../transforms/frontmatter.js'
import remarkHeadings from '../transforms/headings.js'
import remarkHtml from '../transforms/html.js'
import remarkImages, {type Options as ImagesOptions} from '../transforms/images.js'
import remarkInlineMarks from '../transforms/inline-marks.js'
import remarkLinkSyntax from '../transforms/link-syntax.js'
import remarkLinks, {type Options as LinksOptions} from '../transforms/links.js'
import remarkLists from '../transforms/lists.js'
import remarkMath from '../transforms/math.js'
import remarkParticipants from '../transforms/participants.js'
import remarkReferences from '../transforms/references.js'
import remarkSlides from '../transforms/slides.js'
import remarkSpoilers from '../transforms/spoilers.js'
import remarkTags from '../transforms/tags.js'
import remarkNestingLimit from '../transforms/nesting.js'
import remarkTidy from '../transforms/tidy.js'
import remarkToc from '../transforms/toc.js'
import remarkHedgedocSyntax from '../syntax/hedgedoc.js'
import remarkParseGuard from './parse-guard.js'
import remarkSourceText from './source-text.js'
import {stringifyOptions} from './stringify.js'

export interface ProcessorOptions {
  /** Soft breaks → hard breaks. Default: on, unless the front matter says `breaks: false`. */
  breaks?: boolean
  /** Meeting date (`YYYY-MM-DD`) overriding the note's. Default: found in the note. */
  date?: string
  /** HedgeDoc server of the note. Default: `https://input.scs.community`. */
  hedgedocUrl?: string
  /** Where pictures go (see the images plugin). Default: they stay. */
  resolveImage?: ImagesOptions['resolve']
  /** Where links to other notes go (see the links plugin). Default: they stay. */
  resolveNoteLink?: LinksOptions['resolve']
  /** Organisation whose repositories are written `repo#12`. Default: `SovereignCloudStack`. */
  org?: string
  /** Plain names → GitHub handles. Default: `{}`. */
  aliases?: Record<string, string>
  /** Written repository names → real ones. Default: `{}`. */
  abbreviations?: Record<string, string>
  /** Repository names link texts may name. Default: `[]`. */
  repositories?: string[]
  /**
   * Parse the block structure only: headings, lists, quotes, code, tables,
   * HTML and front matter come out exactly as in a full parse, but the text
   * inside them stays as written (no emphasis, links, escapes or
   * references), which makes parsing a large pad cheaper. For finding the
   * meetings of a note (src/meetings/find.ts); only `parse()` is meant to
   * be used. Default: `false`.
   */
  blocksOnly?: boolean
}

/**
 * The micromark constructs of inline text (CommonMark, GFM and the chat
 * mentions of src/syntax/chat-mention.ts): switched off
 * with `blocksOnly`. Block structure never depends on them (CommonMark
 * parses blocks first), so the tree's blocks stay the same.
 */
const inlineConstructs = [
  'attention',
  'autolink',
  'characterEscape',
  'characterReference',
  'codeText',
  'hardBreakEscape',
  'htmlText',
  'labelEnd',
  'labelStartImage',
  'labelStartLink',
  'wwwAutolink',
  'protocolAutolink',
  'emailAutolink',
  'gfmFootnoteCall',
  'gfmPotentialFootnoteCall',
  'strikethrough',
  'tasklistCheck',
  'chatMention'
]

/**
 * The syntax extensions of the plugins before it, combined once: micromark
 * otherwise combines them again for every parse (7% of parsing the corpus).
 * Combined in two steps, the constructs keep their order.
 */
function remarkCombinedSyntax(this: Processor) {
  const data = this.data()
  data.micromarkExtensions = [combineExtensions(data.micromarkExtensions ?? [])]
}

/** A micromark extension that switches the inline constructs off. */
function remarkBlocksOnly(this: Processor) {
  const data = this.data()
  const extensions = (data.micromarkExtensions ??= [])
  extensions.push({disable: {null: inlineConstructs}})
}

export function createProcessor(options: ProcessorOptions = {}) {
  const breaks = options.breaks === undefined ? {} : {breaks: options.breaks}
  const date = options.date === undefined ? {} : {date: options.date}
  const links = {
    ...(options.hedgedocUrl === undefined ? {} : {hedgedocUrl: options.hedgedocUrl}),
    ...(options.resolveNoteLink === undefined ? {} : {resolve: options.resolveNoteLink})
  }
  const images = options.resolveImage === undefined ? {} : {resolve: options.resolveImage}
  const aliases = options.aliases === undefined ? {} : {aliases: options.aliases}
  const references = {
    ...(options.org === undefined ? {} : {org: options.org}),
    ...(options.abbreviations === undefined ? {} : {abbreviations: options.abbreviations}),
    ...(options.repositories === undefined ? {} : {repositories: options.repositories})
  }

  return unified()
    .use(remarkParse)
    .use(remarkParseGuard)
    .use(remarkFrontmatter, ['yaml'])
    // Tables aligned by display width (wide characters, emoji), as prettier aligns them.
    .use(remarkGfm, {singleTilde: false, stringLength: stringWidth})
    .use(remarkHedgedocSyntax)
    .use(remarkBlocksOnly, Boolean(options.blocksOnly))
    .use(remarkLinkSyntax)
    .use(remarkSourceText)
    .use(remarkMinutesFrontmatter)
    .use(remarkTags)
    .use(remarkSlides)
    .use(remarkHtml)
    .use(remarkLists)
    .use(remarkCode)
    .use(remarkMath)
    .use(remarkHedgedocBreaks, breaks)
    .use(remarkAlerts)
    .use(remarkSpoilers)
    .use(remarkHeadings, date)
    .use(remarkParticipants, aliases)
    .use(remarkExtraTags)
    .use(remarkInlineMarks)
    .use(remarkAbbreviations)
    .use(remarkFootnotes)
    .use(remarkEmbeds)
    .use(remarkReferences, references)
    .use(remarkActionItems)
    .use(remarkToc)
    .use(remarkLinks, links)
    .use(remarkImages, images)
    .use(remarkDefinitionLists)
    .use(remarkNestingLimit)
    .use(remarkTidy)
    .use(remarkCombinedSyntax)
    .use(remarkStringify, stringifyOptions)
}
