/**
 * `minutes sync`: keep the minutes repository up to date with the teams'
 * running pads. The teams come from `--team T --pad URL…`, `--team T` (its
 * pads in the configuration), or every configured team with pads.
 *
 * - `--out DIR`: a checkout (it must exist); the new meetings' minutes and
 *   pictures are written there, no git.
 * - Else GitHub (`--repo OWNER/NAME`, default the configuration's, or each
 *   team's `repository`): one pull request per repository from the branch
 *   `minutes/sync`, created or updated through publish's machinery; the
 *   commit is always made on the base branch, so meetings already in the open
 *   pull request stay in it and a new meeting adds one file. After a merge
 *   or close, the next run opens a new one. Nothing new: no commit, "up to
 *   date".
 *
 * stdout: the pull request URL or the files written (or `--format json`);
 * stderr: what happened to each team and meeting. Exit 0; 1 when a team
 * failed (its pad could not be read) or two meetings share a date; 2 on
 * usage and GitHub errors.
 */
import {readdir} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {join} from 'node:path'
import {writing, type CommandContext} from '../cli/context.js'
import {loadConfig} from '../config/load.js'
import {isTeam, teamInfo, type Config} from '../config/schema.js'
import {UsageError} from '../errors.js'
import {blobSha, isTree} from '../github/git-objects.js'
import type {PublishResult} from '../publish/publish.js'
import {cookieHeader, readNote} from '../input/note.js'
import {isCalendarDate} from '../util/date.js'
import {existingCheckout} from '../output/checkout.js'
import {createImageDownloader} from '../output/images.js'
import {validateTeam} from '../output/place.js'
import {readIfExists, writeFileAtomic} from '../output/write.js'
import {colors, formatMessage} from '../report/messages.js'
import type {PublishCommandOptions} from './publish.js'
import {sync, type FolderListing, type SyncResult, type SyncTeam} from '../sync/sync.js'

/** Sync takes publish's options for pictures, sign-off, base branch, API URL and cookie, spelled the same. */
export interface SyncCommandOptions
  extends Pick<
    PublishCommandOptions,
    'base' | 'draft' | 'signoff' | 'apiUrl' | 'template' | 'config' | 'images' | 'maxImageSize' | 'maxNoteSize' | 'cookie' | 'timeout' | 'format' | 'quiet' | 'color' | 'verbose'
  > {
  team?: string | undefined
  /** Pads of `team` (note URLs or files), instead of the configured ones. */
  pad?: string[] | undefined
  /** `OWNER/NAME` on GitHub. Default: each team's `repository`, else the configuration's. */
  repo?: string | undefined
  /** A checkout to write into instead of GitHub. */
  out?: string | undefined
  since?: string | undefined
  update?: boolean | undefined
  dryRun?: boolean | undefined
  concurrency?: number | undefined
}

/** The branch `minutes sync` owns on the minutes repository. */
export const syncBranch = 'minutes/sync'

/** The teams to sync, with their repository: from the options, else every configured team with pads. */
function selectTeams(options: SyncCommandOptions, config: Config): Array<SyncTeam & {repository: string}> {
  if (options.pad && options.pad.length > 0) {
    if (!options.team) throw new UsageError('--pad needs --team: the team folder its meetings go to, such as --team project-board')
    const info = teamInfo(config, options.team)
    return [{team: info.key, folder: validateTeam(info.folder), pads: options.pad, repository: info.repository}]
  }

  if (options.team) {
    if (!isTeam(config, options.team)) throw new UsageError(`team "${options.team}" is not in the configuration; give its pads with --pad URL`)
    const info = teamInfo(config, options.team)
    if (info.pads.length === 0) throw new UsageError(`team "${options.team}" has no pads in the configuration; give them with --pad URL, or add "pads" to the team`)
    return [{team: info.key, folder: validateTeam(info.folder), pads: info.pads, repository: info.repository}]
  }

  const teams = Object.keys(config.teams)
    .map((key) => teamInfo(config, key))
    .filter((info) => info.pads.length > 0)
  if (teams.length === 0) {
    throw new UsageError('no team has pads in the configuration: nothing to sync', {
      hint: 'Give them as "teams": {"iaas": {"pads": ["https://input.scs.community/2025-scs-team-iaas"]}} (README, "Keep the repository in sync"), or pass --team T --pad URL.'
    })
  }

  return teams.map((info) => ({team: info.key, folder: validateTeam(info.folder), pads: info.pads, repository: info.repository}))
}

