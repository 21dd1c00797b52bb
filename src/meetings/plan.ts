/**
 * Where the meetings of a note start and end, from its top-level headings
 * alone: the part of `findMeetings()` (find.ts) that needs no parser, shared
 * with the parallel search of a running pad (split.ts), which gathers the
 * headings from the parts of the pad instead of one parse. Loads no parser.
 */
import type {Message} from '../pipeline/convert.js'
import {normalizeNote} from '../util/text.js'
import {meetingDate} from './dates.js'

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
  /** Empty meetings, set aside (see `isEmptyMeeting` in find.ts). */
  empty: Meeting[]
  /** Level of the meetings' headings (2 for `## 2024-03-06`); `undefined` when the note is one meeting. */
  depth: number | undefined
  /** Lines before the first meeting: the pad's preamble (0 when none). */
  preambleLines: number
  /** Dated headings with no calendar date (warnings) and empty meetings (info). */
  messages: Message[]
}

/** A top-level heading of a note, and the date its text names. */
export interface TopHeading {
  line: number
  column: number
  depth: number
  /** The meeting date it names. */
  date?: string | undefined
  /** Its text as shown, when it names a date. */
  title?: string | undefined
  /** A date of the meeting form that is no calendar date (`2024-13-01`). */
  invalid?: string | undefined
}

/** Could this raw heading text name a date? A cheap test before the exact one. */
export const mayHaveDate = /\d{4}\s*(?:[-–]|&|\\)|&#|\\\d/

/** Characters that make a heading's text show otherwise than written (markup, escapes, references). */
export const markup = /[<>*_`\\&[\]~=!]/

/** The date fields of a heading whose text, as shown, is `title`. */
export function datedBy(title: string): Pick<TopHeading, 'date' | 'title' | 'invalid'> {
  const found = meetingDate(title)
  if (found?.date) return {date: found.date, title}
  if (found?.invalid) return {invalid: found.invalid}
  return {}
}

/** The note as parsed: BOM and CR dropped, `normalizeNote`, and how many lines that removed at the top. */
export function noteSource(text: string): {source: string; shift: number; lines: string[]; lastLine: number} {
  const plain = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n')
  const source = normalizeNote(plain)
  const shift = plain.slice(0, plain.length - source.length).split('\n').length - 1
  const lines = source.split('\n')
  return {source, shift, lines, lastLine: source.endsWith('\n') ? lines.length - 1 : lines.length}
}

export interface Plan {
  /** Level of the meetings' headings; `undefined` without dated headings. */
  depth: number | undefined
  /** Dated headings with no calendar date, not below the meetings' level (warned about). */
  invalid: TopHeading[]
  /** The meeting headings, each with the last line of its meeting. */
  starts: Array<{heading: TopHeading; end: number}>
}

/**
 * The meetings' level is the highest with a dated heading; a meeting runs
 * from its heading to the next one, or to a heading of a higher level (a
 * section of the pad: `# Archive`), or to `lastLine`.
 */
export function planMeetings(headings: readonly TopHeading[], lastLine: number): Plan {
  const dated = headings.filter((heading) => heading.date !== undefined)
  const depth = dated.length > 0 ? Math.min(...dated.map((heading) => heading.depth)) : undefined
  const invalid = headings.filter((heading) => heading.invalid !== undefined && !(depth !== undefined && heading.depth > depth))
  const meetingHeadings = dated.filter((heading) => heading.depth === depth)
  const starts = meetingHeadings.map((heading, index) => {
    const next = meetingHeadings[index + 1]?.line ?? Number.POSITIVE_INFINITY
    const section = headings.find((other) => other.depth < depth! && other.line > heading.line && other.line < next)
    return {heading, end: Math.min(next, section?.line ?? Number.POSITIVE_INFINITY, lastLine + 1) - 1}
  })
  return {depth, invalid, starts}
}

/** The meeting that `start` begins, with its text as a note of its own (`shift`: lines the note lost at the top). */
export function cutMeeting({heading, end}: Plan['starts'][number], shift: number, text: string, lifts: readonly Lift[]): Meeting {
  return {
    date: heading.date,
    title: heading.title!,
    line: heading.line + shift,
    column: heading.column,
    endLine: end + shift,
    depth: heading.depth,
    text,
    whole: false,
    lifts
  }
}

/** The warning for a dated heading with no calendar date. */
export function invalidDateMessage(heading: TopHeading, file: string | undefined, shift: number): Message {
  return {
    file,
    line: heading.line + shift,
    column: heading.column,
    ruleId: 'meeting-date',
    severity: 'warning',
    message: `Unexpected date \`${heading.invalid}\` in a meeting heading, expected a calendar date (YYYY-MM-DD); the heading starts no meeting`
  }
}

/** The info message for an empty meeting, set aside. */
export function emptyMeetingMessage(meeting: Meeting, file: string | undefined): Message {
  return {
    file,
    line: meeting.line,
    column: meeting.column,
    ruleId: 'empty-meeting',
    severity: 'info',
    message: `Unexpected meeting ${meeting.date} with nothing but headings, empty items, placeholders or the pad's template, expected notes; skipped`
  }
}
