import {MinutesError} from '../errors.js'
import {signalExitCode, type Hold, type SignalName} from './signals.js'

/** What a command may use of the process, passed in so tests can fake it. */
export interface CommandContext {
  cwd: string
  env: Record<string, string | undefined>
  stdin: NodeJS.ReadableStream
  /** The product: Markdown, JSON, a pull request URL. */
  stdout: NodeJS.WritableStream & {isTTY?: boolean}
  /** Diagnostics: warnings, progress, errors. */
  stderr: NodeJS.WritableStream & {isTTY?: boolean}
  verbose: boolean
  /**
   * Catch SIGINT and SIGTERM while `task` runs (see signals.ts); the first
   * aborts the task's signal. Without it (tests, the library) signals are not
   * caught and the task's signal never aborts.
   */
  hold?: Hold
}

export function processContext(verbose = false): CommandContext {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    verbose
  }
}

/** `task` in the context's hold (see `CommandContext.hold`). */
export function held<T>(context: CommandContext, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return context.hold ? context.hold(task) : task(new AbortController().signal)
}

/** The command was stopped by SIGINT or SIGTERM: exit 130 or 143. */
export class InterruptedError extends MinutesError {
  constructor(signal: SignalName, what: string) {
    super(`interrupted (${signal}) ${what}`, {exitCode: signalExitCode(signal)})
    this.name = 'InterruptedError'
  }
}

/**
 * Write the command's output in a hold: a signal meanwhile lets the files
 * being written be finished whole, then the command ends with 130 or 143
 * instead of going on.
 */
export async function writing<T>(context: CommandContext, task: () => Promise<T>): Promise<T> {
  let signal: AbortSignal | undefined
  const result = await held(context, (aborted) => {
    signal = aborted
    return task()
  })
  if (signal?.aborted) throw new InterruptedError(signal.reason as SignalName, 'after the files were written whole')
  return result
}
