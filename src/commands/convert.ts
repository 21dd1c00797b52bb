/**
 * `minutes convert [INPUT]`: a note (file, stdin, or a HedgeDoc/HackMD note
 * URL) in, minutes out on stdout, in a file (`-o`), in place (`--write`), or
 * in a repository checkout (`--repo DIR --team T`); `--check` only tells
 * whether FILE is converted. With `--images download` (the default with
 * `--repo`) pictures on the note's server are saved next to the minutes.
 * Nothing is written unless the whole conversion worked.
 */
import {dirname, join, resolve} from 'node:path'
import {writing, type CommandContext} from '../cli/context.js'
import {loadConfig} from '../config/load.js'
import {UsageError} from '../errors.js'
import {cookieHeader, readNote} from '../input/note.js'
import {isUrl} from '../input/note-url.js'
import {displayUrl} from '../net/http.js'
import {createImageResolver, type ImageResolver} from '../output/images.js'
import {minutesPath, placeMinutes, validateTeam} from '../output/place.js'
import {validateDate} from '../util/date.js'
import {readIfExists, writeFileAtomic} from '../output/write.js'
import {convert, type Message} from '../pipeline/convert.js'
import {colors, formatMessage} from '../report/messages.js'

export interface ConvertCommandOptions {
  input?: string | undefined
  output?: string | undefined
  write?: boolean | undefined
  check?: boolean | undefined
  repo?: string | undefined
  team?: string | undefined
  date?: string | undefined
  force?: boolean | undefined
  template?: string | undefined
  config?: string | undefined
  quiet?: boolean | undefined
  /** Pictures on the note's server: `download` next to the minutes, or `keep` the links. Default: `download` with `repo`, else `keep`. */
  images?: 'download' | 'keep' | undefined
  /** Largest picture downloaded, in MB. Default: 20. */
  maxImageSize?: number | undefined
  /** Largest note read by URL, in MB. Default: 10. */
  maxNoteSize?: number | undefined
  /** HedgeDoc 1.x session cookie (the CLI also reads MINUTES_HEDGEDOC_COOKIE). */
  cookie?: string | undefined
  /** Network timeout in seconds. Default: 30. */
  timeout?: number | undefined
}

function validate(options: ConvertCommandOptions): void {
  const fromFile = options.input !== undefined && options.input !== '-' && !isUrl(options.input)
  if (options.write && !fromFile) throw new UsageError('--write needs a FILE to convert in place')
  if (options.write && options.output) throw new UsageError('--write and --output cannot be used together')
  if (options.check && (options.write || options.output || options.repo)) {
    throw new UsageError('--check writes nothing; it cannot be used with --write, --output or --repo')
  }

  if (options.repo && (options.output || options.write)) throw new UsageError('--repo cannot be used with --output or --write')
  if (options.repo && !options.team) throw new UsageError('--repo needs --team, such as --team iaas')
  if (options.images === 'download' && !(options.output || options.repo || options.write)) {
    throw new UsageError('--images download needs a place for the pictures: pass --output FILE, --repo DIR or --write', {
      hint: 'On stdout there is no folder to save pictures in; without --images download the links to the server are kept.'
    })
  }

  if (options.team) validateTeam(options.team)
  if (options.date) validateDate(options.date)
}

