// The public API: the exported names, so the surface never changes by accident.
import {expect, it} from 'vitest'
import * as minutes from '../src/index.js'

it('exports exactly these names', () => {
  expect(Object.keys(minutes).sort()).toEqual(
    [
      'checkFiles',
      'checkOnline',
      'checkText',
      'collectFiles',
      'configSchema',
      'convert',
      'createClient',
      'createImageDownloader',
      'createImageResolver',
      'createProcessor',
      'defaultConfig',
      'findFiles',
      'findToken',
      'fixFiles',
      'hedgedocAbbreviation',
      'hedgedocAbbreviationFromMarkdown',
      'hedgedocAbbreviationToMarkdown',
      'hedgedocContainer',
      'hedgedocContainerFromMarkdown',
      'hedgedocContainerToMarkdown',
      'hedgedocDefinitionList',
      'hedgedocDefinitionListFromMarkdown',
      'hedgedocDefinitionListToMarkdown',
      'hedgedocEmbed',
      'hedgedocEmbedFromMarkdown',
      'hedgedocEmbedToMarkdown',
      'hedgedocExtraTags',
      'hedgedocExtraTagsFromMarkdown',
      'hedgedocExtraTagsToMarkdown',
      'hedgedocHtmlFlow',
      'hedgedocImageSize',
      'hedgedocImageSizeFromMarkdown',
      'hedgedocImageSizeToMarkdown',
      'hedgedocInlineFootnote',
      'hedgedocInlineFootnoteFromMarkdown',
      'hedgedocInlineFootnoteToMarkdown',
      'hedgedocMarks',
      'hedgedocMarksFromMarkdown',
      'hedgedocMarksToMarkdown',
      'hedgedocMath',
      'hedgedocMathFromMarkdown',
      'hedgedocMathToMarkdown',
      'hedgedocTagsHeading',
      'hedgedocTagsHeadingFromMarkdown',
      'hedgedocTagsHeadingToMarkdown',
      'hedgedocToc',
      'hedgedocTocFromMarkdown',
      'hedgedocTocToMarkdown',
      'isUrl',
      'loadConfig',
      'loadTemplate',
      'migrate',
      'parseNoteUrl',
      'publishFiles',
      'readNote',
      'remarkAbbreviations',
      'remarkActionItems',
      'remarkAlerts',
      'remarkCode',
      'remarkDefinitionLists',
      'remarkEmbeds',
      'remarkExtraTags',
      'remarkFootnotes',
      'remarkHeadings',
      'remarkHedgedocBreaks',
      'remarkHedgedocSyntax',
      'remarkHtml',
      'remarkImages',
      'remarkInlineMarks',
      'remarkLinks',
      'remarkLists',
      'remarkMath',
      'remarkMinutesFrontmatter',
      'remarkParseGuard',
      'remarkParticipants',
      'remarkReferences',
      'remarkSlides',
      'remarkSourceText',
      'remarkSpoilers',
      'remarkTags',
      'remarkTidy',
      'remarkToc',
      'renderTemplate',
      'rules',
      'stringifyOptions',
      'validateConfig'
    ].sort()
  )
})

it('the plugins work in another unified pipeline', async () => {
  const {unified} = await import('unified')
  const {default: remarkParse} = await import('remark-parse')
  const {default: remarkStringify} = await import('remark-stringify')
  const file = await unified()
    .use(remarkParse)
    .use(minutes.remarkHedgedocSyntax)
    .use(minutes.remarkAlerts)
    .use(minutes.remarkInlineMarks)
    .use(remarkStringify)
    .process(':::warning\nMind the ==gap==\n:::\n')
  expect(String(file)).toBe('> [!WARNING]\n> Mind the <mark>gap</mark>\n')
})
