// `hedgedoc-minutes/plugins`: the remark plugins that `convert()` is made of
// and the syntax extensions they use, for any unified pipeline. It imports no
// octokit, no CLI code, no templates (liquidjs) and no configuration (zod):
// test/exports.test.ts lists the names and asserts what importing it loads.
//
// Every plugin is named `remarkMinutes…` (no clash with remark-html,
// remark-toc, remark-lists, remark-code, remark-alerts, remark-headings,
// remark-links, remark-images, … on npm; no package is called
// remark-minutes), and each plugin that takes options exports their type as
// `RemarkMinutes…Options`.

// The plugins, in the order createProcessor() uses them.
export {default as remarkMinutesParseGuard, type Options as RemarkMinutesParseGuardOptions} from './pipeline/parse-guard.js'
export {default as remarkMinutesHedgedocSyntax, type Options as RemarkMinutesHedgedocSyntaxOptions} from './syntax/hedgedoc.js'
export {default as remarkMinutesLinkSyntax} from './transforms/link-syntax.js'
export {default as remarkMinutesSourceText} from './pipeline/source-text.js'
export {default as remarkMinutesFrontmatter, type Options as RemarkMinutesFrontmatterOptions} from './transforms/frontmatter.js'
export {default as remarkMinutesTags} from './transforms/tags.js'
export {default as remarkMinutesSlides} from './transforms/slides.js'
export {default as remarkMinutesHtml} from './transforms/html.js'
export {default as remarkMinutesLists} from './transforms/lists.js'
export {default as remarkMinutesCode, type Options as RemarkMinutesCodeOptions} from './transforms/code.js'
export {default as remarkMinutesMath} from './transforms/math.js'
export {default as remarkMinutesBreaks, type Options as RemarkMinutesBreaksOptions} from './transforms/breaks.js'
export {default as remarkMinutesAlerts, type AlertType} from './transforms/alerts.js'
export {default as remarkMinutesSpoilers, type Options as RemarkMinutesSpoilersOptions} from './transforms/spoilers.js'
export {default as remarkMinutesHeadings, type Options as RemarkMinutesHeadingsOptions} from './transforms/headings.js'
export {default as remarkMinutesParticipants, type Options as RemarkMinutesParticipantsOptions, type Participant} from './transforms/participants.js'
export {default as remarkMinutesExtraTags} from './transforms/extra-tags.js'
export {default as remarkMinutesInlineMarks} from './transforms/inline-marks.js'
export {default as remarkMinutesAbbreviations} from './transforms/abbreviations.js'
export {default as remarkMinutesFootnotes} from './transforms/footnotes.js'
export {default as remarkMinutesEmbeds} from './transforms/embeds.js'
export {default as remarkMinutesReferences, type Options as RemarkMinutesReferencesOptions, type Reference} from './transforms/references.js'
export {default as remarkMinutesActionItems, type ActionItem} from './transforms/action-items.js'
export {default as remarkMinutesToc, type Options as RemarkMinutesTocOptions} from './transforms/toc.js'
export {default as remarkMinutesLinks, type Options as RemarkMinutesLinksOptions, type NoteLink} from './transforms/links.js'
export {default as remarkMinutesImages, type Options as RemarkMinutesImagesOptions, type ImageReference} from './transforms/images.js'
export {default as remarkMinutesDefinitionLists} from './transforms/definition-lists.js'
export {default as remarkMinutesTidy} from './transforms/tidy.js'

// remark-stringify's options as the minutes are written.
export {stringifyOptions} from './pipeline/stringify.js'

// The HedgeDoc and HackMD dialect as syntax (src/syntax/): for each construct
// a micromark extension, an mdast-util-from-markdown extension and an
// mdast-util-to-markdown extension (writing the HedgeDoc form back);
// remarkMinutesHedgedocSyntax adds them all.
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
// Zulip's mentions (`@**name**`), pasted from chats: remarkMinutesHedgedocSyntax adds them too.
export {chatMention, chatMentionFromMarkdown, chatMentionToMarkdown, type ChatMention, type ChatMentionKind} from './syntax/chat-mention.js'
