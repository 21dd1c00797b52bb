/**
 * Names derived from the content, so a second run finds the first run's
 * work: the branch (`minutes/iaas-20230726`), the commit message and pull
 * request title (`Add iaas/20230726.md`, the repository's convention).
 */
import {createHash} from 'node:crypto'
import type {Person} from '../github/git.js'
import {signoffLine} from './identity.js'
import type {FileStatus} from './tree.js'

function isMinutes(path: string): boolean {
  return path.endsWith('.md')
}

/** Make text safe as a git branch name component (see `git check-ref-format`). */
function refSafe(text: string): string {
  return text
    .replace(/[^\w.\-/]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/\/{2,}/g, '/')
    .replace(/(^|\/)[.-]+/g, '$1')
    .replace(/(\.lock|[./-])+$/i, '')
}

/**
 * The branch for a set of files: `minutes/iaas-20230726` for one meeting,
 * `minutes/iaas-20230726-20230802` for up to three meetings of one team, else
 * the teams and a hash of the paths (`minutes/iaas-container-1a2b3c4d`).
 * Only the minutes count (pictures follow them), so the name is the same
 * whatever pictures a note has.
 */
export function branchName(paths: readonly string[]): string {
  const minutes = paths.filter((path) => isMinutes(path))
  const named = [...(minutes.length > 0 ? minutes : paths)].sort()
  const teams = [...new Set(named.map((path) => path.split('/')[0]!))]
  const stem = (path: string) => path.slice(path.indexOf('/') + 1).replace(/\.md$/, '').replaceAll('/', '-')
  if (teams.length === 1 && named.length <= 3) return refSafe(`minutes/${teams[0]}-${named.map(stem).join('-')}`)
  const label = teams.length <= 3 ? teams.join('-') : `${teams.length}-teams`
  const hash = createHash('sha256').update(named.join('\n')).digest('hex').slice(0, 8)
  return refSafe(`minutes/${label}-${hash}`)
}

export interface Change {
  path: string
  status: FileStatus
}

/** `Add iaas/20230726.md`: the verb says whether the base had the files. */
export function commitSubject(changes: readonly Change[]): string {
  const changed = changes.filter((change) => change.status !== 'unchanged')
  const minutes = changed.filter((change) => isMinutes(change.path))
  const primary = minutes.length > 0 ? minutes : changed
  const added = primary.filter((change) => change.status === 'added').length
  const verb = added === primary.length ? 'Add' : added === 0 ? 'Update' : 'Add and update'
  const paths = primary.map((change) => change.path)
  if (paths.length <= 2) return `${verb} ${paths.join(' and ')}`
  return minutes.length > 0 ? `${verb} minutes of ${paths.length} meetings` : `${verb} ${paths.length} files`
}

/**
 * The whole commit message: subject, the files when the subject does not
 * name them all, and the `Signed-off-by:` trailer (DCO).
 */
export function commitMessage(changes: readonly Change[], signoff: Person): string {
  const changed = changes.filter((change) => change.status !== 'unchanged')
  const subject = commitSubject(changes)
  const named = changed.filter((change) => subject.includes(change.path)).length
  let list = ''
  if (named < changed.length) {
    const shown = changed.slice(0, 100).map((change) => `- ${change.path}`)
    if (changed.length > shown.length) shown.push(`- … and ${changed.length - shown.length} more`)
    list = shown.join('\n') + '\n\n'
  }

  return `${subject}\n\n${list}${signoffLine(signoff)}\n`
}

/**
 * `4.2 kB`: sizes in the units people read (1 kB = 1000 bytes). A few lines,
 * so no dependency.
 */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB']
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }

  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}
