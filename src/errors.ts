/**
 * Errors the CLI knows how to report. Everything the tool throws on purpose is
 * a `MinutesError`; anything else is a bug and is reported with its stack.
 */

/** Exit codes: 0 success, 1 findings, 2 usage or runtime error, 130 and 143 ended by SIGINT and SIGTERM. */
export type ExitCode = 0 | 1 | 2 | 130 | 143

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
  return `${path}: ${systemReason(error)}`
}

/** What a Node.js system error means, in words (no path: messages name the path as the user wrote it). */
export function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT': {
      return 'no such file or directory'
    }
    case 'EISDIR': {
      return 'is a directory, expected a file'
    }
    case 'EACCES':
    case 'EPERM': {
      return 'permission denied'
    }
    case 'ENOTDIR':
    case 'EEXIST': {
      // `mkdir -p` through a file fails with EEXIST or ENOTDIR.
      return 'a parent of this path is not a directory'
    }
    case 'EROFS': {
      return 'read-only file system'
    }
    case 'ENOSPC': {
      return 'no space left on device'
    }
    case 'EDQUOT': {
      return 'disk quota exceeded'
    }
    case 'ELOOP': {
      return 'too many levels of symbolic links (a symlink loop?)'
    }
    case 'ENAMETOOLONG': {
      return 'file name too long'
    }
    case 'EMFILE':
    case 'ENFILE': {
      return 'too many open files'
    }
    case 'EIO': {
      return 'input/output error'
    }
    case 'EPIPE': {
      return 'the reading end was closed'
    }
    case 'ENXIO': {
      return 'no such device or address'
    }
    default: {
      // Node's own message repeats the absolute path; keep its first part (`EBUSY: resource busy or locked`).
      const message = error instanceof Error ? error.message : String(error)
      return message.replace(/, \w+ '[^']*'( -> '[^']*')?$/, '')
    }
  }
}
