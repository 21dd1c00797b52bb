/**
 * The pull request body, from `templates/pr-body.liquid`: the files with
 * their sizes, and for each file of minutes its team, date, participants,
 * action items and source note.
 */
import {teamInfo, type Config} from '../config/schema.js'
import {loadTemplate, renderLiquid} from '../render/template.js'
import type {PublishFile} from './files.js'
import {formatSize} from './plan.js'
import type {FileStatus} from './tree.js'

/** Variables of `pr-body.liquid`. */
export interface BodyData {
  /** `owner/name` of the minutes repository. */
  repository: string
  base: string
  branch: string
  /** The branch is in the author's fork. */
  fork: boolean
  /** Files this pull request adds or changes. */
  files: Array<{path: string; size: string; bytes: number; status: FileStatus}>
  /** Total size of `files`, e.g. `12 kB`. */
  size: string
  /** Files already on the base as they are, left out of the commit. */
  unchanged: number
  /** The command that opened the pull request: `publish` or `sync`. */
  command: string
  minutes: Array<{
    path: string
    team: string
    /** Display name from the configuration's `teams`, else the folder. */
    teamName: string
    date: string
    title: string
    /** `added`, or `updated`: the base has other minutes at this path (`sync --update`: the pad now says something else). */
    status: FileStatus
    participants: number
    actionItems: Array<{owners: string[]; text: string}>
    source: string
  }>
}

/** GitHub refuses bodies over 65,536 characters. */
const maxBody = 60_000

export function bodyData(options: {
  repository: string
  base: string
  branch: string
  fork: boolean
  files: readonly PublishFile[]
  status: ReadonlyMap<string, FileStatus>
  config: Config
  command?: string | undefined
}): BodyData {
  const changed = options.files.filter((file) => options.status.get(file.path) !== 'unchanged')
  const bytes = changed.reduce((sum, file) => sum + file.content.byteLength, 0)
  return {
    repository: options.repository,
    base: options.base,
    branch: options.branch,
    fork: options.fork,
    files: changed.map((file) => ({
      path: file.path,
      size: formatSize(file.content.byteLength),
      bytes: file.content.byteLength,
      status: options.status.get(file.path) ?? 'added'
    })),
    size: formatSize(bytes),
    unchanged: options.files.length - changed.length,
    command: options.command ?? 'publish',
    minutes: changed.flatMap((file) =>
      file.minutes
        ? [
            {
              path: file.path,
              team: file.minutes.team,
              teamName: teamInfo(options.config, file.minutes.team).name,
              date: file.minutes.date ?? '',
              title: file.minutes.title ?? '',
              status: options.status.get(file.path) ?? 'added',
              participants: file.minutes.participants,
              actionItems: file.minutes.actionItems,
              source: file.minutes.source ?? ''
            }
          ]
        : []
    )
  }
}

/** Render the body with `template` (default: the bundled `pr-body`), shortened to what GitHub accepts. */
export async function renderBody(data: BodyData, options: {template?: string | undefined; cwd: string}): Promise<string> {
  const name = options.template ?? 'pr-body'
  const body = (await renderLiquid(await loadTemplate(name, options.cwd), data, name)).replace(/\n{3,}/g, '\n\n').trim() + '\n'
  if (body.length <= maxBody) return body
  const cut = body.lastIndexOf('\n', maxBody)
  return `${body.slice(0, cut)}\n\n… (shortened; the commit lists every file)\n`
}
