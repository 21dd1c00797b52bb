// The public API of `hedgedoc-minutes`: `convert()` and the remark plugins it
// is made of, the configuration, and the functions behind `check`, `migrate`
// and `publish`. test/exports.test.ts lists these names, so the surface never
// changes by accident. `hedgedoc-minutes/plugins` (src/plugins.ts) has the
// plugins alone, without octokit, the CLI or the templates.

// Conversion.
export {convert, type ConvertOptions, type ConvertResult, type ConvertData, type Message} from './pipeline/convert.js'
export {createProcessor, type ProcessorOptions} from './pipeline/processor.js'

// Meetings of a running pad.
export {findMeetings, type FindMeetingsOptions, type Meeting, type Meetings} from './meetings/find.js'
export {convertMeeting} from './meetings/convert.js'

// The remark plugins, their options and syntax extensions: the same names as
// `hedgedoc-minutes/plugins` (src/plugins.ts), which loads only them.
export * from './plugins.js'

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
export {findFiles, type FindFilesOptions} from './check/files.js'
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

// sync.
export {sync, type SyncOptions, type SyncResult, type SyncTeam, type SyncMeeting, type MeetingStatus} from './sync/sync.js'
