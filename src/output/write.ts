/**
 * Every file the tool writes goes through `writeFileAtomic()`:
 *
 * - A regular file is replaced atomically (`replaceFile()`: a temporary
 *   file beside it, synced and renamed over it): an interrupted run never
 *   leaves half a file, and the temporary file is removed also when the
 *   process ends on a signal (a signal-exit handler). The file keeps its mode
 *   and owner.
 * - A read-only file (no write permission for anyone, such as 0444) is not
 *   overwritten, also not by root: it is refused with an error naming it.
 * - A symbolic link is written through: the link stays and its target (also
 *   one that does not exist yet) gets the content.
 * - A FIFO or a character device (`/dev/stdout`, a pipe from `>(…)`,
 *   `/dev/null`) is never replaced: the content is streamed into it, as
 *   `cat > FIFO` would. A FIFO that no process reads is refused at once
 *   rather than waited for. Block devices and sockets are refused.
 * - Missing parent folders are made (`makeDirectory()`).
 *
 * Errors are `MinutesError`s (exit 2) that name `name`, the path as the user
 * wrote it.
 */
import {constants, unlinkSync, type Stats} from 'node:fs'
import {lstat, mkdir, open, readFile, readlink, rename, stat, unlink, type FileHandle} from 'node:fs/promises'
import {dirname, resolve} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {threadId} from 'node:worker_threads'
import {onExit} from 'signal-exit'
import {MinutesError, describeSystemError, systemReason} from '../errors.js'
import {turns} from '../util/in-turn.js'

/** Symbolic links followed at most, as Linux's `MAXSYMLINKS`. */
const maxLinks = 40

/**
 * Make `path` and the folders above it that are missing (`mkdir -p`).
 *
 * Written here, not `fs.mkdir(path, {recursive: true})` and not make-dir or
 * mkdirp: on Linux, Node 20's recursive mkdir loops forever at 100 % CPU when
 * mkdir(2) answers ENOENT although the parent exists (`/proc/x/y`: procfs
 * refuses new entries that way), and mkdirp's fallback retries the same way.
 * Here each missing folder is made once, from the top down, and any failure
 * is final.
 */
export async function makeDirectory(path: string): Promise<void> {
  const missing: string[] = []
  let current = resolve(path)
  for (;;) {
    let info
    try {
      info = await stat(current)
    } catch (error) {
      const parent = dirname(current)
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw error
      missing.push(current)
      current = parent
      continue
    }

    if (!info.isDirectory()) throw Object.assign(new Error(`${current}: not a directory`), {code: 'ENOTDIR', path: current})
    break
  }

  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && (await stat(folder).catch(() => undefined))?.isDirectory()) continue
      throw Object.assign(error as Error, {path: folder})
    }
  }
}

/**
 * `path` with every symbolic link of its last part followed (the target may
 * not exist), and what is there (`undefined`: nothing).
 */
async function followLinks(path: string): Promise<{target: string; info: Stats | undefined}> {
  let current = path
  for (let hop = 0; hop <= maxLinks; hop++) {
    let info
    try {
      info = await lstat(current)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {target: current, info: undefined}
      throw error
    }

    // Not a link: what lstat says is what stat would say.
    if (!info.isSymbolicLink()) return {target: current, info}
    current = resolve(dirname(current), await readlink(current))
  }

  throw Object.assign(new Error(`${path}: too many symbolic links`), {code: 'ELOOP'})
}

type Kind = 'missing' | 'file' | 'directory' | 'fifo' | 'character device' | 'block device' | 'socket'

function kindOf(info: Stats | undefined): Kind {
  if (!info) return 'missing'
  if (info.isFile()) return 'file'
  if (info.isDirectory()) return 'directory'
  if (info.isFIFO()) return 'fifo'
  if (info.isCharacterDevice()) return 'character device'
  if (info.isBlockDevice()) return 'block device'
  return 'socket'
}

/**
 * Write `content` to `path` (see the module comment). Parent folders are
 * made. Errors name `name` (the path as the user wrote it), default `path`.
 */
/** Writes of one file happen in the order they were asked for. */
const inTurn = turns()

export async function writeFileAtomic(path: string, content: string | Uint8Array, name: string = path): Promise<void> {
  const absolute = resolve(path)
  return inTurn(absolute, () => writeNow(absolute, content, name))
}

