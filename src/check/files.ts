/**
 * Which files `minutes check` reads, as markdownlint-cli2 decides it: files
 * as given, the Markdown files of folders, glob patterns (tinyglobby), or by
 * default the minutes below the working folder; then without the files that
 * `.gitignore` ignores (globby's gitignore support: every `.gitignore` of the
 * repository, nested ones included), that the configuration's `ignores`
 * name, or that a `!pattern` (or `#pattern`) argument excludes. Paths are
 * reported as given (relative to the working folder when found), which is
 * what GitHub annotations need.
 */
import {stat} from 'node:fs/promises'
import {isAbsolute, join, relative, resolve} from 'node:path'
import {isGitIgnored} from 'globby'
import picomatch from 'picomatch'
import {InputError} from '../errors.js'
import {display, expandPaths, toPosix} from '../input/paths.js'
import {repositoryRoot} from './offline.js'

/** Project files at the top of a minutes repository, not minutes. */
const projectFiles = /^(readme|contributing|changelog|license|licence|code_of_conduct|security|support)\.md$/i

export interface FindFilesOptions {
  /** Leave out what `.gitignore` files ignore. Default: `true`. */
  gitignore?: boolean
  /** Glob patterns to leave out (the configuration's `ignores`), relative to `base`. Default: none. */
  ignores?: readonly string[]
  /** Folder `ignores` are relative to (the configuration file's). Default: the working folder. */
  base?: string
  /** A file named on the command line that is left out, and why, for a warning. */
  onIgnored?: (file: string, reason: string) => void
}

/** `!pattern` and `#pattern` (for shells where `!` is special) exclude; the rest name files. */
function splitNegations(paths: readonly string[]): {positive: string[]; negative: string[]} {
  const positive: string[] = []
  const negative: string[] = []
  for (const path of paths) {
    if (/^[!#]./.test(path)) negative.push(path.slice(1).replaceAll('\\', '/').replace(/^\.\//, ''))
    else positive.push(path)
  }

  return {positive, negative}
}

/**
 * A matcher of glob patterns relative to `base`: a path matches when it or
 * one of its folders does, so `drafts` leaves out `drafts/…` as `drafts/**` does.
 */
function globMatcher(patterns: readonly string[], base: string): (path: string) => string | undefined {
  const matchers = patterns.map((pattern) => [pattern, picomatch(pattern.replace(/\/+$/, ''), {dot: true})] as const)
  return function (path) {
    const from = relative(base, path)
    if (from === '' || from.startsWith('..') || isAbsolute(from)) return undefined
    const parts = toPosix(from).split('/')
    for (let length = parts.length; length > 0; length--) {
      const candidate = parts.slice(0, length).join('/')
      for (const [pattern, matches] of matchers) if (matches(candidate)) return pattern
    }

    return undefined
  }
}

/**
 * The files to check, in a stable order, without duplicates. A path that does
 * not exist, a folder without Markdown, a pattern that matches nothing, and
 * arguments whose every file is left out are input errors (exit 2).
 */
export async function findFiles(paths: string[], cwd: string, options: FindFilesOptions = {}): Promise<string[]> {
  const {positive, negative} = splitNegations(paths)
  const excluded = globMatcher(negative, cwd)
  const ignored = globMatcher(options.ignores ?? [], options.base ?? cwd)
  const gitIgnored = options.gitignore === false ? undefined : await isGitIgnored({cwd: await repositoryRoot(cwd)})

  /** Why `path` (absolute) is left out, or `undefined`. */
  const reason = (path: string): string | undefined => {
    const negation = excluded(path)
    if (negation !== undefined) return `excluded by \`!${negation}\``
    const pattern = ignored(path)
    if (pattern !== undefined) return `ignored by \`${pattern}\` in the configuration's \`ignores\``
    if (gitIgnored?.(path)) return 'ignored by .gitignore (--no-gitignore checks it)'
    return undefined
  }

  let left = 0
  const keep = (path: string, named: boolean): boolean => {
    const why = reason(path)
    if (why === undefined) return true
    left++
    if (named) options.onIgnored?.(display(path, cwd), why)
    return false
  }

  const leftOut = () => (left === 0 ? '' : ` (${left} left out by .gitignore, \`ignores\` or \`!\` patterns)`)

  if (positive.length === 0) {
    const all = (await expandPaths([cwd], cwd)).map((file) => file.path)
    const minutes = all.filter((path) => !(relative(cwd, path).split(/[\\/]/).length === 1 && projectFiles.test(relative(cwd, path)))).filter((path) => keep(path, false))
    if (minutes.length === 0) {
      throw new InputError(`${cwd}: no Markdown files in this folder or below${leftOut()}`, {
        hint: 'Run `minutes check` in the minutes repository, or name files or folders to check.'
      })
    }

    return minutes.map((path) => display(path, cwd))
  }

  const found = await expandPaths(positive, cwd)
  for (const path of positive) {
    if (!found.some((file) => file.input === path) && (await stat(resolve(cwd, path))).isDirectory()) {
      throw new InputError(`${path}: no Markdown (*.md) files in this folder`)
    }
  }

  const kept = found.filter((file) => keep(file.path, file.via === 'file'))
  if (kept.length === 0) throw new InputError(`${positive.join(' ')}: every file is left out${leftOut()}`)

  // Reported as given: below a folder as `folder/…`, a pattern's match relative to the working folder.
  return kept.map(function (file) {
    if (file.via === 'file') return file.input
    if (file.via === 'folder') return isAbsolute(file.input) ? file.path : join(file.input, relative(file.root, file.path))
    return display(file.path, cwd)
  })
}
