/**
 * The worker thread of a migration: note text in, minutes out. Pure CPU
 * work: the main thread reads and writes files, fetches and downloads; a
 * worker only converts, with one processor reused for all its notes.
 *
 * Links to other notes and pictures are resolved by stable functions (so
 * the processor is cached once per worker) that find the note being
 * converted through AsyncLocalStorage.
 */
import {AsyncLocalStorage} from 'node:async_hooks'
import {performance} from 'node:perf_hooks'
// Piscina hands the pool's workerData to each thread as Node's own (a bundle
// has its own copy of piscina, whose workerData the thread never sets).
import {workerData} from 'node:worker_threads'
import type {Config} from '../config/schema.js'
import {findMeetings, type Meetings} from '../meetings/find.js'
import {searchPart} from '../meetings/part.js'
import type {Part, PartReport} from '../meetings/split.js'
import {convert, type ConvertData, type ConvertOptions, type Message} from '../pipeline/convert.js'
import {imageClient} from './images.js'
import {linkTo, noteKey} from './links.js'

export interface WorkerSetup {
  config: Config
  /** Folder template paths are resolved from. */
  cwd: string
  template?: string | undefined
  /** Note key → minutes path (relative to the output folder), known when the run started. */
  map: Record<string, string>
  /** BroadcastChannel name of the main thread's picture service, when pictures are resolved. */
  images?: string | undefined
}

export interface Task {
  text: string
  /** Path of the note, named in messages; its file name may give the date. */
  name: string
  /** Folder of the minutes, relative to the output folder (`.` for its top). */
  directory: string
  team?: string | undefined
  /** Note key → minutes path (`null`: no minutes), overriding the map for this note. */
  links?: Record<string, string | null> | undefined
  /**
   * Convert without a path (a meeting cut from a pad, whose date is its
   * heading's, not the pad file's name); messages then name no file.
   * Default: `false`, `name` is the path.
   */
  anonymous?: boolean | undefined
}

export interface TaskLink {
  url: string
  key: string
  line: number | undefined
  column: number | undefined
  /** Minutes path the link now points at, relative to the output folder; `null`: it stayed. */
  target: string | null
}

export interface TaskResult {
  markdown: string
  messages: Message[]
  date: string | undefined
  /** Where the date came from, and the date in the file name when it has one. */
  dateSource: ConvertData['dateSource']
  fileDate: string | undefined
  /** The note's own URL, from its front matter (`url:`). */
  url: string | undefined
  links: TaskLink[]
  /** Copies of pictures the minutes show, relative to the output folder. */
  pictures: string[]
  /** How many participants, and the action items (for a pull request's body). */
  participants: number
  actionItems: Array<{owners: string[]; text: string}>
  /** Milliseconds of conversion. */
  ms: number
}

interface Current {
  directory: string
  links: Record<string, string | null> | undefined
  targets: Map<string, string | null>
  pictures: string[]
  problems: Array<{url: string; reason: string}>
}

const setup = workerData as WorkerSetup
const map = new Map(Object.entries(setup.map))
const storage = new AsyncLocalStorage<Current>()

function targetOf(key: string, current: Current): string | null {
  if (current.links && key in current.links) return current.links[key] ?? null
  return map.get(key) ?? null
}

/** Where a link to another note goes: the relative path of its minutes, when the batch knows them. */
function resolveNoteLink(url: string): string | undefined {
  const current = storage.getStore()
  const key = noteKey(url)
  if (!current || !key) return undefined
  const target = targetOf(key, current)
  current.targets.set(key, target)
  if (target === null) return undefined
  return linkTo(current.directory, target, url)
}

const resolveImage = setup.images ? imageClient(setup.images, () => storage.getStore()) : undefined
const hasLinks = map.size > 0

export default async function convertTask(task: Task, inspect?: ConvertOptions['inspect']): Promise<TaskResult> {
  const started = performance.now()
  const current: Current = {directory: task.directory, links: task.links, targets: new Map(), pictures: [], problems: []}
  const result = await storage.run(current, () =>
    convert(task.text, {
      config: setup.config,
      cwd: setup.cwd,
      ...(task.anonymous ? {} : {path: task.name}),
      ...(setup.template === undefined ? {} : {template: setup.template}),
      ...(task.team === undefined ? {} : {team: task.team}),
      ...(hasLinks || task.links ? {resolveNoteLink} : {}),
      ...(resolveImage ? {resolveImage} : {}),
      ...(inspect ? {inspect} : {})
    })
  )

  const links: TaskLink[] = []
  for (const link of result.data.noteLinks) {
    const key = noteKey(link.url)
    if (key) links.push({url: link.url, key, line: link.line, column: link.column, target: current.targets.get(key) ?? null})
  }

  const messages = result.messages
  for (const {url, reason} of current.problems) {
    const image = result.data.images.find((found) => found.url === url)
    messages.push({
      file: task.name,
      line: image?.line,
      column: image?.column,
      ruleId: 'image-download',
      severity: 'warning',
      message: `Unexpected failure to download picture \`${url}\`, expected a copy next to the minutes; the link stays: ${reason}`
    })
  }

  const own = result.data.frontmatter.url
  return {
    markdown: result.markdown,
    messages,
    date: result.data.date,
    dateSource: result.data.dateSource,
    fileDate: result.data.fileDate,
    url: typeof own === 'string' ? own : undefined,
    links,
    pictures: [...new Set(current.pictures)],
    participants: result.data.participants.length,
    actionItems: result.data.actionItems.map(({owners, text}) => ({owners, text})),
    ms: performance.now() - started
  }
}

/**
 * The meetings of a running pad (`minutes sync`), found in a worker: the
 * main thread then never loads the parser, as in a migration.
 */
export function findTask(task: {text: string; path: string}): Meetings {
  return findMeetings(task.text, {path: task.path, running: true})
}

/**
 * One part of a running pad (`minutes sync`, see src/meetings/split.ts):
 * searched, and a meeting's part converted as `task` says in the same parse.
 */
export async function partTask({part, task}: {part: Part; task?: Omit<Task, 'text'> | undefined}): Promise<{report: PartReport; result?: TaskResult | undefined}> {
  let result: TaskResult | undefined
  const report = await searchPart(
    part,
    task
      ? async (text, look) => {
          result = await convertTask({...task, text}, (tree, source) => look({tree, source}))
        }
      : undefined
  )
  return {report, result}
}
