/**
 * `convert()`: a HedgeDoc note in, GitHub-ready minutes out, with the
 * messages and the data found on the way. The note goes through the
 * processor, then through a template; a template other than `default` is
 * followed by the same normalisation, so its output is lint-clean too.
 */
import type {Root, RootContent} from 'mdast'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {validateConfig} from '../config/load.js'
import {teamInfo, type Config, type ConfigInput} from '../config/schema.js'
import {validateDate} from '../util/date.js'
import type {TemplateData} from '../render/template.js'
import type {ActionItem} from '../transforms/action-items.js'
import type {ImageReference} from '../transforms/images.js'
import type {NoteLink} from '../transforms/links.js'
import type {Participant} from '../transforms/participants.js'
import type {Reference} from '../transforms/references.js'
import {normalizeNote} from '../util/text.js'
import {createProcessor, type ProcessorOptions} from './processor.js'

export interface ConvertOptions {
  /** Path of the note: named in messages, and `20230726.md` gives the date. */
  path?: string
  /** Configuration; missing keys get their defaults. */
  config?: ConfigInput | Config
  /** Team folder (`iaas`), for templates. */
  team?: string
  /** Meeting date (`YYYY-MM-DD`) overriding the note's. */
  date?: string
  /** URL of the note, for templates (`source`). */
  source?: string
  /** Template name (`default`, `summary`) or file. Default: the configuration's `template`. */
  template?: string
  /** Folder relative template paths are resolved from. Default: the working folder. */
  cwd?: string
  /** Soft breaks → hard breaks. Default: on, unless the front matter says `breaks: false`. */
  breaks?: boolean
  /** Where pictures go, e.g. downloaded copies. Default: they stay. */
  resolveImage?: ProcessorOptions['resolveImage']
  /**
   * Called with the tree as parsed, before any transform changes it, and the
   * Markdown it was parsed from (positions point into it): how `check` finds
   * every link, heading and comment with its place without parsing twice.
   * Read the tree, never change it. Default: none.
   */
  inspect?: (tree: Root, source: string) => void
  /** Where links to other HedgeDoc notes go, e.g. their migrated minutes. Default: they stay. */
  resolveNoteLink?: ProcessorOptions['resolveNoteLink']
}

export interface Message {
  /** File the message is about, when known. */
  file: string | undefined
  line: number | undefined
  column: number | undefined
  ruleId: string
  severity: 'error' | 'warning' | 'info'
  message: string
}

export interface ConvertData {
  title: string | undefined
  date: string | undefined
  /** Where the date came from. */
  dateSource: 'option' | 'heading' | 'frontmatter' | 'filename' | undefined
  /** Date in the H1 and in the file name, when they have one. */
  headingDate: string | undefined
  fileDate: string | undefined
  frontmatter: Record<string, unknown>
  tags: string[]
  participants: Participant[]
  actionItems: ActionItem[]
  references: Reference[]
  images: ImageReference[]
  noteLinks: NoteLink[]
  /** Text removed on purpose (repeated headings, duplicate participants, …). */
  removed: string[]
}

export interface ConvertResult {
  markdown: string
  messages: Message[]
  data: ConvertData
}

function toMessage(message: VFileMessage, file: string | undefined): Message {
  return {
    file,
    line: message.line ?? undefined,
    column: message.column ?? undefined,
    ruleId: message.ruleId ?? 'minutes',
    severity: message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info',
    message: message.reason
  }
}

const validated = new WeakMap<object, Config>()

function configOf(input: ConfigInput | Config | undefined): Config {
  if (!input) return validateConfig({})
  let config = validated.get(input)
  if (!config) {
    config = validateConfig(input)
    validated.set(input, config)
  }

  return config
}

type Processor = ReturnType<typeof createProcessor>
const processors = new Map<string, Processor>()
const functionIds = new WeakMap<object, number>()
let nextFunctionId = 0

/**
 * Processors are reused across notes with the same options (migrate converts
 * thousands). Function options (`resolveImage`, `resolveNoteLink`) are told
 * apart by identity: pass the same function for many notes to share one
 * processor. The cache is bounded, so a new closure per note costs a
 * processor per note but never leaks.
 */
function processorFor(options: ProcessorOptions): Processor {
  const key = JSON.stringify(options, function (_, value: unknown) {
    if (typeof value !== 'function') return value
    let id = functionIds.get(value)
    if (id === undefined) {
      id = nextFunctionId++
      functionIds.set(value, id)
    }

    return `function#${id}`
  })
  let processor = processors.get(key)
  if (!processor) {
    if (processors.size >= 32) processors.clear()
    processor = createProcessor(options).freeze() as Processor
    processors.set(key, processor)
  }

  return processor
}

