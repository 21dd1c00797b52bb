// The public API of both entry points: the exported names, so the surface
// never changes by accident, and what `hedgedoc-minutes/plugins` loads.
import {execFile} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {describe, expect, it} from 'vitest'
import * as minutes from '../src/index.js'
import * as plugins from '../src/plugins.js'
import {root} from './helpers/cli.js'

const run = promisify(execFile)

/** `hedgedoc-minutes/plugins`: the plugins and stringifyOptions and the syntax extensions. */
const pluginNames = [
  'remarkMinutesAbbreviations',
  'remarkMinutesActionItems',
  'remarkMinutesAlerts',
  'remarkMinutesBreaks',
  'remarkMinutesCode',
  'remarkMinutesDefinitionLists',
  'remarkMinutesEmbeds',
  'remarkMinutesExtraTags',
  'remarkMinutesFootnotes',
  'remarkMinutesFrontmatter',
  'remarkMinutesHeadings',
  'remarkMinutesHedgedocSyntax',
  'remarkMinutesHtml',
  'remarkMinutesImages',
  'remarkMinutesInlineMarks',
  'remarkMinutesLinkSyntax',
  'remarkMinutesLinks',
  'remarkMinutesLists',
  'remarkMinutesMath',
  'remarkMinutesParseGuard',
  'remarkMinutesParticipants',
  'remarkMinutesReferences',
  'remarkMinutesSlides',
  'remarkMinutesSourceText',
  'remarkMinutesSpoilers',
  'remarkMinutesTags',
  'remarkMinutesTidy',
  'remarkMinutesToc',
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
  'chatMention',
  'chatMentionFromMarkdown',
  'chatMentionToMarkdown',
  'stringifyOptions'
]

it('hedgedoc-minutes exports exactly these names', () => {
  expect(Object.keys(minutes).sort()).toEqual(
    [
      'checkFiles',
      'checkOnline',
      'checkText',
      'collectFiles',
      'configSchema',
      'convert',
      'convertMeeting',
      'createClient',
      'createImageDownloader',
      'createImageResolver',
      'createProcessor',
      'defaultConfig',
      'findFiles',
      'findMeetings',
      'findToken',
      'fixFiles',
      'isUrl',
      'loadConfig',
      'loadTemplate',
      'migrate',
      'parseNoteUrl',
      'publishFiles',
      'readNote',
      'renderTemplate',
      'rules',
      'sync',
      'validateConfig',
      ...pluginNames
    ].sort()
  )
})

it('hedgedoc-minutes/plugins exports exactly these names, the same objects as the main entry', () => {
  expect(Object.keys(plugins).sort()).toEqual([...pluginNames].sort())
  for (const name of pluginNames) expect(minutes[name as keyof typeof minutes]).toBe(plugins[name as keyof typeof plugins])
})

it('hedgedoc-minutes/plugins exports each plugin\'s Options type, and the types of what plugins put in file.data', async () => {
  // The type checker's view of src/plugins.ts: values and types alike.
  const ts = (await import('typescript')).default
  const file = fileURLToPath(new URL('../src/plugins.ts', import.meta.url))
  const program = ts.createProgram([file], {module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, skipLibCheck: true})
  const checker = program.getTypeChecker()
  const symbols = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!)
  const names = symbols.map((symbol) => symbol.name)
  expect(names.filter((name) => !pluginNames.includes(name)).sort()).toEqual([
    'Abbreviation',
    'AbbreviationDefinition',
    'ActionItem',
    'AlertType',
    'ChatMention',
    'ChatMentionKind',
    'DefList',
    'DefListDescription',
    'DefListTerm',
    'EmbedKind',
    'HedgedocContainer',
    'HedgedocEmbed',
    'HedgedocTag',
    'HedgedocTags',
    'HedgedocToc',
    'ImageReference',
    'InlineFootnote',
    'Insert',
    'Mark',
    'NoteLink',
    'Participant',
    'Reference',
    'RemarkMinutesBreaksOptions',
    'RemarkMinutesCodeOptions',
    'RemarkMinutesFrontmatterOptions',
    'RemarkMinutesHeadingsOptions',
    'RemarkMinutesHedgedocSyntaxOptions',
    'RemarkMinutesImagesOptions',
    'RemarkMinutesLinksOptions',
    'RemarkMinutesParseGuardOptions',
    'RemarkMinutesParticipantsOptions',
    'RemarkMinutesReferencesOptions',
    'RemarkMinutesSpoilersOptions',
    'RemarkMinutesTocOptions',
    'Subscript',
    'Superscript',
    'TagName'
  ])
  // Every plugin that takes options has its type exported.
  const withOptions = symbols
    .filter((symbol) => symbol.name.startsWith('remark'))
    .filter((symbol) => checker.getTypeOfSymbol(checker.getAliasedSymbol(symbol)).getCallSignatures().some((signature) => signature.getParameters().length > 0))
    .map((symbol) => symbol.name)
  expect(withOptions).toHaveLength(12)
  for (const name of withOptions) expect(names).toContain(`R${name.slice(1)}Options`)
})

it('the plugins work in another unified pipeline', async () => {
  const {unified} = await import('unified')
  const {default: remarkParse} = await import('remark-parse')
  const {default: remarkStringify} = await import('remark-stringify')
  const file = await unified()
    .use(remarkParse)
    .use(plugins.remarkMinutesHedgedocSyntax)
    .use(plugins.remarkMinutesAlerts)
    .use(plugins.remarkMinutesInlineMarks)
    .use(remarkStringify)
    .process(':::warning\nMind the ==gap==\n:::\n')
  expect(String(file)).toBe('> [!WARNING]\n> Mind the <mark>gap</mark>\n')
})

describe('importing hedgedoc-minutes/plugins', () => {
  it('is what package.json exports', async () => {
    const {stdout} = await run(process.execPath, ['--input-type=module', '-e', "const p = await import('hedgedoc-minutes/plugins'); console.log(Object.keys(p).length)"], {cwd: root})
    expect(Number(stdout)).toBe(pluginNames.length)
  })

  it('loads no octokit, no CLI code, no templates (liquidjs), no configuration (zod), no unified', async () => {
    const tracer = fileURLToPath(new URL('helpers/trace-imports.mjs', import.meta.url))
    const {stderr} = await run(process.execPath, ['--import', tracer, '--input-type=module', '-e', "await import('hedgedoc-minutes/plugins')"], {cwd: root})
    const line = (prefix: string) => JSON.parse(stderr.split('\n').find((text) => text.startsWith(prefix))!.slice(prefix.length)) as string[]
    const packages = line('LOADED ')
    const own = line('OWN ')
    expect(packages.filter((name) => /^(@octokit\/|liquidjs|commander|chalk|zod|lilconfig|unified$|remark-|piscina|file-type|cli-progress)/.test(name))).toEqual([])
    expect(packages).toContain('unist-util-visit')
    expect(own).toContain('dist/plugins.js')
    expect(own.filter((file) => /^dist\/(cli|commands|github|check|publish|migrate|render|config|report|output|input|net)\//.test(file))).toEqual([])
  })
})
