/**
 * Files named on the command line: files as given, the Markdown files of
 * folders, glob patterns (tinyglobby). Shared by `check` and `migrate`, which
 * each turn the result into their own names and places.
 */
import {stat} from 'node:fs/promises'
import {dirname, isAbsolute, relative, resolve, sep} from 'node:path'
import {glob, isDynamicPattern} from 'tinyglobby'
import {InputError, describeSystemError} from '../errors.js'

/** Markdown files: `.md` and `.markdown`, any case. */
const markdownFiles = '**/*.{md,markdown}'

/** Folders never searched: dependencies and dot-folders (`.git`, `.github`). */
const ignoredFolders = ['**/node_modules/**', '**/.*/**']

export interface FoundFile {
  /** Absolute path. */
  path: string
  /** The folder it was found under: the folder given, a pattern's fixed part, or its own folder. */
  root: string
  /** How it was named. */
  via: 'file' | 'folder' | 'pattern'
  /** The argument it came from, as given. */
  input: string
}

/** Folder part of a pattern before its first dynamic segment (`notes/**\/*.md` → `notes`). */
function patternBase(pattern: string): string {
  const fixed: string[] = []
  for (const part of pattern.split('/').slice(0, -1)) {
    if (isDynamicPattern(part)) break
    fixed.push(part)
  }

  return fixed.join('/') || '.'
}

/**
 * Every file the arguments name, in the order given (each folder and pattern
 * sorted), each once. A path that does not exist and a pattern that matches
 * nothing are input errors (exit 2); a folder without Markdown gives none.
 */
export async function expandPaths(inputs: readonly string[], cwd: string): Promise<FoundFile[]> {
  const seen = new Set<string>()
  const found: FoundFile[] = []
  const add = (file: FoundFile) => {
    if (seen.has(file.path)) return
    seen.add(file.path)
    found.push(file)
  }

  for (const input of inputs) {
    const path = resolve(cwd, input)
    let info: Awaited<ReturnType<typeof stat>> | undefined
    try {
      info = await stat(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !isDynamicPattern(input)) {
        throw new InputError(describeSystemError(error, input), {cause: error})
      }
    }

    if (info?.isDirectory()) {
      const files = await glob(markdownFiles, {cwd: path, absolute: true, ignore: ignoredFolders, caseSensitiveMatch: false, followSymbolicLinks: false})
      for (const file of files.sort()) add({path: resolve(file), root: path, via: 'folder', input})
    } else if (info) {
      add({path, root: dirname(path), via: 'file', input})
    } else {
      const pattern = input.replaceAll('\\', '/')
      const files = await glob(pattern, {cwd, absolute: true, ignore: ignoredFolders, onlyFiles: true})
      if (files.length === 0) throw new InputError(`${input}: no files match this pattern`)
      const root = resolve(cwd, patternBase(pattern))
      for (const file of files.sort()) add({path: resolve(file), root, via: 'pattern', input})
    }
  }

  return found
}

/** A path with `/` separators, as in Markdown links and on GitHub. */
export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/')
}

/** A path as people read it: relative to the working folder, or absolute when that is shorter. */
export function display(path: string, cwd: string): string {
  const fromCwd = relative(cwd, path)
  if (fromCwd === '') return '.'
  return isAbsolute(fromCwd) || fromCwd.length > path.length ? path : toPosix(fromCwd)
}
