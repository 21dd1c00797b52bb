/**
 * The offline rules for one file. Everything comes from one `convert()` run:
 * its messages (link-text-mismatch, hedgedoc-link, participant-handle,
 * relative `#fragment`s, duplicate-participant, heading-structure), its data
 * (pictures, dates, references), its output (format), and the tree as parsed
 * (links with their places, headings, comments), read through `inspect` so
 * the file is parsed once.
 */
import {stat, readFile} from 'node:fs/promises'
import type {Stats} from 'node:fs'
import {dirname, extname, resolve} from 'node:path'
import type {Heading, Root, RootContent} from 'mdast'
import {structuredPatch} from 'diff'
import GithubSlugger from 'github-slugger'
import {toString} from 'mdast-util-to-string'
import {visit} from '../util/visit.js'
import type {Config} from '../config/schema.js'
import {convert, type ConvertData, type Message} from '../pipeline/convert.js'
import {createProcessor} from '../pipeline/processor.js'
import {meetingDate} from '../meetings/dates.js'
import {headingText} from '../meetings/find.js'
import {headingSlugs} from '../transforms/toc.js'
import {isCalendarDate, dateOf} from '../util/date.js'
import {normalizeNote} from '../util/text.js'
import {readDisables, type Comment, type Disables} from './disable.js'
import {createProblem, type Problem} from './problem.js'
import {isRuleId, type RuleId} from './rules.js'

/** A link, picture or definition as written, with its place. */
interface SourceLink {
  kind: 'link' | 'image' | 'definition' | 'html-image'
  url: string
  line: number
  column: number
}

interface SourceHeading {
  depth: number
  text: string
  line: number
  column: number
  /** A heading at the top level (not in a list, quote or container). */
  top: boolean
  /** The meeting date it names as a meeting title (see meetings/dates.ts). */
  meeting: string | undefined
}

export interface FileResult {
  file: string
  /** The file's text (UTF-8, LF): fix ranges point into it. */
  text: string
  /** Problems with their rules' default severities, before settings and comments. */
  problems: Problem[]
  disables: Disables
  data: ConvertData
  /** What `minutes convert` writes for this file. */
  converted: string
}

export interface CheckTextOptions {
  /** Path of the file as reported; relative links are resolved from its folder. */
  path: string
  config: Config
  /** Folder a path is relative to. Default: the working folder. */
  cwd?: string
  /** The file's bytes, when they differ from `text` (CRLF, BOM): `format` reports them. */
  bytes?: Uint8Array
  /** Root of the repository, for links starting with `/`. Default: found upwards from the file (`.git`). */
  root?: string
  /**
   * The file's `stat` when it was read: files linking to it with a
   * `#fragment` then use the headings of this check's conversion instead of
   * parsing the file again. Default: none.
   */
  stats?: Stats
}

const imgSource = /<img\b[^>]*?\ssrc\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi
const scheme = /^[a-z][a-z\d+.-]*:/i

