/**
 * Diagnostics for people: `file:line:column: severity message [rule]`, in
 * colour as chalk decides it for a stream, with `--no-color` and `NO_COLOR`.
 * The only module that uses chalk.
 */
import {Chalk, type ColorSupportLevel} from 'chalk'
import {createSupportsColor} from 'supports-color'
import type {Message} from '../pipeline/convert.js'

/**
 * `FORCE_COLOR` as supports-color (chalk's detection) reads it: `0` and
 * `false` turn colour off, `1` to `3`, `true` and the empty string force
 * that level (1) even when the stream is no terminal.
 */
function forcedLevel(env: Record<string, string | undefined>): number | undefined {
  const value = env.FORCE_COLOR
  if (value === undefined) return undefined
  if (value === 'true' || value === '') return 1
  if (value === 'false') return 0
  const level = Number.parseInt(value, 10)
  return Number.isNaN(level) ? 1 : Math.max(0, Math.min(level, 3))
}

/**
 * The colour level for `stream`. In order: `color: false` (`--no-color`) is
 * off; `FORCE_COLOR` (see forcedLevel) decides; a non-empty `NO_COLOR`
 * (no-color.org, which supports-color does not read) is off; else
 * supports-color decides from the stream and the terminal (no terminal,
 * `TERM=dumb`: off). The overrides are read from `env`, so tests can pass
 * their own; what the terminal can show comes from the process's
 * environment, which is where supports-color looks.
 */
export function colorLevel(stream: {isTTY?: boolean}, env: Record<string, string | undefined>, color = true): ColorSupportLevel {
  if (!color) return 0
  const forced = forcedLevel(env)
  if (forced === 0) return 0
  if (forced === undefined && env.NO_COLOR) return 0
  if (forced === undefined && env.TERM === 'dumb') return 0
  const detected = createSupportsColor({isTTY: forced === undefined ? Boolean(stream.isTTY) : true} as never, {sniffFlags: false})
  return Math.max(forced ?? 0, detected ? detected.level : 0) as ColorSupportLevel
}

/** A chalk for `stream`; `color` is `false` with `--no-color`. */
export function colors(stream: {isTTY?: boolean}, env: Record<string, string | undefined>, color = true): InstanceType<typeof Chalk> {
  return new Chalk({level: colorLevel(stream, env, color)})
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
