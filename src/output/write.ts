import {randomBytes} from 'node:crypto'
import {mkdir, readFile, rename, rm, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {MinutesError, describeSystemError} from '../errors.js'

/**
 * Write a file atomically: the content goes to a temporary file beside the
 * target, which is then renamed over it, so an interrupted run never leaves
 * half a file. Parent folders are created. Errors name `name` (the path as
 * the user wrote it), default `path`.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  name: string = path
): Promise<void> {
  const directory = dirname(path)
  const temporary = join(
    directory,
    `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`
  )
  try {
    await mkdir(directory, {recursive: true})
  } catch (error) {
    // `mkdir -p` through a file fails with EEXIST (or ENOTDIR).
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'EEXIST' || code === 'ENOTDIR' ? Object.assign(new Error(), {code: 'ENOTDIR'}) : error
    throw new MinutesError(describeSystemError(reason, name), {cause: error})
  }

  try {
    await writeFile(temporary, content)
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, {force: true}).catch(() => undefined)
    throw new MinutesError(describeSystemError(error, name), {cause: error})
  }
}

/** Read a file when it exists; `undefined` when it does not. */
export async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new MinutesError(describeSystemError(error, path), {cause: error})
  }
}