function emptyData(): ConvertData {
  return {
    title: undefined,
    date: undefined,
    dateSource: undefined,
    headingDate: undefined,
    fileDate: undefined,
    frontmatter: {},
    tags: [],
    participants: [],
    actionItems: [],
    references: [],
    images: [],
    noteLinks: [],
    removed: []
  }
}

export async function convert(markdown: string, options: ConvertOptions = {}): Promise<ConvertResult> {
  const {path} = options
  const config = configOf(options.config)
  if (options.date !== undefined) validateDate(options.date)
  const text = normalizeNote(markdown)
  if (!text.trim()) return {markdown: '', messages: [], data: emptyData()}

  const processorOptions: ProcessorOptions = {
    org: config.org,
    aliases: config.aliases,
    abbreviations: config.abbreviations,
    repositories: config.repositories,
    hedgedocUrl: config.hedgedoc,
    ...(options.breaks === undefined ? {} : {breaks: options.breaks}),
    ...(options.date === undefined ? {} : {date: options.date}),
    ...(options.resolveImage === undefined ? {} : {resolveImage: options.resolveImage}),
    ...(options.resolveNoteLink === undefined ? {} : {resolveNoteLink: options.resolveNoteLink})
  }
  const processor = processorFor(processorOptions)
  const file = new VFile(path === undefined ? {value: text} : {value: text, path})
  const parsed = processor.parse(file)
  options.inspect?.(parsed, file.data.parsedSource ?? text)
  const tree = (await processor.run(parsed, file)) as Root
  const template = options.template ?? config.template
  let output = processor.stringify(tree, file)

  if (template !== 'default') {
    const data = templateData(tree, file, processor, config, options)
    // The template engine loads only when a template other than `default` is used.
    const {loadTemplate, renderTemplate} = await import('../render/template.js')
    const rendered = await renderTemplate(await loadTemplate(template, options.cwd ?? process.cwd()), data, template)
    // The same normalisation again, without the image and link steps (already done).
    const {resolveImage, resolveNoteLink, ...plain} = processorOptions
    const normaliser = processorFor(plain)
    const again = new VFile(path === undefined ? {value: rendered} : {value: rendered, path})
    output = normaliser.stringify((await normaliser.run(normaliser.parse(again), again)) as Root, again)
  }

  return {
    markdown: output,
    messages: file.messages.map((message) => toMessage(message, path)),
    data: {
      title: file.data.title,
      date: file.data.date,
      dateSource: file.data.dateSource,
      headingDate: file.data.headingDate,
      fileDate: file.data.fileDate,
      frontmatter: file.data.frontmatter ?? {},
      tags: file.data.tags ?? [],
      participants: file.data.participants ?? [],
      actionItems: file.data.actionItems ?? [],
      references: file.data.references ?? [],
      images: file.data.images ?? [],
      noteLinks: file.data.noteLinks ?? [],
      removed: file.data.removed ?? []
    }
  }
}

function templateData(tree: Root, file: VFile, processor: Processor, config: Config, options: ConvertOptions): TemplateData {
  const children = [...tree.children]
  const yaml = children[0]?.type === 'yaml' ? children.shift() : undefined
  const title = children[0]?.type === 'heading' && children[0].depth === 1 ? children.shift() : undefined
  const markdown = (nodes: RootContent[]) => processor.stringify({type: 'root', children: nodes}, file).replace(/\n+$/, '')
  const team = options.team ?? ''
  return {
    title: title?.type === 'heading' ? markdown([{type: 'paragraph', children: title.children}]) : '',
    date: file.data.date ?? '',
    team,
    teamName: team ? teamInfo(config, team).name : team,
    participants: (file.data.participants ?? []).map(({handle, text}) => ({handle, text})),
    body: markdown(children),
    actionItems: (file.data.actionItems ?? []).map(({owners, text}) => ({owners, text})),
    actionItemsSection: children.some((node) => node.type === 'heading' && /^action items$/i.test(processor.stringify({type: 'root', children: [{type: 'paragraph', children: node.children}]}).trim())),
    source: options.source ?? '',
    tags: file.data.tags ?? [],
    frontmatter: yaml?.type === 'yaml' ? yaml.value : ''
  }
}
