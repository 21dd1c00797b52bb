/**
 * Which headings start a meeting: the date forms of meeting titles, as the
 * minutes of the SCS community write them (measured over ../shared/corpus).
 *
 * The heading's text is read as shown (markup, HTML tags and escapes gone),
 * white space collapsed. A date is `YYYY-MM-DD`; either dash may be an en
 * dash (`2024-02–01`), and it must be a real calendar date. Two forms count:
 *
 * 1. The text begins with the date, alone or followed by more words after a
 *    space or punctuation: `2026-06-04`, `2026-06-04 (Thursday)`,
 *    `2024-01-10 Team IaaS`, `2024-05-08: Break-out session`.
 * 2. A title that ends with the date, after a space, `on`, or a dash or
 *    colon: `SCS Tech Weekly 2023-05-04`, `SIG Documentation on 2024-02-01`,
 *    `Cluster Stacks Meeting - 2024-03-12`, `Community Call 2023-11-16`
 *    (also when written `<font …>Community Call</br> 2023-11-16</font>`).
 *    Not when the word before the date (or before `on`) makes it another
 *    day than the meeting's: `Goals for 2024-08-30`, `Moved to 2024-05-02`,
 *    `R6 was released on 2024-03-20` (see `otherDay`).
 *
 * Dates inside a sentence (`Prep 2024-08-23, 14:15 CEST`), in parentheses
 * (`Incident (2024-06-14)`) or written otherwise (`May 16, 2024`,
 * `16.05.2024`) start no meeting.
 */
import {isCalendarDate} from '../util/date.js'

const date = String.raw`(\d{4})[-–](\d{2})[-–](\d{2})`
/** Form 1: the date first, then the end, white space or punctuation. */
const dateFirst = new RegExp(String.raw`^${date}(?![\p{L}\p{N}])`, 'u')
/** Form 2: a title with a letter, then the date last (a closing `.`, `:` or `!` allowed). */
const dateLast = new RegExp(String.raw`^(.*\p{L}.*?)(?:\s*[-–—:|]\s*|\s+)${date}[.:!]?$`, 'u')
/** Words before a date that make it another day than the meeting's. */
const otherDay = new Set([
  'for',
  'to',
  'from',
  'since',
  'until',
  'till',
  'before',
  'after',
  'by',
  'of',
  'in',
  'at',
  'than',
  'next',
  'last',
  'per',
  'as',
  'released',
  'moved',
  'postponed',
  'planned',
  'scheduled',
  'due',
  'held',
  'was',
  'were',
  'is',
  'are'
])

export type HeadingDate =
  /** The heading starts the meeting of `date`. */
  | {date: string; invalid?: undefined}
  /** It would, but `invalid` (`2024-13-01`) is no calendar date. */
  | {date?: undefined; invalid: string}

/**
 * The meeting date a heading's text names (see the forms above), `invalid`
 * when it has the form but no calendar date, `undefined` when it is no
 * meeting title.
 */
export function meetingDate(text: string): HeadingDate | undefined {
  const plain = text.replace(/\s+/g, ' ').trim()
  let parts = dateFirst.exec(plain)
  if (!parts) {
    const last = dateLast.exec(plain)
    if (!last) return undefined
    // The title's last word (before `on`, if any) may name another day.
    const words = last[1]!.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)
    const ending = words.at(words.at(-1) === 'on' ? -2 : -1)
    if (ending !== undefined && otherDay.has(ending)) return undefined
    parts = [last[0], last[2]!, last[3]!, last[4]!] as unknown as RegExpExecArray
  }

  const value = `${parts[1]}-${parts[2]}-${parts[3]}`
  return isCalendarDate(value) ? {date: value} : {invalid: value}
}
