// The public API: `convert()` and the remark plugins it is made of, the
// configuration, and the functions behind `check`, `migrate` and `publish`.
// test/exports.test.ts lists these names, so the surface never changes by
// accident.

// Conversion.
export {convert, type ConvertOptions, type ConvertResult, type ConvertData, type Message} from './pipeline/convert.js'
export {createProcessor, type ProcessorOptions} from './pipeline/processor.js'

// The remark plugins, in the order createProcessor() uses them.
export {default as remarkParseGuard} from './pipeline/parse-guard.js'
export {default as remarkHedgedocSyntax} from './syntax/hedgedoc.js'
export {default as remarkSourceText} from './pipeline/source-text.js'
export {default as remarkMinutesFrontmatter} from './transforms/frontmatter.js'
export {default as remarkTags} from './transforms/tags.js'
export {default as remarkSlides} from './transforms/slides.js'
export {default as remarkHtml} from './transforms/html.js'
export {default as remarkLists} from './transforms/lists.js'
export {default as remarkCode} from './transforms/code.js'
export {default as remarkMath} from './transforms/math.js'
export {default as remarkHedgedocBreaks} from './transforms/breaks.js'
export {default as remarkAlerts} from './transforms/alerts.js'
export {default as remarkSpoilers} from './transforms/spoilers.js'
export {default as remarkHeadings} from './transforms/headings.js'
export {default as remarkParticipants, type Participant} from './transforms/participants.js'
export {default as remarkExtraTags} from './transforms/extra-tags.js'
export {default as remarkInlineMarks} from './transforms/inline-marks.js'
export {default as remarkAbbreviations} from './transforms/abbreviations.js'
export {default as remarkFootnotes} from './transforms/footnotes.js'
export {default as remarkEmbeds} from './transforms/embeds.js'
export {default as remarkReferences, type Reference} from './transforms/references.js'
export {default as remarkActionItems, type ActionItem} from './transforms/action-items.js'
export {default as remarkToc} from './transforms/toc.js'
export {default as remarkLinks} from './transforms/links.js'
export {default as remarkImages} from './transforms/images.js'
export {default as remarkDefinitionLists} from './transforms/definition-lists.js'
export {default as remarkTidy} from './transforms/tidy.js'
export {stringifyOptions} from './pipeline/stringify.js'

// The HedgeDoc and HackMD dialect as syntax (issue 13): for each construct a
// micromark extension, an mdast-util-from-markdown extension and an
// mdast-util-to-markdown extension (writing the HedgeDoc form back);
// remarkHedgedocSyntax above adds them all.
export {hedgedocAbbreviation, hedgedocAbbreviationFromMarkdown, hedgedocAbbreviationToMarkdown, type Abbreviation, type AbbreviationDefinition} from './syntax/abbreviation.js'
export {hedgedocContainer, hedgedocContainerFromMarkdown, hedgedocContainerToMarkdown, type HedgedocContainer} from './syntax/container.js'
export {hedgedocDefinitionList, hedgedocDefinitionListFromMarkdown, hedgedocDefinitionListToMarkdown, type DefList, type DefListDescription, type DefListTerm} from './syntax/definition-list.js'
export {hedgedocEmbed, hedgedocEmbedFromMarkdown, hedgedocEmbedToMarkdown, type EmbedKind, type HedgedocEmbed} from './syntax/embed.js'
export {hedgedocExtraTags, hedgedocExtraTagsFromMarkdown, hedgedocExtraTagsToMarkdown, type HedgedocTag, type TagName} from './syntax/extra-tags.js'
export {hedgedocHtmlFlow} from './syntax/html-flow.js'
export {hedgedocImageSize, hedgedocImageSizeFromMarkdown, hedgedocImageSizeToMarkdown} from './syntax/image-size.js'
export {hedgedocInlineFootnote, hedgedocInlineFootnoteFromMarkdown, hedgedocInlineFootnoteToMarkdown, type InlineFootnote} from './syntax/inline-footnote.js'
export {hedgedocMarks, hedgedocMarksFromMarkdown, hedgedocMarksToMarkdown, type Insert, type Mark, type Subscript, type Superscript} from './syntax/marks.js'
export {hedgedocMath, hedgedocMathFromMarkdown, hedgedocMathToMarkdown} from './syntax/math.js'
export {hedgedocTagsHeading, hedgedocTagsHeadingFromMarkdown, hedgedocTagsHeadingToMarkdown, type HedgedocTags} from './syntax/tags-heading.js'
export {hedgedocToc, hedgedocTocFromMarkdown, hedgedocTocToMarkdown, type HedgedocToc} from './syntax/toc.js'

// Configuration and templates.
export {loadConfig, validateConfig, type LoadedConfig} from './config/load.js'
export {configSchema, defaultConfig, type Config, type ConfigInput} from './config/schema.js'
export {renderTemplate, loadTemplate, type TemplateData} from './render/template.js'

// Notes from where they live, and their pictures.
export {readNote, type Note, type NoteInfo, type ReadNoteOptions} from './input/note.js'
export {isUrl, parseNoteUrl, type NoteLocation, type NoteUrlOptions} from './input/note-url.js'
export {
  createImageDownloader,
  createImageResolver,
  type Download,
  type ImageDownloader,
  type ImageDownloaderOptions,
  type ImageResolver,
  type ImageResolverOptions,
  type ImageResult,
  type Picture
} from './output/images.js'

// check.
export {checkFiles, fixFiles, type CheckFilesOptions, type CheckReport, type FileFix} from './check/check.js'
export {findFiles} from './check/files.js'
export {checkText, type CheckTextOptions, type FileResult} from './check/offline.js'
export {checkOnline, type OnlineOptions, type OnlineReport} from './check/online.js'
export type {Fix, Problem} from './check/problem.js'
export {rules, type Rule, type RuleId, type Setting, type Severity} from './check/rules.js'

// migrate.
export {migrate, type MigrateOptions, type MigrateResult, type MigrateSummary, type NoteResult} from './migrate/migrate.js'

// publish.
export {createClient, findToken, type GitHubClient} from './github/client.js'
export {collectFiles, type PublishFile} from './publish/files.js'
export {publishFiles, type PublishOptions, type PublishResult} from './publish/publish.js'