export async function convertCommand(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const options = raw as ConvertCommandOptions
  validate(options)
  const {config} = await loadConfig({cwd: context.cwd, ...(options.config ? {file: options.config} : {})})
  const input = options.input ?? '-'
  const timeout = (options.timeout ?? 30) * 1000
  const cookie = cookieHeader(options.cookie ?? context.env.MINUTES_HEDGEDOC_COOKIE)
  const note = await readNote(input, {
    cwd: context.cwd,
    stdin: context.stdin as AsyncIterable<Uint8Array | string>,
    env: context.env,
    timeout,
    servers: [config.hedgedoc],
    maxBytes: (options.maxNoteSize ?? 10) * 1024 * 1024,
    ...(cookie ? {cookie} : {})
  })
  const name = note.kind === 'file' ? input : undefined
  const label = note.url ?? name ?? '<stdin>'
  const text = note.text
  const server = note.server ?? config.hedgedoc

  const images = options.images ?? (options.repo ? 'download' : 'keep')
  const resolver: ImageResolver | undefined =
    images === 'download'
      ? createImageResolver({
          server,
          directory: picturesFolder(options, context.cwd, input),
          maxBytes: (options.maxImageSize ?? 20) * 1024 * 1024,
          timeout,
          ...(cookie ? {cookie} : {})
        })
      : undefined

  const result = await convert(text, {
    // Links to other notes are reported for the note's own server.
    config: note.server && note.server !== config.hedgedoc ? {...config, hedgedoc: note.server} : config,
    cwd: context.cwd,
    ...(name === undefined ? {} : {path: name}),
    ...(note.url === undefined ? {} : {source: note.url}),
    ...(options.team === undefined ? {} : {team: options.team}),
    ...(options.date === undefined ? {} : {date: options.date}),
    ...(options.template === undefined ? {} : {template: options.template}),
    ...(resolver ? {resolveImage: resolver.resolve} : {})
  })

  const chalk = colors(context.stderr, context.env)
  if (!options.quiet) {
    const messages: Message[] = [...result.messages, ...pictureMessages(resolver, result.data.images, label)]
    for (const message of messages) {
      context.stderr.write(formatMessage(note.url && message.file === undefined ? {...message, file: note.url} : message, chalk) + '\n')
    }
  }

  if (options.check) {
    if (result.markdown !== text) {
      context.stderr.write(`${label}: not in converted form; run \`minutes convert --write ${name ?? 'FILE'}\`\n`)
      return 1
    }

    if (!options.quiet) context.stderr.write(`${label}: in converted form\n`)
    return 0
  }

  if (options.write) {
    if (result.markdown === text) {
      if (!options.quiet) context.stderr.write(`${label}: unchanged\n`)
    } else {
      await writing(context, async () => {
        await writePictures(resolver, context, options)
        await writeFileAtomic(resolve(context.cwd, input), result.markdown, input)
      })
      if (!options.quiet) context.stderr.write(`${label}: converted\n`)
    }

    return 0
  }

  if (options.output) {
    await writing(context, async () => {
      await writePictures(resolver, context, options)
      await writeFileAtomic(resolve(context.cwd, options.output!), result.markdown, options.output)
    })
    if (!options.quiet) context.stderr.write(`${options.output}: written\n`)
    return 0
  }

  if (options.repo) {
    const date = options.date ?? result.data.date
    if (!date) {
      throw new UsageError(`${label}: no meeting date found in the note's title, front matter or file name`, {
        hint: 'Pass --date YYYY-MM-DD.'
      })
    }

    if (Object.keys(config.teams).length > 0 && !(options.team! in config.teams) && !options.quiet) {
      context.stderr.write(`${chalk.yellow('warning')} team "${options.team}" is not one of the configured teams (${Object.keys(config.teams).join(', ')})\n`)
    }

    const repoDir = resolve(context.cwd, options.repo)
    // Refuse before any picture is written (placeMinutes checks again).
    const target = join(repoDir, minutesPath(options.team!, date))
    const existing = await readIfExists(target)
    if (existing !== undefined && !options.force && Buffer.from(existing).toString('utf8') !== result.markdown) {
      throw new UsageError(`${target} exists and differs from the converted note`, {
        hint: 'Pass --force to overwrite it, or --date to pick another date.'
      })
    }

    const placed = await writing(context, async () => {
      await writePictures(resolver, context, options)
      return placeMinutes({repoDir, team: options.team!, date, markdown: result.markdown, force: Boolean(options.force)})
    })
    if (!options.quiet) context.stderr.write(`${placed.path}: ${placed.status}\n`)
    context.stdout.write(placed.path + '\n')
    return 0
  }

  context.stdout.write(result.markdown)
  return 0
}

/** Pictures go next to the minutes file. */
function picturesFolder(options: ConvertCommandOptions, cwd: string, input: string): string {
  if (options.repo) return join(resolve(cwd, options.repo), options.team!)
  return dirname(resolve(cwd, options.output ?? input))
}

/** A warning for each place a picture that could not be downloaded is used. */
function pictureMessages(resolver: ImageResolver | undefined, images: Array<{url: string; line: number | undefined; column: number | undefined}>, label: string): Message[] {
  const messages: Message[] = []
  for (const entry of resolver?.results ?? []) {
    if (entry.status !== 'failed') continue
    const places = images.filter((image) => image.url === entry.url)
    for (const place of places.length > 0 ? places : [undefined]) {
      messages.push({
        file: label === '<stdin>' ? undefined : label,
        line: place?.line,
        column: place?.column,
        ruleId: 'image-download',
        severity: 'warning',
        message: `Could not download picture \`${displayUrl(entry.url)}\`: ${entry.reason}; the link to the server is kept`
      })
    }
  }

  return messages
}

async function writePictures(resolver: ImageResolver | undefined, context: CommandContext, options: ConvertCommandOptions): Promise<void> {
  if (!resolver) return
  const written = await resolver.write()
  if (options.quiet) return
  for (const entry of written) context.stderr.write(`${entry.file}: picture downloaded\n`)
}
