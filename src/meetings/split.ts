/**
 * The meetings of a running pad, found in parts (`minutes sync`): the pad is
 * cut at the headings that look like its meetings', the parts are parsed
 * apart (in worker threads, each meeting converted in the same step, see
 * part.ts), and the result is taken only when the parts prove that one parse
 * of the whole pad would have found the same meetings. Otherwise the caller
 * runs `findMeetings()` on the whole pad; the answer is the same either way,
 * only slower.
 *
 * Why this is written here: no Markdown library parses a document in
 * independent pieces. The cut is safe where the block structure of the
 * whole pad is the parts' own, one after another: each cut line (an ATX
 * heading at column 1, after a blank line) is a top-level heading of the pad.
 * part.ts proves it for each part by parsing the part's last top-level block
 * with the next part's first line after it: nothing left open (a fence, a
 * container, an HTML block) swallows that line, so it is a heading in the pad
 * too, and after a heading nothing is open. No construct but front matter
 * looks ahead past a blank line (a `$$` block, a definition list, a table end
 * there), so what the part's own end cuts short, the pad cuts short as well;
 * front matter is never cut. This module loads no parser.
 */
import {cutMeeting, datedBy, emptyMeetingMessage, invalidDateMessage, markup, mayHaveDate, noteSource, planMeetings, type Lift, type Meeting, type Meetings, type TopHeading} from './plan.js'

/** One part of a pad, from line `from` to line `to` of the note as parsed. */
export interface Part {
  from: number
  to: number
  /** Its lines, each ended by a line ending. */
  text: string
  /** The line after it (the next part's heading); `undefined` for the last part. */
  next: string | undefined
  /** A meeting's part: its headings are lifted by `lift` levels. */
  lift?: number | undefined
  /** The date its heading names, as the cut saw it. */
  date?: string | undefined
  /** The pad's preamble (its template is read). */
  preamble?: boolean | undefined
}

export interface Split {
  parts: Part[]
  /** The meetings' level the cut assumed. */
  depth: number
  shift: number
  lastLine: number
}

/** What parsing one part found (part.ts); lines are the part's own. */
export interface PartReport {
  /** Its top-level headings. */
  headings: TopHeading[]
  /** Nothing open at its end: the next line is a top-level heading. */
  clean: boolean
  /** A meeting's part: its text as a note of its own, and where headings were lifted. */
  text?: string | undefined
  lifts?: Lift[] | undefined
  /** A meeting's part: its lines of text that are not empty or placeholders, or `many` (more than `manyLines`). */
  lines?: string[] | 'many' | undefined
  /** The preamble: the lines of its template. */
  template?: string[] | undefined
}

/** Above this many distinct lines of text a meeting is not compared with the template line by line. */
export const manyLines = 64

