/**
 * Calendar dates, checked in one place: every date the tool reads (the
 * `--date` option, titles, front matter, file names such as 20230726.md)
 * goes through `calendarDate()`, so 2024-13-01, 2024-00-10 or 2023-02-29 is
 * never taken for a meeting date and never reaches `Date`'s
 * "Invalid time value".
 */
import {UsageError} from '../errors.js'

/** `YYYY-MM-DD` for a real day of the Gregorian calendar from its parts, else `undefined`. */
export function calendarDate(year: string | number, month: string | number, day: string | number): string | undefined {
  const y = Number(year)
  const m = Number(month)
  const d = Number(day)
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return undefined
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!
  if (d > days) return undefined
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Whether `text` is exactly a calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  return match !== null && calendarDate(match[1]!, match[2]!, match[3]!) === text
}

/** The day of a `Date` (`YYYY-MM-DD`, UTC); `undefined` for an invalid one. */
export function dateOf(value: Date): string | undefined {
  return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10)
}

/** `date` when it is a calendar date written `YYYY-MM-DD`; else a usage error (exit 2) saying what is expected. */
export function validateDate(date: string): string {
  if (!isCalendarDate(date)) throw new UsageError(`invalid date "${date}": expected a calendar date written YYYY-MM-DD, such as 2023-07-26`)
  return date
}
