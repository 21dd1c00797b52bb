/**
 * `convert()`: a HedgeDoc note in, GitHub-ready minutes out, with the
 * messages and the data found on the way.
 */
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {normalizeNote} from '../util/text.js'
import {createProcessor, type ProcessorOptions} from './processor.js'

export interface ConvertOptions extends ProcessorOptions {
  /** Path of the note, for messages and to find the date in `20230726.md`. */
  path?: string
}

export interface Message {
  /** File the message is about, when known. */
  file: string | undefined
  line: number | undefined
  column: number | undefined
  ruleId: string
  severity: 'error' | 'warning' | 'info'
  message: string
}

export interface ConvertData {
  title: string | undefined
  date: string | undefined
  frontmatter: Record<string, unknown>
  tags: string[]
  images: Array<{url: string; kind: 'markdown' | 'html'; line: number | undefined; column: number | undefined}>
  noteLinks: Array<{url: string; line: number | undefined; column: number | undefined}>
  /** Text removed on purpose (repeated headings, duplicate participants, …). */
  removed: string[]
}

export interface ConvertResult {
  markdown: string
  messages: Message[]
  data: ConvertData
}

export function toMessage(message: VFileMessage, file: string | undefined): Message {
  return {
    file,
    line: message.line ?? undefined,
    column: message.column ?? undefined,
    ruleId: message.ruleId ?? 'minutes',
    severity: message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info',
    message: message.reason
  }
}

export async function convert(markdown: string, options: ConvertOptions = {}): Promise<ConvertResult> {
  const {path, ...processorOptions} = options
  const text = normalizeNote(markdown)
  const file = new VFile(path === undefined ? {value: text} : {value: text, path})

  if (!text.trim()) {
    return {markdown: '', messages: [], data: {title: undefined, date: undefined, frontmatter: {}, tags: [], images: [], noteLinks: [], removed: []}}
  }

  const processor = createProcessor(processorOptions)
  const tree = processor.parse(file)
  await processor.run(tree, file)
  const output = processor.stringify(tree, file)

  return {
    markdown: output,
    messages: file.messages.map((message) => toMessage(message, path)),
    data: {
      title: file.data.title,
      date: file.data.date,
      frontmatter: file.data.frontmatter ?? {},
      tags: file.data.tags ?? [],
      images: file.data.images ?? [],
      noteLinks: file.data.noteLinks ?? [],
      removed: file.data.removed ?? []
    }
  }
}
