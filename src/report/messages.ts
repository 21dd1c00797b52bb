/**
 * Diagnostics for people: `file:line:column: severity message [rule]`, in
 * colour when the stream is a terminal and NO_COLOR is not set. The only
 * module that uses chalk.
 */
import {Chalk} from 'chalk'
import type {Message} from '../pipeline/convert.js'

export function colors(stream: {isTTY?: boolean}, env: Record<string, string | undefined>): InstanceType<typeof Chalk> {
  const off = !stream.isTTY || env.NO_COLOR !== undefined || env.TERM === 'dumb'
  return new Chalk({level: off && env.FORCE_COLOR === undefined ? 0 : 1})
}

/** `file:line:column` (or as much of it as is known). */
export function place(file: string | undefined, line: number | undefined, column: number | undefined): string {
  let result = file ?? '<stdin>'
  if (line !== undefined) {
    result += `:${line}`
    if (column !== undefined) result += `:${column}`
  }

  return result
}

export function formatMessage(message: Message, chalk: InstanceType<typeof Chalk>): string {
  const severity =
    message.severity === 'error' ? chalk.red('error') : message.severity === 'warning' ? chalk.yellow('warning') : chalk.blue('info')
  return `${place(message.file, message.line, message.column)}: ${severity} ${message.message} ${chalk.dim(`[${message.ruleId}]`)}`
}

export function formatError(message: string, hint: string | undefined, chalk: InstanceType<typeof Chalk>): string {
  return `${chalk.red('minutes:')} ${message}${hint ? `\n${chalk.dim(hint)}` : ''}`
}