async function writeNow(absolute: string, content: string | Uint8Array, name: string): Promise<void> {
  let target: string
  let info: Stats | undefined
  try {
    ;({target, info} = await followLinks(absolute))
  } catch (error) {
    throw new MinutesError(describeSystemError(error, name), {cause: error})
  }

  const kind = kindOf(info)
  switch (kind) {
    case 'directory': {
      throw new MinutesError(`${name}: is a directory, expected a file`)
    }
    case 'block device':
    case 'socket': {
      throw new MinutesError(`${name}: is a ${kind}, not a file; nothing written`, {hint: 'Pass the path of a file to write.'})
    }
    case 'fifo':
    case 'character device': {
      await streamInto(target, kind, content, name)
      return
    }
    case 'file': {
      if ((info!.mode & 0o222) === 0) {
        throw new MinutesError(`${name}: read-only file (mode ${(info!.mode & 0o777).toString(8).padStart(4, '0')}); not overwritten`, {
          hint: `Make it writable first (chmod u+w ${name}) if it should be replaced.`
        })
      }

      break
    }
    case 'missing': {
      // Its folder is made when the write finds none (below).
      break
    }
  }

  try {
    try {
      await replaceFile(target, content, info)
    } catch (error) {
      // A missing file in a missing folder: the folders are made, once.
      if (info || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      await makeFolderOf(target, name)
      await replaceFile(target, content, info)
    }
  } catch (error) {
    if (error instanceof MinutesError) throw error
    throw new MinutesError(describeSystemError(error, name), {cause: error})
  }
}

async function makeFolderOf(target: string, name: string): Promise<void> {
  try {
    await makeDirectory(dirname(target))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOTDIR') throw new MinutesError(describeSystemError(error, name), {cause: error})
    const folder = (error as {path?: unknown}).path
    throw new MinutesError(`${name}: cannot make the folder ${typeof folder === 'string' ? folder : dirname(target)}: ${systemReason(error)}`, {cause: error})
  }
}

/** Temporary files being written, removed when the process ends before they are renamed. */
const temporaries = new Set<string>()
let removeExitHandler: (() => void) | undefined
let removal: NodeJS.Timeout | undefined
let temporaryCount = 0

function track(temporary: string): void {
  temporaries.add(temporary)
  removeExitHandler ??= onExit(() => {
    for (const file of temporaries) {
      try {
        unlinkSync(file)
      } catch {}
    }
  })
}

/**
 * The handler goes a second after the last temporary file: a migration
 * writes one file after another, and adding and removing signal-exit's
 * listeners for each took a third of the CPU time of 3000 writes in a row.
 */
function untrack(temporary: string): void {
  temporaries.delete(temporary)
  if (temporaries.size > 0) return
  if (removal) removal.refresh()
  else {
    removal = setTimeout(() => {
      removal = undefined
      // Files are being written again: the last of them to end starts the second again.
      if (temporaries.size > 0) return
      removeExitHandler?.()
      removeExitHandler = undefined
    }, 1000).unref()
  }
}

/**
 * Replace the regular file `target` (`info`: what is there now; `undefined`:
 * nothing) by a temporary file beside it, written, synced and renamed over
 * it. A new file gets the mode open(2) gives (0666 less the umask); an
 * existing one keeps its mode and owner.
 *
 * Written here rather than with write-file-atomic, which this replaced: for
 * each file that package resolves the path again with `fs.realpath`'s
 * JavaScript version (an lstat per folder of the path), stats the file
 * again, registers and removes a signal-exit handler, and unlinks the
 * temporary file after the rename: about 16 file system calls for a new
 * file four folders deep, where this makes 6 with the lstat before it. On
 * this project's machines that was 2.0–3.4 ms of CPU per file against
 * 1.1–1.4 ms here (3000 files, one process), and the largest part of
 * `minutes migrate`'s main thread. The caller has followed the links and
 * stat'ed the file already; the exit handler is registered only while a
 * file is being written.
 */
async function replaceFile(target: string, content: string | Uint8Array, info: Stats | undefined): Promise<void> {
  const temporary = `${target}.${process.pid.toString(36)}-${threadId.toString(36)}-${(++temporaryCount).toString(36)}`
  track(temporary)
  let handle: FileHandle | undefined
  try {
    handle = await open(temporary, 'wx', info ? info.mode & 0o7777 : 0o666)
    await handle.writeFile(content)
    if (info) {
      // open(2) applied the umask: the mode as it was.
      await handle.chmod(info.mode & 0o7777)
      if (info.uid !== process.getuid?.() || info.gid !== process.getgid?.()) {
        await handle.chown(info.uid, info.gid).catch((error: NodeJS.ErrnoException) => {
          // Only root may give a file away: others keep the owner they may (as write-file-atomic did).
          const root = process.getuid?.() === 0
          if (error.code !== 'ENOSYS' && (root || (error.code !== 'EPERM' && error.code !== 'EINVAL'))) throw error
        })
      }
    }

    await handle.sync()
    await handle.close()
    handle = undefined
    await rename(temporary, target)
  } catch (error) {
    await handle?.close().catch(() => undefined)
    await unlink(temporary).catch(() => undefined)
    throw error
  } finally {
    untrack(temporary)
  }
}

/**
 * Write into a FIFO or a character device. A FIFO is opened without
 * waiting (`O_NONBLOCK`): with no reader that fails at once (ENXIO) instead
 * of hanging; while its buffer is full the write is tried again.
 */
async function streamInto(path: string, kind: 'fifo' | 'character device', content: string | Uint8Array, name: string): Promise<void> {
  const data = typeof content === 'string' ? Buffer.from(content) : content
  let handle: FileHandle
  try {
    handle = await open(path, kind === 'fifo' ? constants.O_WRONLY | constants.O_NONBLOCK : constants.O_WRONLY)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') {
      throw new MinutesError(`${name}: a FIFO that no process reads; nothing written`, {cause: error, hint: 'Start the reader first, or pass the path of a file.'})
    }

    throw new MinutesError(describeSystemError(error, name), {cause: error})
  }

  try {
    let offset = 0
    while (offset < data.byteLength) {
      try {
        const {bytesWritten} = await handle.write(data, offset, data.byteLength - offset)
        offset += bytesWritten
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
        await sleep(5)
      }
    }
  } catch (error) {
    throw new MinutesError(describeSystemError(error, name), {cause: error})
  } finally {
    await handle.close().catch(() => undefined)
  }
}

/**
 * Read a file when it exists; `undefined` when it does not, and for a FIFO
 * or a device (reading one could wait forever, and there is nothing to
 * compare with).
 */
export async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    const info = await stat(path)
    if (!info.isFile() && !info.isDirectory()) return undefined
    return await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new MinutesError(describeSystemError(error, path), {cause: error})
  }
}
