/**
 * `convertMeeting()`: one meeting found by `findMeetings()` converted as a
 * note of its own, with `convert()`; messages and the data's lines point
 * into the note the meeting was cut from.
 */
import {convert, type ConvertData, type ConvertOptions, type ConvertResult} from '../pipeline/convert.js'
import type {Meeting} from './find.js'
import {placeMessage} from './place.js'

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
