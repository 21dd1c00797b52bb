/**
 * A checkout of the minutes repository that `convert --checkout` and `sync
 * --out` write into: it must exist (a typo must not become a new folder);
 * the team folders inside it are created as needed.
 */
import {stat} from 'node:fs/promises'
import {resolve} from 'node:path'
import {UsageError} from '../errors.js'

/** The absolute path of the checkout `dir` (as the user wrote it after `flag`); a usage error when it is no folder. */
export async function existingCheckout(cwd: string, dir: string, flag: string): Promise<string> {
  const path = resolve(cwd, dir)
  const info = await stat(path).catch(() => undefined)
  if (!info) {
    throw new UsageError(`${flag} ${dir}: no such folder (${path})`, {
      hint: 'Give the folder of a checkout of the minutes repository (git clone it first); it is not created, so a typo cannot make a new one.'
    })
  }

  if (!info.isDirectory()) throw new UsageError(`${flag} ${dir}: not a folder (${path})`)
  return path
}
