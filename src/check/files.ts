/**
 * Which files `minutes check` reads: files as given, the Markdown files of
 * folders, glob patterns (tinyglobby), or by default the minutes below the
 * working folder. Paths are reported as given (relative to the working
 * folder when found), which is what GitHub annotations need.
 */
import {stat} from 'node:fs/promises'
import {isAbsolute, join, relative, resolve} from 'node:path'
import {glob, isDynamicPattern} from 'tinyglobby'
import {InputError, describeSystemError} from '../errors.js'

/** Folders never searched: dependencies and dot-folders (`.git`, `.github`). */
const ignore = ['**/node_modules/**', '**/.*/**']

/** Project files at the top of a minutes repository, not minutes. */
const projectFiles = /^(readme|contributing|changelog|license|licence|code_of_conduct|security|support)\.md$/i

function display(cwd: string, path: string): string {
  const result = relative(cwd, path)
  return result && !result.startsWith('..') && !isAbsolute(result) ? result : path
}

async function markdownIn(directory: string): Promise<string[]> {
  return (await glob('**/*.md', {cwd: directory, ignore, absolute: true, caseSensitiveMatch: false})).sort()
}

/**
 * The files to check, in a stable order, without duplicates. A path that does
 * not exist, a folder without Markdown and a pattern that matches nothing are
 * input errors (exit 2).
 */
export async function findFiles(paths: string[], cwd: string): Promise<string[]> {
  const found: string[] = []
  if (paths.length === 0) {
    const all = await markdownIn(cwd)
    const minutes = all.filter((path) => !(relative(cwd, path).split(/[\\/]/).length === 1 && projectFiles.test(relative(cwd, path))))
    if (minutes.length === 0) {
      throw new InputError(`${cwd}: no Markdown files in this folder or below`, {hint: 'Run `minutes check` in the minutes repository, or name files or folders to check.'})
    }

    return minutes.map((path) => display(cwd, path))
  }

  for (const path of paths) {
    const absolute = resolve(cwd, path)
    let info: Awaited<ReturnType<typeof stat>> | undefined
    try {
      info = await stat(absolute)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !isDynamicPattern(path)) {
        throw new InputError(describeSystemError(error, path), {cause: error})
      }
    }

    if (info?.isDirectory()) {
      const files = await markdownIn(absolute)
      if (files.length === 0) throw new InputError(`${path}: no Markdown (*.md) files in this folder`)
      found.push(...files.map((file) => (isAbsolute(path) ? file : join(path, relative(absolute, file)))))
    } else if (info) {
      found.push(path)
    } else {
      const files = (await glob(path, {cwd, ignore, absolute: true})).sort()
      if (files.length === 0) throw new InputError(`${path}: the pattern matches no files`)
      found.push(...files.map((file) => display(cwd, file)))
    }
  }

  const seen = new Set<string>()
  return found.filter((path) => {
    const key = resolve(cwd, path)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
