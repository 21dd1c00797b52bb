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
import {unified} from 'unified'
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
import remarkLinks, {type Options as LinksOptions} from '../transforms/links.js'
import remarkLists from '../transforms/lists.js'
import remarkMath from '../transforms/math.js'
import remarkParticipants from '../transforms/participants.js'
import remarkReferences from '../transforms/references.js'
import remarkSlides from '../transforms/slides.js'
import remarkSpoilers from '../transforms/spoilers.js'
import remarkTags from '../transforms/tags.js'
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
    .use(remarkGfm, {singleTilde: false, tablePipeAlign: false})
    .use(remarkHedgedocSyntax)
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
    .use(remarkTidy)
    .use(remarkStringify, stringifyOptions)
}
