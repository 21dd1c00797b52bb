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
import {SKIP, visit} from '../util/visit.js'
import {VFile} from 'vfile'
import {createProcessor} from '../pipeline/processor.js'
import {cutMeeting, datedBy, emptyMeetingMessage, invalidDateMessage, markup, mayHaveDate, noteSource, planMeetings, type Lift, type Meeting, type Meetings, type TopHeading} from './plan.js'

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
export type {Lift, Meeting, Meetings} from './plan.js'

/** The parser: the pipeline's, block structure only. Kept, as parsers are reused. */
let blockParser: ReturnType<typeof createProcessor> | undefined
/** The pipeline's full parser, for the text of candidate headings. */
let inlineParser: ReturnType<typeof createProcessor> | undefined

/**
 * The heading's text as shown: parsed in full (emphasis, links, escapes and
 * references), HTML tags as spaces (`Community Call</br> 2023-11-16`).
 */
export function shownText(raw: string): string {
  // Without markup, escapes or references the text is shown as written.
  if (!markup.test(raw)) return raw.replace(/\s+/g, ' ').trim()
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
export const placeholder = /^(?:…+|\.{2,}|[-_*=]+|\?+|@|tbd|tba|todo|n\/a|<[^<>]*>|\{[^{}]*\})$/i

/**
 * The lines of text in `nodes` (paragraphs, table cells, code, HTML other
 * than comments), normalised; headings, rules and definitions are left out.
 */
export function textLines(nodes: readonly Nodes[], source: string): string[] {
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
export function templateLines(preamble: readonly RootContent[], source: string): Set<string> {
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

/** A top-level heading of the block-only tree, with the date its text names (see `shownText`). */
export function topHeading(node: Heading): TopHeading {
  const {line, column} = node.position!.start
  const raw = rawText(node)
  return {line, column, depth: node.depth, ...(mayHaveDate.test(raw) ? datedBy(shownText(raw)) : {})}
}

/** The block-only parser of `findMeetings`. */
export function blocks(): ReturnType<typeof createProcessor> {
  blockParser ??= createProcessor({blocksOnly: true}).freeze() as ReturnType<typeof createProcessor>
  return blockParser
}

export function findMeetings(text: string, options: FindMeetingsOptions = {}): Meetings {
  const {source, shift, lines, lastLine} = noteSource(text)
  const file = new VFile({value: source})
  const tree = blocks().parse(file) as Root
  // Positions point into what was parsed; it has the note's lines.
  const parsed = file.data.parsedSource ?? source
  const headings = tree.children.filter((node) => node.type === 'heading').map((node) => topHeading(node))
  const {depth, invalid, starts} = planMeetings(headings, lastLine)
  const messages = invalid.map((heading) => invalidDateMessage(heading, options.path, shift))

  if (starts.length === 0 || (starts.length === 1 && !options.running)) {
    if (starts.length === 0 && options.running) return {meetings: [], empty: [], depth: undefined, preambleLines: lastLine + shift, messages}
    const only = starts[0]?.heading
    const whole: Meeting = {
      date: only?.date,
      title: only?.title ?? '',
      line: 1,
      column: 1,
      endLine: lastLine + shift,
      depth: only?.depth,
      text,
      whole: true,
      lifts: []
    }
    return {meetings: [whole], empty: [], depth: undefined, preambleLines: 0, messages}
  }

  const firstLine = starts[0]!.heading.line
  const preamble = tree.children.filter((node) => node.position!.start.line < firstLine)
  const template = templateLines(preamble, parsed)
  const meetings: Meeting[] = []
  const empty: Meeting[] = []

  for (const start of starts) {
    const {heading, end} = start
    const nodes = tree.children.filter((node) => node.position!.start.line >= heading.line && node.position!.start.line <= end)
    const {text, lifts} = liftMeeting(nodes, lines.slice(heading.line - 1, end), heading.line, depth! - 1)
    const meeting = cutMeeting(start, shift, text, lifts)

    if (isEmptyMeeting(nodes.slice(1), parsed, template)) {
      empty.push(meeting)
      messages.push(emptyMeetingMessage(meeting, options.path))
    } else {
      meetings.push(meeting)
    }
  }

  messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  return {meetings, empty, depth, preambleLines: firstLine - 1 + shift, messages}
}

/**
 * A meeting's text: its lines (the note's from line `from`), every heading
 * in `nodes` lifted by `lift` levels, or as far as it goes.
 */
export function liftMeeting(nodes: readonly Nodes[], meetingLines: string[], from: number, lift: number): {text: string; lifts: Lift[]} {
  const lifts: Lift[] = []
  if (lift > 0) {
    for (const node of nodes) {
      visit(node, 'heading', function (child) {
        const steps = Math.min(lift, child.depth - 1)
        if (steps > 0) liftHeading(child, steps, from, meetingLines, lifts)
      })
    }
  }

  return {text: meetingLines.join('\n') + '\n', lifts}
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
