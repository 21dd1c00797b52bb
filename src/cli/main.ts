/**
 * The one entry of the executable: run the program, turn errors into a
 * message and an exit code. Stack traces only with --verbose.
 */
import {getEventListeners} from 'node:events'
import {MinutesError} from '../errors.js'
import {processContext} from './context.js'
import {runProgram} from './program.js'

const context = processContext(process.argv.includes('--verbose'))

// Ctrl-C: a command listening on context.signal stops cleanly; a second
// Ctrl-C, or one while no command listens, ends the process at once.
const interrupt = new AbortController()
context.signal = interrupt.signal
for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.on(name, () => {
    if (interrupt.signal.aborted || getEventListeners(interrupt.signal, 'abort').length === 0) process.exit(name === 'SIGINT' ? 130 : 143)
    interrupt.abort()
  })
}

// A closed stdout (`minutes convert note.md | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

try {
  process.exitCode = await runProgram(process.argv, context)
} catch (error) {
  const {colors, formatError} = await import('../report/messages.js')
  const chalk = colors(process.stderr, process.env, !process.argv.includes('--no-color'))
  if (error instanceof MinutesError) {
    process.stderr.write(formatError(error.message, error.hint, chalk) + '\n')
    if (context.verbose && error.cause instanceof Error && error.cause.stack) {
      process.stderr.write(error.cause.stack + '\n')
    } else if (context.verbose && error.stack) {
      process.stderr.write(error.stack + '\n')
    }

    process.exitCode = error.exitCode
  } else {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(formatError(`unexpected error: ${message}`, context.verbose ? undefined : 'Run again with --verbose for details, and please report it.', chalk) + '\n')
    if (context.verbose && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n')
    process.exitCode = 2
  }
}
