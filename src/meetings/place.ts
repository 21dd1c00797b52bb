/**
 * Where a message about a meeting cut from a pad belongs in the pad: lines
 * shifted to the meeting's place, columns of lifted headings moved back.
 * Types only: loading this loads no parser (the main thread of `sync`).
 */
import type {Meeting} from './find.js'
import type {Message} from '../pipeline/convert.js'

/** The column in the note of `column` on `line` (1-based) of a meeting's text. */
export function noteColumn(meeting: Meeting, line: number, column: number): number {
  const lift = meeting.lifts.find((entry) => entry.line === line)
  return lift && column > lift.column ? column + lift.shift : column
}

/** A message of a cut meeting's conversion, at its place in the note. */
export function placeMessage(message: Message, meeting: Meeting, file: string | undefined): Message {
  if (meeting.whole) return message.file === undefined && file !== undefined ? {...message, file} : message
  const line = message.line === undefined ? undefined : message.line + meeting.line - 1
  const column = message.line === undefined || message.column === undefined ? message.column : noteColumn(meeting, message.line, message.column)
  return {...message, file: file ?? message.file, line, column}
}
