export {convert, type ConvertOptions, type ConvertResult, type ConvertData, type Message} from './pipeline/convert.js'
export {createProcessor, type ProcessorOptions} from './pipeline/processor.js'
export {default as remarkAlerts} from './transforms/alerts.js'
export {default as remarkHedgedocBreaks} from './transforms/breaks.js'
export {default as remarkCode} from './transforms/code.js'
export {default as remarkExtraTags} from './transforms/extra-tags.js'
export {default as remarkMinutesFrontmatter} from './transforms/frontmatter.js'
export {default as remarkHeadings} from './transforms/headings.js'
export {default as remarkHedgedocSyntax} from './transforms/hedgedoc-syntax.js'
export {default as remarkHtml} from './transforms/html.js'
export {default as remarkImages} from './transforms/images.js'
export {default as remarkInlineMarks} from './transforms/inline-marks.js'
export {default as remarkLinks} from './transforms/links.js'
export {default as remarkLists} from './transforms/lists.js'
export {default as remarkSlides} from './transforms/slides.js'
export {default as remarkTidy} from './transforms/tidy.js'
export {default as remarkToc} from './transforms/toc.js'
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
export {checkFiles, fixFiles, type CheckFilesOptions, type CheckReport, type FileFix} from './check/check.js'
export {findFiles} from './check/files.js'
export {checkText, type CheckTextOptions, type FileResult} from './check/offline.js'
export {checkOnline, type OnlineOptions, type OnlineReport} from './check/online.js'
export type {Fix, Problem} from './check/problem.js'
export {rules, type Rule, type RuleId, type Setting, type Severity} from './check/rules.js'