const atxHeading = /^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/
const fenceOpen = /^ {0,3}(`{3,}|~{3,})/

/**
 * Cut a pad at the headings that look like its meetings' (and at the
 * higher-level headings after them, which end meetings); `undefined` when
 * there are fewer than two. A cheap look at lines: fenced code at the top
 * level is skipped, everything else is left to the parts' proof.
 */
export function splitPad(text: string): Split | undefined {
  const {shift, lines, lastLine} = noteSource(text)
  const headings: TopHeading[] = []
  // Front matter runs to its closing line, blank lines and headings and all:
  // nothing before that line is cut (no closing line: the pad is searched whole).
  let from = 0
  if (/^(?:-{3}|\+{3})[ \t]*$/.test(lines[0] ?? '')) {
    const close = lines.findIndex((line, index) => index > 0 && /^(?:-{3}|\+{3}|\.{3})[ \t]*$/.test(line))
    if (close === -1) return undefined
    from = close + 1
  }

  let fence: string | undefined
  for (let index = from; index < lastLine; index++) {
    const line = lines[index]!
    const open = fenceOpen.exec(line)
    if (fence !== undefined) {
      if (open && open[1]![0] === fence[0] && open[1]!.length >= fence.length && /^[ \t]*$/.test(line.slice(line.indexOf(open[1]!) + open[1]!.length))) fence = undefined
      continue
    }

    if (open && !(open[1]![0] === '`' && line.slice(line.indexOf(open[1]!) + open[1]!.length).includes('`'))) {
      fence = open[1]
      continue
    }

    // A cut only after a blank line: constructs that look ahead (a `$$` block
    // needs its closing line, a definition list its `:` line) stop there.
    if (line.charCodeAt(0) !== 35 /* `#` */ || (index > 0 && !/^[ \t]*$/.test(lines[index - 1]!))) continue
    const match = atxHeading.exec(line)
    if (!match) continue
    const raw = (match[2] ?? '').replace(/(?:^|[ \t]+)#+$/, '')
    // Text with markup is shown otherwise than written: the parts' parse decides.
    const dated = mayHaveDate.test(raw) && !markup.test(raw) ? datedBy(raw.replace(/\s+/g, ' ').trim()) : {}
    headings.push({line: index + 1, column: 1, depth: match[1]!.length, ...dated})
  }

  const {depth, starts} = planMeetings(headings, lastLine)
  if (depth === undefined || starts.length < 2) return undefined
  const part = (from: number, to: number, fields: Partial<Part>): Part => ({
    from,
    to,
    text: lines.slice(from - 1, to).join('\n') + '\n',
    next: to < lastLine ? lines[to] : undefined,
    ...fields
  })

  const parts: Part[] = []
  if (starts[0]!.heading.line > 1) parts.push(part(1, starts[0]!.heading.line - 1, {preamble: true}))
  for (const [index, {heading, end}] of starts.entries()) {
    parts.push(part(heading.line, end, {lift: depth - 1, date: heading.date}))
    // A section of the pad after the meeting (`# Archive`), up to the next meeting.
    const next = starts[index + 1]?.heading.line ?? lastLine + 1
    if (end + 1 < next) parts.push(part(end + 1, next - 1, {}))
  }

  return {parts, depth, shift, lastLine}
}

/**
 * The meetings of the pad from its parts' reports, exactly as
 * `findMeetings(text, {running: true})` finds them; `undefined` when the
 * parts do not prove it (see the top of this module).
 */
export function joinParts(split: Split, reports: readonly PartReport[], path: string | undefined): Meetings | undefined {
  const {parts, shift, lastLine} = split
  if (reports.some((report, index) => !report.clean && index < parts.length - 1)) return undefined
  const headings = reports.flatMap((report, index) => report.headings.map((heading) => ({...heading, line: heading.line + parts[index]!.from - 1})))
  const {depth, invalid, starts} = planMeetings(headings, lastLine)
  const meetingParts = parts.flatMap((part, index) => (part.lift === undefined ? [] : [{part, report: reports[index]!}]))
  if (
    depth !== split.depth ||
    starts.length !== meetingParts.length ||
    starts.some(({heading, end}, index) => heading.line !== meetingParts[index]!.part.from || end !== meetingParts[index]!.part.to)
  ) {
    return undefined
  }

  const template = new Set(parts[0]!.preamble ? reports[0]!.template : [])
  const messages = invalid.map((heading) => invalidDateMessage(heading, path, shift))
  const meetings: Meeting[] = []
  const empty: Meeting[] = []
  for (const [index, start] of starts.entries()) {
    const {report} = meetingParts[index]!
    const meeting = cutMeeting(start, shift, report.text!, report.lifts!)
    const lines = report.lines!
    if (lines === 'many' && template.size > manyLines) return undefined
    if (lines !== 'many' && lines.every((line) => template.has(line))) {
      empty.push(meeting)
      messages.push(emptyMeetingMessage(meeting, path))
    } else {
      meetings.push(meeting)
    }
  }

  messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  return {meetings, empty, depth, preambleLines: starts[0]!.heading.line - 1 + shift, messages}
}
