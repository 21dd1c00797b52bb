/**
 * `minutes convert [INPUT]`: a note (file, stdin) in, minutes out on stdout,
 * in a file (`-o`), in place (`--write`), or in a repository checkout
 * (`--repo DIR --team T`); `--check` only tells whether FILE is converted.
 */
import type {CommandContext} from '../cli/context.js'
import {loadConfig} from '../config/load.js'
import {UsageError} from '../errors.js'
import {readText} from '../input/text.js'
import {placeMinutes, validateDate, validateTeam} from '../output/place.js'
import {writeFileAtomic} from '../output/write.js'
import {convert} from '../pipeline/convert.js'
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
}

function validate(options: ConvertCommandOptions): void {
  const fromFile = options.input !== undefined && options.input !== '-'
  if (options.write && !fromFile) throw new UsageError('--write needs a FILE to convert in place')
  if (options.write && options.output) throw new UsageError('--write and --output cannot be used together')
  if (options.check && (options.write || options.output || options.repo)) {
    throw new UsageError('--check writes nothing; it cannot be used with --write, --output or --repo')
  }

  if (options.repo && (options.output || options.write)) throw new UsageError('--repo cannot be used with --output or --write')
  if (options.repo && !options.team) throw new UsageError('--repo needs --team, such as --team iaas')
  if (options.team) validateTeam(options.team)
  if (options.date) validateDate(options.date)
}

export async function convertCommand(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const options = raw as ConvertCommandOptions
  validate(options)
  const {config} = await loadConfig({cwd: context.cwd, ...(options.config ? {file: options.config} : {})})
  const input = options.input ?? '-'
  const name = input === '-' ? undefined : input
  const text = input === '-' ? await readStdinText(context) : await readText(input)

  const result = await convert(text, {
    config,
    cwd: context.cwd,
    ...(name === undefined ? {} : {path: name}),
    ...(options.team === undefined ? {} : {team: options.team}),
    ...(options.date === undefined ? {} : {date: options.date}),
    ...(options.template === undefined ? {} : {template: options.template})
  })

  const chalk = colors(context.stderr, context.env)
  if (!options.quiet) {
    for (const message of result.messages) context.stderr.write(formatMessage(message, chalk) + '\n')
  }

  const label = name ?? '<stdin>'
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
      await writeFileAtomic(input, result.markdown)
      if (!options.quiet) context.stderr.write(`${label}: converted\n`)
    }

    return 0
  }

  if (options.output) {
    await writeFileAtomic(options.output, result.markdown)
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

    const placed = await placeMinutes({repoDir: options.repo, team: options.team!, date, markdown: result.markdown, force: Boolean(options.force)})
    if (!options.quiet) context.stderr.write(`${placed.path}: ${placed.status}\n`)
    context.stdout.write(placed.path + '\n')
    return 0
  }

  context.stdout.write(result.markdown)
  return 0
}

async function readStdinText(context: CommandContext): Promise<string> {
  const {decodeText} = await import('../input/text.js')
  const chunks: Uint8Array[] = []
  for await (const chunk of context.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array))
  return decodeText(Buffer.concat(chunks), 'stdin')
}
