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
   * Aborted on the first Ctrl-C (SIGINT, SIGTERM) when a command listens to
   * it, so the command can stop cleanly (migrate finishes the files it is
   * writing and says what is left).
   */
  signal?: AbortSignal
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
