/**
 * `findMeetings()`: the meetings of a note. Teams keep one running pad with
 * every meeting of a year in it, newest on top; each meeting starts at a
 * heading that names its date (see dates.ts for the forms).
 *
 * - Meetings are found in the parse tree of the pipeline's own parser
 *   (`createProcessor({blocksOnly: true})`: the block structure exactly as
 *   `convert()` sees it, inline text unparsed, which is cheaper). Only
 *   top-level headings count: a heading inside code, a quote, a list, a
 *   HedgeDoc container or HTML starts no meeting.
 * - The meetings' level is the highest heading level (smallest depth) that
 *   has a dated heading; dated headings further down are topics
 *   (`### Preparation for 2024-08-30`).
 * - A meeting runs from its date heading to the next meeting heading, or to a
 *   heading of a higher level (a section of the pad: `# Archive`), or to the
 *   end of the note. What stands before the first meeting is the pad's
 *   preamble (title, call link, template): no meeting.
 * - A note with one dated heading or none is one meeting, the whole note,
 *   as `convert` always took it (`running` cuts a single meeting out of its
 *   pad's preamble too).
 * - A meeting's text is its slice of the note with its headings lifted so
 *   that the date heading is an H1 (ATX: `#`s dropped; a setext level 2
 *   lifted to 1 gets a `===` underline), so converting it gives exactly what
 *   the same meeting gives as a note of its own.
 * - An empty meeting (see `isEmptyMeeting`) is set aside with an info
 *   message: the date heading of the next meeting with the template pasted
 *   under it, not filled in yet.
 */
