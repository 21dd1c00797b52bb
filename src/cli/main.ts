/**
 * The one entry of the executable: run the program, turn errors into a
 * message and an exit code. Stack traces only with --verbose.
 */
import {MinutesError, systemReason} from '../errors.js'
import {processContext} from './context.js'
import {runProgram} from './program.js'
import {processHold} from './signals.js'

const context = processContext(process.argv.includes('--verbose'))

// Ctrl-C and SIGTERM end the process at once, except where a command holds
// them (signals.ts): migrate stops cleanly, output being written is finished.
context.hold = processHold()

// stdout carries the product. A closed pipe (`minutes convert note.md | head`)
// ends the run quietly; any other failure (`> /dev/full`) is one line, exit 2.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0)
  process.stderr.write(`minutes: cannot write to stdout: ${systemReason(error)}\n`)
  if (context.verbose && error.stack) process.stderr.write(error.stack + '\n')
  process.exit(2)
})
// Nothing is left to tell diagnostics to when stderr fails.
process.stderr.on('error', () => undefined)

try {
  process.exitCode = await runProgram(process.argv, context)
} catch (error) {
  const {colors, formatError} = await import('../report/messages.js')
  const {redactSecrets} = await import('../util/secrets.js')
  const stderr = {write: (text: string) => process.stderr.write(redactSecrets(text))}
  const chalk = colors(process.stderr, process.env, !process.argv.includes('--no-color'))
  if (error instanceof MinutesError) {
    stderr.write(formatError(error.message, error.hint, chalk) + '\n')
    if (context.verbose && error.cause instanceof Error && error.cause.stack) {
      stderr.write(error.cause.stack + '\n')
    } else if (context.verbose && error.stack) {
      stderr.write(error.stack + '\n')
    }

    process.exitCode = error.exitCode
  } else {
    const message = error instanceof Error ? error.message : String(error)
    stderr.write(formatError(`unexpected error: ${message}`, context.verbose ? undefined : 'Run again with --verbose for details, and please report it.', chalk) + '\n')
    if (context.verbose && error instanceof Error && error.stack) stderr.write(error.stack + '\n')
    process.exitCode = 2
  }
}

// The command is done: a timer or socket left by a library (octokit's
// throttling after a failed connection kept a finished publish alive for
// 15 s) must not keep the process running. stdout and stderr are written
// synchronously to files, pipes and terminals on Linux, so nothing is lost.
setTimeout(() => process.exit(), 500).unref()
