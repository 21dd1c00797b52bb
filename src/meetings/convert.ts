/**
 * `convertMeeting()`: one meeting found by `findMeetings()` converted as a
 * note of its own, with `convert()`; messages and the data's lines point
 * into the note the meeting was cut from.
 */
import {convert, type ConvertData, type ConvertOptions, type ConvertResult, type Message} from '../pipeline/convert.js'
import {noteColumn, type Meeting} from './find.js'

/**
 * Convert `meeting`. A whole note is converted as it is, with `options`. A
 * meeting cut from a pad is converted without `options.path` (its date is
 * its heading's, not the pad file's name) and its messages name
 * `options.path`, at the pad's lines and columns.
 */
export async function convertMeeting(meeting: Meeting, options: ConvertOptions = {}): Promise<ConvertResult> {
  if (meeting.whole) return convert(meeting.text, options)
  const {path, ...rest} = options
  const result = await convert(meeting.text, rest)
  return {
    markdown: result.markdown,
    messages: result.messages.map((message) => placeMessage(message, meeting, path)),
    data: placeData(result.data, meeting)
  }
}

/** A message of a cut meeting's conversion, at its place in the note. */
export function placeMessage(message: Message, meeting: Meeting, file: string | undefined): Message {
  if (meeting.whole) return message.file === undefined && file !== undefined ? {...message, file} : message
  const line = message.line === undefined ? undefined : message.line + meeting.line - 1
  const column = message.line === undefined || message.column === undefined ? message.column : noteColumn(meeting, message.line, message.column)
  return {...message, file: file ?? message.file, line, column}
}

function placeData(data: ConvertData, meeting: Meeting): ConvertData {
  const move = <T extends {line: number | undefined}>(items: T[]) =>
    items.map((item) => ({...item, line: item.line === undefined ? undefined : item.line + meeting.line - 1}))
  return {
    ...data,
    participants: move(data.participants),
    actionItems: move(data.actionItems),
    references: move(data.references),
    images: move(data.images),
    noteLinks: move(data.noteLinks)
  }
}
