/**
 * Where minutes go in the community repository: `<repo>/<team>/<YYYYMMDD>.md`.
 * Team names and dates are validated so no path can leave the repository.
 */
import {join, resolve} from 'node:path'
import {UsageError} from '../errors.js'
import {validateDate} from '../util/date.js'
import {readIfExists, writeFileAtomic} from './write.js'

const teamPattern = /^[a-z\d][a-z\d-]{0,62}$/

export function validateTeam(team: string): string {
  if (!teamPattern.test(team)) {
    throw new UsageError(`invalid team "${team}": expected a folder name of lowercase letters, digits and hyphens, such as "iaas"`)
  }

  return team
}

/** Relative path of a meeting's minutes: `iaas/20230726.md`. */
export function minutesPath(team: string, date: string): string {
  return `${validateTeam(team)}/${validateDate(date).replaceAll('-', '')}.md`
}

export type PlaceStatus = 'created' | 'updated' | 'unchanged'

/**
 * Write minutes into a repository checkout. A different existing file is
 * kept unless `force`; the same content is a no-op.
 */
export async function placeMinutes(options: {
  repoDir: string
  team: string
  date: string
  markdown: string
  force?: boolean
}): Promise<{path: string; relative: string; status: PlaceStatus}> {
  const relative = minutesPath(options.team, options.date)
  const path = join(resolve(options.repoDir), relative)
  const existing = await readIfExists(path)
  if (existing !== undefined) {
    if (Buffer.from(existing).toString('utf8') === options.markdown) return {path, relative, status: 'unchanged'}
    if (!options.force) {
      throw new UsageError(`${path} exists and differs from the converted note`, {
        hint: 'Pass --force to overwrite it, or --date to pick another date.'
      })
    }
  }

  await writeFileAtomic(path, options.markdown)
  return {path, relative, status: existing === undefined ? 'created' : 'updated'}
}