import type {Heading, Nodes, Root, RootContent} from 'mdast'
import {SKIP, visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import type {Message} from '../pipeline/convert.js'
import {createProcessor} from '../pipeline/processor.js'
import {normalizeNote} from '../util/text.js'
import {meetingDate} from './dates.js'

export interface FindMeetingsOptions {
  /** Name of the note in messages. Default: none. */
  path?: string | undefined
  /**
   * The note is a running pad: a single dated heading is cut out of the
   * preamble too, and a note without one has no meetings. Default: `false`
   * (a note with one dated heading or none is one meeting, the whole note).
   */
  running?: boolean | undefined
}

/** Where a lifted heading lost `#`s: columns after `column` on `line` of the meeting's text are `shift` lower than in the note. */
export interface Lift {
  line: number
  column: number
  shift: number
}

export interface Meeting {
  /** `YYYY-MM-DD`; `undefined` only for a whole note without a dated heading. */
  date: string | undefined
  /** The date heading's text as shown (`2024-03-06`, `SCS Tech Weekly 2023-05-04`); empty without one. */
  title: string
  /** Line (1-based) and column of the date heading in the note (line 1, column 1 for a whole note). */
  line: number
  column: number
  /** Last line of the meeting in the note. */
  endLine: number
  /** Level of its date heading in the note; `undefined` for a whole note without one. */
  depth: number | undefined
  /** The meeting as a note of its own: its lines, headings lifted (for a whole note, the note as given). */
  text: string
  /** The meeting is the whole note, taken as it is. */
  whole: boolean
  /** Where headings were lifted (see `noteColumn` in place.ts). */
  lifts: readonly Lift[]
}

export interface Meetings {
  /** The meetings with notes in them, in the note's order. */
  meetings: Meeting[]
  /** Empty meetings, set aside (see `isEmptyMeeting`). */
  empty: Meeting[]
  /** Level of the meetings' headings (2 for `## 2024-03-06`); `undefined` when the note is one meeting. */
  depth: number | undefined
  /** Lines before the first meeting: the pad's preamble (0 when none). */
  preambleLines: number
  /** Dated headings with no calendar date (warnings) and empty meetings (info). */
  messages: Message[]
}

/** The parser: the pipeline's, block structure only. Kept, as parsers are reused. */
let blockParser: ReturnType<typeof createProcessor> | undefined
/** The pipeline's full parser, for the text of candidate headings. */
let inlineParser: ReturnType<typeof createProcessor> | undefined

/** Could this raw heading text name a date? A cheap test before the exact one. */
const mayHaveDate = /\d{4}\s*(?:[-–]|&|\\)|&#|\\\d/

/**
 * The heading's text as shown: parsed in full (emphasis, links, escapes and
 * references), HTML tags as spaces (`Community Call</br> 2023-11-16`).
 */
function shownText(raw: string): string {
  // Without markup, escapes or references the text is shown as written.
  if (!/[<>*_`\\&[\]~=!]/.test(raw)) return raw.replace(/\s+/g, ' ').trim()
  inlineParser ??= createProcessor().freeze() as ReturnType<typeof createProcessor>
  const tree = inlineParser.parse(`# ${raw.replace(/\s*\n\s*/g, ' ')}\n`) as Root
  const heading = tree.children[0]
  return heading?.type === 'heading' ? headingText(heading) : ''
}

/** The text of a fully parsed heading as shown, HTML tags and breaks as spaces, white space collapsed. */
export function headingText(heading: Heading): string {
  let text = ''
  visit(heading, function (node) {
    if (node.type === 'text' || node.type === 'inlineCode') text += node.value
    else if (node.type === 'html' || node.type === 'break') text += ' '
    else if (node.type === 'image') text += node.alt ?? ''
  })
  return text.replace(/\s+/g, ' ').trim()
}

/** Raw text of a heading in the block-only tree: its inline source, unparsed. */
function rawText(heading: Heading): string {
  let text = ''
  visit(heading, 'text', function (node) {
    text += node.value
  })
  return text
}

/**
 * Normalise a line for comparing with the template: markers of quotes,
 * lists, tasks and headings dropped, white space collapsed, lower case.
 */
function normalizeLine(line: string): string {
  return line
    .trim()
    .replace(/^(?:>\s*|[-*+]\s+|\d{1,9}[.)]\s+|#{1,6}(?:\s+|$)|\[[ xX]?\]\s*)+/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
}

/**
 * Text that stands for "nothing yet": an ellipsis, dashes, question marks,
 * a lone `@`, TBD/TBA/TODO, n/a, a `<placeholder>` or `{placeholder}`.
 */
const placeholder = /^(?:…+|\.{2,}|[-_*=]+|\?+|@|tbd|tba|todo|n\/a|<[^<>]*>|\{[^{}]*\})$/i

/**
 * The lines of text in `nodes` (paragraphs, table cells, code, HTML other
 * than comments), normalised; headings, rules and definitions are left out.
 */
function textLines(nodes: readonly Nodes[], source: string): string[] {
  const lines: string[] = []
  const add = (text: string) => {
    for (const line of text.split('\n')) lines.push(normalizeLine(line))
  }

  for (const node of nodes) {
    visit(node, function (child) {
      switch (child.type) {
        case 'heading':
        case 'definition':
        case 'thematicBreak':
        case 'yaml': {
          return SKIP
        }

        case 'paragraph':
        case 'tableCell': {
          const {start, end} = child.position ?? {}
          if (start?.offset !== undefined && end?.offset !== undefined) add(source.slice(start.offset, end.offset))
          return SKIP
        }

        case 'code': {
          add(child.value)
          return SKIP
        }

        case 'html': {
          if (!child.value.trimStart().startsWith('<!--')) add(child.value.replace(/<[^>]*>/g, ' '))
          return SKIP
        }

        default: {
          return undefined
        }
      }
    })
  }

  return lines
}

/**
 * An empty meeting: its date heading is followed by nothing but headings,
 * rules, HTML comments, list items without text, placeholders (see
 * `placeholder`), and lines of the pad's template, as written in the
 * preamble's section under a heading that says "template" (in any case),
 * compared line by line without list, task, quote and heading markers.
 */
export function isEmptyMeeting(body: readonly Nodes[], source: string, template: ReadonlySet<string>): boolean {
  return textLines(body, source).every((line) => line === '' || placeholder.test(line) || template.has(line))
}

/** Lines of the preamble's template section: under a top-level heading saying "template", up to the next heading of its level or higher. */
function templateLines(preamble: readonly RootContent[], source: string): Set<string> {
  const index = preamble.findIndex((node) => node.type === 'heading' && /template|vorlage/i.test(rawText(node)))
  if (index === -1) return new Set()
  const heading = preamble[index] as Heading
  const section: RootContent[] = []
  for (const node of preamble.slice(index + 1)) {
    if (node.type === 'heading' && node.depth <= heading.depth) break
    section.push(node)
  }

  return new Set(textLines(section, source).filter((line) => line !== ''))
}

/** Lines removed before the text the tree is parsed from (blank lines before front matter). */
function removedLines(plain: string, normalised: string): number {
  const removed = plain.slice(0, plain.length - normalised.length)
  return removed.split('\n').length - 1
}

export function findMeetings(text: string, options: FindMeetingsOptions = {}): Meetings {
  const plain = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n')
  const source = normalizeNote(plain)
  const shift = removedLines(plain, source)
  blockParser ??= createProcessor({blocksOnly: true}).freeze() as ReturnType<typeof createProcessor>
  const file = new VFile({value: source})
  const tree = blockParser.parse(file) as Root
  // Positions point into what was parsed; it has the note's lines.
  const parsed = file.data.parsedSource ?? source
  const messages: Message[] = []
  const message = (line: number, column: number, severity: Message['severity'], ruleId: string, reason: string) =>
    messages.push({file: options.path, line: line + shift, column, ruleId, severity, message: reason})

  // Top-level headings that name a date.
  const dated: Array<{node: Heading; date: string; title: string}> = []
  const invalid: Array<{node: Heading; value: string}> = []
  for (const node of tree.children) {
    if (node.type !== 'heading') continue
    const raw = rawText(node)
    if (!mayHaveDate.test(raw)) continue
    const title = shownText(raw)
    const found = meetingDate(title)
    if (found?.date) dated.push({node, date: found.date, title})
    else if (found?.invalid) invalid.push({node, value: found.invalid})
  }

  const depth = dated.length > 0 ? Math.min(...dated.map(({node}) => node.depth)) : undefined
  for (const {node, value} of invalid) {
    if (depth !== undefined && node.depth > depth) continue
    const start = node.position!.start
    message(start.line, start.column, 'warning', 'meeting-date', `Unexpected date \`${value}\` in a meeting heading, expected a calendar date (YYYY-MM-DD); the heading starts no meeting`)
  }

  const starts = dated.filter(({node}) => node.depth === depth)
  const lines = source.split('\n')
  const lastLine = source.endsWith('\n') ? lines.length - 1 : lines.length
  if (starts.length === 0 || (starts.length === 1 && !options.running)) {
    if (starts.length === 0 && options.running) return {meetings: [], empty: [], depth: undefined, preambleLines: lastLine + shift, messages}
    const only = starts[0]
    const whole: Meeting = {
      date: only?.date,
      title: only?.title ?? '',
      line: 1,
      column: 1,
      endLine: lastLine + shift,
      depth: only?.node.depth,
      text,
      whole: true,
      lifts: []
    }
    return {meetings: [whole], empty: [], depth: undefined, preambleLines: 0, messages}
  }

  const firstLine = starts[0]!.node.position!.start.line
  const preamble = tree.children.filter((node) => node.position!.start.line < firstLine)
  const template = templateLines(preamble, parsed)
  const meetings: Meeting[] = []
  const empty: Meeting[] = []
  const lift = depth! - 1

  for (const [index, start] of starts.entries()) {
    const heading = start.node
    const from = heading.position!.start.line
    const next = starts[index + 1]?.node.position!.start.line ?? Number.POSITIVE_INFINITY
    // A higher-level heading ends the meeting (a section of the pad).
    const section = tree.children.find((node) => node.type === 'heading' && node.depth < depth! && node.position!.start.line > from && node.position!.start.line < next)
    const end = Math.min(next, section?.position!.start.line ?? Number.POSITIVE_INFINITY, lastLine + 1) - 1
    const nodes = tree.children.filter((node) => node.position!.start.line >= from && node.position!.start.line <= end)

    const meetingLines = lines.slice(from - 1, end)
    const lifts: Lift[] = []
    if (lift > 0) {
      for (const node of nodes) {
        visit(node, 'heading', function (child) {
          const steps = Math.min(lift, child.depth - 1)
          if (steps > 0) liftHeading(child, steps, from, meetingLines, lifts)
        })
      }
    }

    const meeting: Meeting = {
      date: start.date,
      title: start.title,
      line: from + shift,
      column: heading.position!.start.column,
      endLine: end + shift,
      depth: heading.depth,
      text: meetingLines.join('\n') + '\n',
      whole: false,
      lifts
    }

    if (isEmptyMeeting(nodes.slice(1), parsed, template)) {
      empty.push(meeting)
      message(from, heading.position!.start.column, 'info', 'empty-meeting', `Unexpected meeting ${start.date} with nothing but headings, empty items, placeholders or the pad's template, expected notes; skipped`)
    } else {
      meetings.push(meeting)
    }
  }

  messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  return {meetings, empty, depth, preambleLines: firstLine - 1 + shift, messages}
}

/**
 * Lift one heading by `steps` levels in `lines` (the meeting's, whose first
 * line is the note's line `from`): drop `#`s of an ATX heading, or turn a
 * setext underline of level 2 into `===`. Found from the node's place; a
 * heading whose markers are not where the tree says (rewritten HedgeDoc
 * syntax) is left as it is.
 */
function liftHeading(heading: Heading, steps: number, from: number, lines: string[], lifts: Lift[]): void {
  const {start, end} = heading.position!
  if (start.line === end.line) {
    const index = start.line - from
    const line = lines[index]
    if (line === undefined) return
    const hashes = '#'.repeat(heading.depth)
    // The tree's column, else the first run of this many `#`s after container markers (`> `, `- `).
    let at = line.startsWith(hashes, start.column - 1) ? start.column - 1 : -1
    if (at === -1) {
      const match = new RegExp(String.raw`^((?:[ \t]*(?:>|[-*+]|\d{1,9}[.)]))*[ \t]*)#{${heading.depth}}(?![^ \t])`).exec(line)
      if (!match) return
      at = match[1]!.length
    }

    lines[index] = line.slice(0, at) + line.slice(at + steps)
    lifts.push({line: index + 1, column: at + 1, shift: steps})
    return
  }

  // Setext: only level 2 can be lifted (to 1).
  const index = end.line - from
  const line = lines[index]
  if (line === undefined || heading.depth !== 2) return
  lines[index] = line.replace(/-+(?=[ \t]*$)/, (dashes) => '='.repeat(dashes.length))
}