/** Collect links, pictures, headings and comments from the parsed tree. */
function inspectTree(tree: Root) {
  const links: SourceLink[] = []
  const headings: SourceHeading[] = []
  const comments: Comment[] = []
  visit(tree, function (node) {
    const start = node.position?.start
    if (!start) return
    switch (node.type) {
      case 'link':
      case 'image':
      case 'definition': {
        links.push({kind: node.type, url: node.url, line: start.line, column: start.column})
        break
      }

      case 'heading': {
        const top = tree.children.includes(node as RootContent)
        headings.push({
          depth: (node as Heading).depth,
          text: toString(node),
          line: start.line,
          column: start.column,
          top,
          meeting: top ? meetingDate(headingText(node as Heading))?.date : undefined
        })
        break
      }

      case 'html': {
        if (node.value.startsWith('<!--')) comments.push({value: node.value, line: start.line, endLine: node.position!.end.line})
        if (/<img\b/i.test(node.value)) {
          for (const match of node.value.matchAll(imgSource)) {
            const value = match[1]!
            const url = /^["']/.test(value) ? value.slice(1, -1) : value
            const before = node.value.slice(0, match.index)
            const lines = before.split('\n')
            links.push({
              kind: 'html-image',
              url: url.replace(/&amp;/g, '&'),
              line: start.line + lines.length - 1,
              column: lines.length > 1 ? lines.at(-1)!.length + 1 : start.column + before.length
            })
          }
        }

        break
      }

      default:
    }
  })
  return {links, headings, comments}
}

/** Check one file's text with the offline rules. */
export async function checkText(text: string, options: CheckTextOptions): Promise<FileResult> {
  const {path, config} = options
  const cwd = options.cwd ?? process.cwd()
  let inspected: ReturnType<typeof inspectTree> = {links: [], headings: [], comments: []}
  const result = await convert(text, {
    path,
    config,
    template: 'default',
    cwd,
    inspect(tree) {
      inspected = inspectTree(tree)
    }
  })

  if (options.stats) slugCache.set(slugKey(resolve(cwd, path), options.stats), Promise.resolve(slugsOfHeadings(inspected.headings)))

  // convert drops blank lines before front matter: its lines are that many lower.
  const normalised = normalizeNote(text)
  const shift = normalised.length < text.length ? (text.slice(0, text.length - normalised.length).match(/\n/g)?.length ?? 0) : 0
  const at = (line: number | undefined) => (line === undefined ? undefined : line + shift)

  const problems: Problem[] = []
  const add: Add = (ruleId, line, column, message, fix) => {
    problems.push(createProblem(path, ruleId, at(line), column, message, fix))
  }

  for (const message of result.messages) fromMessage(message, add)

  const hedgedoc = new URL(config.hedgedoc)
  const absolute = resolve(cwd, path)
  const root = options.root ?? (await repositoryRoot(dirname(absolute)))
  const {data} = result

  // Pictures on the HedgeDoc server: a URL on its host, or HedgeDoc's own `/uploads/…`.
  for (const image of data.images) {
    if (isHedgedocUpload(image.url, hedgedoc)) {
      add(
        'hedgedoc-image',
        image.line,
        image.column,
        `Unexpected picture \`${image.url}\` on the HedgeDoc server, expected a copy in the repository (\`minutes convert --checkout\` downloads it) linked relatively`
      )
    }
  }

  // Relative links and pictures: the file must exist.
  const checked = new Map<string, Promise<string | undefined>>()
  for (const link of inspected.links) {
    if (!isRelative(link.url)) continue
    if ((link.kind === 'image' || link.kind === 'html-image') && isHedgedocUpload(link.url, hedgedoc)) continue
    const key = link.url
    let pending = checked.get(key)
    if (!pending) {
      pending = relativeProblem(link.url, dirname(absolute), root)
      checked.set(key, pending)
    }

    const reason = await pending
    if (reason) {
      const what = link.kind === 'image' || link.kind === 'html-image' ? 'picture' : link.kind === 'definition' ? 'link definition to' : 'link to'
      add('relative-link', link.line, link.column, `Unexpected ${what} \`${link.url}\`: ${reason}`)
    }
  }

  dateProblems(data, inspected.headings, add)
  meetingProblems(inspected.headings, add)
  headingProblems(data, inspected.headings, result.messages, add)

  const converted = result.markdown
  const format = formatProblem(text, converted, options.bytes)
  if (format) add('format', format.line, 1, format.message, {description: 'write the file as `minutes convert` does', range: [0, text.length], text: converted})

  const lines = text.split('\n')
  const comments = inspected.comments.map((comment) => ({...comment, line: comment.line + shift, endLine: comment.endLine + shift}))
  return {
    file: path,
    text,
    problems,
    disables: readDisables(comments, lines),
    data: shift === 0 ? data : shiftData(data, shift),
    converted
  }
}

type Add = (ruleId: RuleId, line: number | undefined, column: number | undefined, message: string, fix?: Problem['fix']) => void

function fromMessage(message: Message, add: Add): void {
  // convert's messages about things check reports with its own rules.
  if (!isRuleId(message.ruleId)) return
  add(message.ruleId, message.line, message.column, message.message)
}

function shiftData(data: ConvertData, shift: number): ConvertData {
  const move = <T extends {line: number | undefined}>(items: T[]) => items.map((item) => ({...item, line: item.line === undefined ? undefined : item.line + shift}))
  return {...data, references: move(data.references), images: move(data.images), noteLinks: move(data.noteLinks), participants: move(data.participants)}
}

function isHedgedocUpload(url: string, hedgedoc: URL): boolean {
  if (/^\/uploads\//.test(url)) return true
  try {
    return new URL(url).host === hedgedoc.host
  } catch {
    return false
  }
}

function isRelative(url: string): boolean {
  const value = url.trim()
  return value !== '' && !value.startsWith('#') && !value.startsWith('//') && !scheme.test(value)
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

const roots = new Map<string, Promise<string>>()

/** The folder holding `.git` above `directory`, else `directory`. */
export function repositoryRoot(directory: string): Promise<string> {
  let pending = roots.get(directory)
  if (!pending) {
    pending = (async () => {
      let current = directory
      for (;;) {
        if (await exists(resolve(current, '.git'))) return current
        const parent = dirname(current)
        if (parent === current) return directory
        current = parent
      }
    })()
    roots.set(directory, pending)
  }

  return pending
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

const slugCache = new Map<string, Promise<Set<string> | undefined>>()

function slugKey(path: string, info: Stats): string {
  return `${path}\0${info.size}\0${info.mtimeMs}`
}

/** GitHub slugs of headings, in order (as `headingSlugs` makes them from a tree). */
function slugsOfHeadings(headings: SourceHeading[]): Set<string> {
  const slugger = new GithubSlugger()
  return new Set(headings.map((heading) => slugger.slug(heading.text)))
}

/** A parser with the conversion's syntax, made once, for files no check of this process converted. */
let headingParser: ReturnType<typeof createProcessor> | undefined

/**
 * GitHub slugs of the headings of a Markdown file, read again when its size
 * or modification time (`info`) changed: a later check in the same process
 * (`--fix`'s second pass, a library caller) sees the file as it is now. A
 * file checked in this process has them from its own conversion.
 */
function slugsOf(path: string, info: Stats): Promise<Set<string> | undefined> {
  const key = slugKey(path, info)
  let pending = slugCache.get(key)
  if (!pending) {
    pending = readFile(path, 'utf8').then(
      (content) => {
        headingParser ??= createProcessor().freeze() as ReturnType<typeof createProcessor>
        return headingSlugs(headingParser.parse(normalizeNote(content)) as Root).slugs
      },
      () => undefined
    )
    slugCache.set(key, pending)
  }

  return pending
}

/** Why a relative URL is broken, or `undefined` when its file exists. */
async function relativeProblem(url: string, directory: string, root: string): Promise<string | undefined> {
  const value = url.trim().replace(/^<|>$/g, '')
  const hash = value.indexOf('#')
  const beforeHash = hash === -1 ? value : value.slice(0, hash)
  const fragment = hash === -1 ? '' : decode(value.slice(hash + 1))
  const pathPart = decode(beforeHash.replace(/\?.*$/, ''))
  const target = pathPart.startsWith('/') ? resolve(root, '.' + pathPart) : resolve(directory, pathPart)
  let info
  try {
    info = await stat(target)
  } catch {
    return 'no such file'
  }

  if (fragment && info.isFile() && extname(target).toLowerCase() === '.md') {
    const slugs = await slugsOf(target, info)
    if (slugs && !slugs.has(fragment)) return `no heading of ${pathPart} has the GitHub slug \`${fragment}\``
  }

  return undefined
}

function dateProblems(data: ConvertData, headings: SourceHeading[], add: Add): void {
  const title = headings.find((heading) => heading.depth === 1) ?? headings[0]
  if (!data.date) {
    add(
      'missing-date',
      title?.line ?? 1,
      title?.column ?? 1,
      'Unexpected minutes without a meeting date, expected a date in the title (`# 2024-03-06`) or the file name (`20240306.md`)'
    )
    return
  }

  if (data.fileDate && data.headingDate && data.fileDate !== data.headingDate) {
    add('date-mismatch', title?.line, title?.column, `Unexpected date ${data.headingDate} in the title, expected ${data.fileDate} as in the file name (or rename the file)`)
  }

  const raw = data.frontmatter.date
  const metaDate = raw instanceof Date ? dateOf(raw) : typeof raw === 'string' && isCalendarDate(raw.trim()) ? raw.trim() : undefined
  if (metaDate && data.fileDate && metaDate !== data.fileDate) {
    add('missing-date', 1, 1, `Unexpected date ${metaDate} in the front matter, expected ${data.fileDate} as in the file name`)
  }
}

/**
 * `several-meetings`: the file holds more than one meeting, found as
 * `findMeetings` finds them (top-level headings of the highest level that
 * names meeting dates; see src/meetings/). One problem at each meeting after
 * the first, naming them all.
 */
function meetingProblems(headings: SourceHeading[], add: Add): void {
  const dated = headings.filter((heading) => heading.top && heading.meeting !== undefined)
  if (dated.length < 2) return
  const depth = Math.min(...dated.map((heading) => heading.depth))
  const meetings = dated.filter((heading) => heading.depth === depth)
  if (meetings.length < 2) return
  const all = meetings.map((heading) => `${heading.meeting} (line ${heading.line})`).join(', ')
  for (const heading of meetings.slice(1)) {
    add(
      'several-meetings',
      heading.line,
      heading.column,
      `Unexpected meeting ${heading.meeting} in minutes that already hold one, expected one meeting per file: this file holds ${meetings.length}, ${all} (\`minutes convert FILE --meeting all --checkout DIR --team T\` cuts them apart)`
    )
  }
}

function headingProblems(data: ConvertData, headings: SourceHeading[], messages: Message[], add: Add): void {
  if (headings.length === 0) return
  const titles = headings.filter((heading) => heading.depth === 1)
  const first = headings[0]!
  if (titles.length === 0) {
    // convert reports a note with neither title nor date itself.
    if (!data.frontmatter.title && !messages.some((message) => message.ruleId === 'heading-structure')) {
      add('heading-structure', first.line, first.column, `Unexpected first heading of level ${first.depth}, expected a level-1 title (\`# ${first.text.trim()}\`)`)
    }
  } else if (titles[0] !== first) {
    add('heading-structure', first.line, first.column, `Unexpected heading before the title, expected the level-1 title \`${titles[0]!.text.trim()}\` first`)
  }

  for (const extra of titles.slice(1)) {
    add('heading-structure', extra.line, extra.column, `Unexpected second level-1 heading \`${extra.text.trim()}\`, expected one title; sections are level 2 or deeper`)
  }

  let previous = 0
  for (const heading of headings) {
    if (previous > 0 && heading.depth > previous + 1) {
      add('heading-structure', heading.line, heading.column, `Unexpected heading level ${heading.depth} after level ${previous}, expected level ${previous + 1}`)
    }

    previous = heading.depth
  }
}

/** How many changed lines a format message shows. */
const diffLines = 12

/** `format`: the first line that differs and a short unified diff; `undefined` when the file is converted. */
function formatProblem(text: string, converted: string, bytes?: Uint8Array): {line: number; message: string} | undefined {
  if (text === converted) {
    if (!bytes) return undefined
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return {line: 1, message: 'Unexpected byte order mark, expected UTF-8 without BOM'}
    if (bytes.includes(13)) return {line: 1, message: 'Unexpected CRLF line endings, expected LF'}
    return undefined
  }

  if (converted === '') return {line: 1, message: 'Unexpected content without text, expected an empty file'}
  const patch = structuredPatch('file', 'converted', text, converted, '', '', {context: 1})
  const shown: string[] = []
  let first: number | undefined
  let hidden = 0
  for (const hunk of patch.hunks) {
    let line = hunk.oldStart
    const header = `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`
    if (shown.length < diffLines) shown.push(header)
    for (const entry of hunk.lines) {
      if (entry.startsWith('\\')) continue
      if (entry[0] !== ' ') first ??= line
      if (entry[0] !== '+') line++
      if (shown.length < diffLines) shown.push(entry)
      else if (entry[0] !== ' ') hidden++
    }
  }

  const more = hidden > 0 ? `\n… and ${hidden} more changed ${hidden === 1 ? 'line' : 'lines'}` : ''
  return {
    line: Math.max(1, first ?? 1),
    message: `Unexpected formatting, expected what \`minutes convert\` writes (\`minutes check --fix\` rewrites the file):\n${shown.join('\n')}${more}`
  }
}
