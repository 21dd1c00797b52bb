/**
 * Errors the CLI knows how to report. Everything the tool throws on purpose is
 * a `MinutesError`; anything else is a bug and is reported with its stack.
 */

/** Exit codes: 0 success, 1 findings, 2 usage or runtime error. */
export type ExitCode = 0 | 1 | 2

export class MinutesError extends Error {
  /** Exit code the CLI uses for this error. */
  readonly exitCode: ExitCode
  /** What the user can do about it, printed after the message. */
  readonly hint: string | undefined

  constructor(
    message: string,
    options: {exitCode?: ExitCode; hint?: string; cause?: unknown} = {}
  ) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'MinutesError'
    this.exitCode = options.exitCode ?? 2
    this.hint = options.hint
  }
}

/** Wrong arguments or configuration. */
export class UsageError extends MinutesError {
  constructor(message: string, options: {hint?: string; cause?: unknown} = {}) {
    super(message, {...options, exitCode: 2})
    this.name = 'UsageError'
  }
}

/** A file, stream or network input that cannot be used. */
export class InputError extends MinutesError {
  constructor(message: string, options: {hint?: string; cause?: unknown} = {}) {
    super(message, {...options, exitCode: 2})
    this.name = 'InputError'
  }
}

/** Turn a Node.js system error into a sentence naming the path. */
export function describeSystemError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT': {
      return `${path}: no such file or directory`
    }
    case 'EISDIR': {
      return `${path}: is a directory, expected a file`
    }
    case 'EACCES':
    case 'EPERM': {
      return `${path}: permission denied`
    }
    case 'ENOTDIR': {
      return `${path}: a parent of this path is not a directory`
    }
    case 'EROFS': {
      return `${path}: read-only file system`
    }
    case 'ENOSPC': {
      return `${path}: no space left on device`
    }
    default: {
      return `${path}: ${error instanceof Error ? error.message : String(error)}`
    }
  }
}
