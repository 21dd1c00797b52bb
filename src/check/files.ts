/**
 * Which files `minutes check` reads: files as given, the Markdown files of
 * folders, glob patterns (tinyglobby), or by default the minutes below the
 * working folder. Paths are reported as given (relative to the working
 * folder when found), which is what GitHub annotations need.
 */
import {stat} from 'node:fs/promises'
import {isAbsolute, join, relative, resolve} from 'node:path'
import {InputError} from '../errors.js'
import {display, expandPaths} from '../input/paths.js'

/** Project files at the top of a minutes repository, not minutes. */
const projectFiles = /^(readme|contributing|changelog|license|licence|code_of_conduct|security|support)\.md$/i

/**
 * The files to check, in a stable order, without duplicates. A path that does
 * not exist, a folder without Markdown and a pattern that matches nothing are
 * input errors (exit 2).
 */
export async function findFiles(paths: string[], cwd: string): Promise<string[]> {
  if (paths.length === 0) {
    const all = (await expandPaths([cwd], cwd)).map((file) => file.path)
    const minutes = all.filter((path) => !(relative(cwd, path).split(/[\\/]/).length === 1 && projectFiles.test(relative(cwd, path))))
    if (minutes.length === 0) {
      throw new InputError(`${cwd}: no Markdown files in this folder or below`, {hint: 'Run `minutes check` in the minutes repository, or name files or folders to check.'})
    }

    return minutes.map((path) => display(path, cwd))
  }

  const found = await expandPaths(paths, cwd)
  for (const path of paths) {
    if (!found.some((file) => file.input === path) && (await stat(resolve(cwd, path))).isDirectory()) {
      throw new InputError(`${path}: no Markdown (*.md) files in this folder`)
    }
  }

  // Reported as given: below a folder as `folder/…`, a pattern's match relative to the working folder.
  return found.map(function (file) {
    if (file.via === 'file') return file.input
    if (file.via === 'folder') return isAbsolute(file.input) ? file.path : join(file.input, relative(file.root, file.path))
    return display(file.path, cwd)
  })
}