function validate(options: SyncCommandOptions): void {
  if (options.out && options.repo) throw new UsageError('give --out DIR (a checkout) or --repo OWNER/NAME (GitHub), not both')
  if (options.since !== undefined && !isCalendarDate(options.since)) throw new UsageError(`invalid --since "${options.since}": expected a date YYYY-MM-DD, such as 2025-01-01`)
  if (options.out && (options.draft || options.base || options.signoff)) throw new UsageError('--draft, --base and --signoff are for the pull request; --out writes files only')
}

export async function syncCommand(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const options = raw as SyncCommandOptions
  validate(options)
  const {config} = await loadConfig({cwd: context.cwd, ...(options.config ? {file: options.config} : {})})
  const teams = selectTeams(options, config)
  const chalk = colors(context.stderr, context.env)
  const say = (line: string) => {
    if (!options.quiet) context.stderr.write(line + '\n')
  }

  const timeout = (options.timeout ?? 30) * 1000
  const cookie = cookieHeader(options.cookie ?? context.env.MINUTES_HEDGEDOC_COOKIE)
  const downloader =
    (options.images ?? 'download') === 'download'
      ? createImageDownloader({maxBytes: (options.maxImageSize ?? 20) * 1024 * 1024, timeout, ...(cookie ? {cookie, cookieOrigin: config.hedgedoc} : {})})
      : undefined
  const readPad = async (pad: string) => {
    const note = await readNote(pad, {cwd: context.cwd, env: context.env, timeout, maxBytes: (options.maxNoteSize ?? 10) * 1024 * 1024, servers: [config.hedgedoc], ...(cookie ? {cookie} : {})})
    return {text: note.text, label: note.url ?? pad, url: note.url, server: note.server}
  }

  const common = {
    config,
    cwd: context.cwd,
    readPad,
    since: options.since,
    update: options.update,
    template: options.template,
    concurrency: options.concurrency ?? availableParallelism()
  }

  const reports: Array<{target: string; result: SyncResult; written: string[]; publish?: PublishResult | undefined}> = []
  if (options.out) {
    const out = await existingCheckout(context.cwd, options.out, '--out')
    const result = await sync({
      ...common,
      teams,
      list: (folder) => folderListing(join(out, folder)),
      pictures: downloader ? {downloader, directory: (folder) => join(out, folder)} : undefined
    })
    const written: string[] = []
    if (!options.dryRun) {
      // A signal meanwhile lets the files be finished whole (exit 130/143).
      await writing(context, async () => {
        for (const file of result.files) {
          const path = join(out, file.path)
          await writeFileAtomic(path, file.content)
          written.push(path)
        }
      })
    }

    reports.push({target: out, result, written})
  } else {
    // One pull request per repository: --repo, else each team's.
    const groups = new Map<string, typeof teams>()
    for (const team of teams) {
      const repository = options.repo ?? team.repository
      groups.set(repository, [...(groups.get(repository) ?? []), team])
    }

    // Loaded only for GitHub: publish's machinery and the client.
    const [{publishTarget, scrub}, {createClient}, {findBranch, getCommit, readTree}, {getRepository, parseRepositoryName}, {gitIdentity}, {publishFiles}] = await Promise.all([
      import('./publish.js'),
      import('../github/client.js'),
      import('../github/git.js'),
      import('../github/repos.js'),
      import('../publish/identity.js'),
      import('../publish/publish.js')
    ])
    for (const [repositoryText, group] of groups) {
      const target = await publishTarget({...options, repo: repositoryText}, context, config)
      try {
        const client = createClient({token: target.token, baseUrl: target.apiUrl, onWait: say, ...(target.scale === undefined ? {} : {waitScale: target.scale})})
        const repository = parseRepositoryName(repositoryText)!
        const upstream = await getRepository(client, repository)
        const base = options.base ?? upstream.defaultBranch
        const baseSha = await findBranch(client, repository, base)
        if (!baseSha) throw new UsageError(`base branch ${base} not found in ${upstream.fullName}`)
        const root = await readTree(client, repository, (await getCommit(client, repository, baseSha)).tree)
        const result = await sync({
          ...common,
          teams: group,
          async list(folder) {
            const entry = root.find((item) => item.name === folder && isTree(item.mode))
            const items = entry ? await readTree(client, repository, entry.sha) : []
            return new Map(items.filter((item) => !isTree(item.mode)).map((item) => [item.name, async () => item.sha]))
          },
          pictures: downloader ? {downloader} : undefined
        })
        let publish: PublishResult | undefined
        if (result.files.length > 0) {
          publish = await publishFiles(client, result.files, {
            repository,
            base,
            branch: syncBranch,
            draft: options.draft,
            dryRun: options.dryRun,
            signoff: target.signoff ?? (await gitIdentity(context.cwd, context.env)),
            apiUrl: target.apiUrl,
            config,
            cwd: context.cwd,
            command: 'sync',
            onProgress: say,
            waitScale: target.scale
          })
        }

        reports.push({target: upstream.fullName, result, written: [], publish})
      } catch (error) {
        throw scrub(error, target.token)
      }
    }
  }

  let failed = 0
  for (const {target, result, written, publish} of reports) {
    for (const message of result.messages) if (!options.quiet) context.stderr.write(formatMessage(message, chalk) + '\n')
    for (const meeting of result.meetings) for (const message of meeting.messages) if (!options.quiet && message.severity !== 'info') context.stderr.write(formatMessage(message, chalk) + '\n')
    for (const team of result.teams) {
      if (team.error) {
        failed++
        context.stderr.write(`${chalk.red('error')} ${team.team}: ${team.error}; the team is not synced\n`)
        continue
      }

      const mine = result.meetings.filter((meeting) => meeting.team === team.team)
      const told = new Set<string>()
      for (const meeting of mine) {
        if (meeting.status === 'collision' && !told.has(meeting.date)) {
          told.add(meeting.date)
          failed++
          const places = [{pad: meeting.pad, line: meeting.line}, ...(meeting.others ?? [])].map((place) => `${place.pad}:${place.line}`)
          context.stderr.write(`${chalk.red('error')} ${team.team}: two meetings on ${meeting.date} (${places.join(' and ')}); neither is written: correct the date of one\n`)
        }
      }

      const count = (status: string) => mine.filter((meeting) => meeting.status === status).length
      const added = mine.filter((meeting) => meeting.status === 'new' || meeting.status === 'changed')
      const parts = [
        `${added.length === 0 ? 'nothing new' : `${count('new')} new`}${count('changed') ? `, ${count('changed')} changed` : ''}`,
        count('exists') + count('unchanged') ? `${count('exists') + count('unchanged')} already in ${target}` : '',
        count('older') ? `${count('older')} before ${options.since}` : '',
        count('empty') ? `${count('empty')} empty` : ''
      ].filter(Boolean)
      say(`${team.team}: ${mine.length - count('empty')} meeting${mine.length - count('empty') === 1 ? '' : 's'} in ${team.pads.length} pad${team.pads.length === 1 ? '' : 's'}: ${parts.join(', ')}`)
      for (const meeting of added) say(`  ${meeting.path}: ${meeting.status === 'new' ? 'new' : 'changed in the pad'} (${meeting.pad}:${meeting.line})`)
    }

    const upToDate = result.files.length === 0 || publish?.status === 'unchanged'
    if (upToDate) say(`${target}: up to date${publish?.pullRequest ? `: pull request #${publish.pullRequest.number} already has every meeting` : ''}`)
    if (options.dryRun) say(`dry run: nothing was written${result.files.length ? `; would ${options.out ? 'write' : 'publish'} ${result.files.map((file) => file.path).join(', ')}` : ''}`)

    if (options.format === 'json') continue
    for (const path of written) context.stdout.write(path + '\n')
    if (publish?.pullRequest && !options.dryRun) context.stdout.write(publish.pullRequest.url + '\n')
  }

  if (options.format === 'json') context.stdout.write(JSON.stringify(describeRun(reports, options), null, 2) + '\n')
  return failed > 0 ? 1 : 0
}

/** What a checkout's team folder holds: its files, their blob SHAs read when asked. */
async function folderListing(folder: string): Promise<FolderListing> {
  const entries = await readdir(folder, {withFileTypes: true}).catch(() => [])
  return new Map(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => [entry.name, async () => blobSha((await readIfExists(join(folder, entry.name))) ?? new Uint8Array())] as const)
  )
}

/** `--format json`: the run, for scripts. */
function describeRun(reports: Array<{target: string; result: SyncResult; written: string[]; publish?: PublishResult | undefined}>, options: SyncCommandOptions) {
  return {
    dryRun: Boolean(options.dryRun),
    targets: reports.map(({target, result, written, publish}) => ({
      target,
      kind: options.out ? 'checkout' : 'github',
      status: result.files.length === 0 || publish?.status === 'unchanged' ? 'up-to-date' : publish ? publish.status : options.dryRun ? 'would-write' : 'written',
      teams: result.teams.map((team) => ({
        team: team.team,
        folder: team.folder,
        pads: team.pads,
        error: team.error ?? null,
        meetings: result.meetings
          .filter((meeting) => meeting.team === team.team)
          .map(({date, path, pad, line, status, title, others}) => ({date, path, pad, line, status, title, ...(others ? {others} : {})}))
      })),
      files: result.files.map((file) => ({path: file.path, size: file.content.byteLength})),
      written,
      pullRequest: publish?.pullRequest ?? null,
      branch: publish?.branch ?? null,
      commit: publish?.commit ?? null
    }))
  }
}
