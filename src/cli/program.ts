/**
 * The command line: commander parses, plain async functions do the work.
 * Each command is defined in `commands/<name>.ts` (options from the one
 * table in options.ts) and its implementation is imported only when it runs,
 * so `minutes --version` and `--help` load no unified, remark or octokit.
 */
import {Command, CommanderError} from 'commander'
import * as check from './commands/check.js'
import * as convert from './commands/convert.js'
import * as init from './commands/init.js'
import * as migrate from './commands/migrate.js'
import * as publish from './commands/publish.js'
import * as sync from './commands/sync.js'
import type {CommandContext} from './context.js'
import {version} from '../version.js'
import {redactingStream, registerEnvironment} from '../util/secrets.js'

/** A command's implementation: options in, exit code out. */
export type CommandFunction = (options: Record<string, unknown>, context: CommandContext) => Promise<number>

/** Makes commander's action for a command; `positionals` names its arguments. */
export type Action = (name: string, positionals: (args: unknown[]) => Record<string, unknown>) => (...args: unknown[]) => Promise<void>

interface Definition {
  define: (program: Command, action: Action) => void
  load: () => Promise<CommandFunction>
}

const definitions: Record<string, Definition> = {convert, check, init, migrate, publish, sync}


/**
 * Build the program for `context`. `implementations` replaces command
 * functions (tests); each action stores its exit code in `result.exitCode`.
 */
function createProgram(context: CommandContext, implementations: Record<string, CommandFunction> = {}) {
  const result = {exitCode: 0}
  const program = new Command('minutes')
    .description('Turn HedgeDoc meeting notes into GitHub-ready minutes.')
    .version(version, '-V, --version')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text)
    })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()

  const action: Action = (name, positionals) =>
    async function (...args: unknown[]) {
      const command = args.at(-1) as Command
      const options = {...command.opts(), ...positionals(args.slice(0, -2))}
      context.verbose = Boolean(options.verbose)
      const implementation = implementations[name] ?? (await definitions[name]!.load())
      result.exitCode = await implementation(options, context)
    }

  for (const definition of Object.values(definitions)) definition.define(program, action)
  for (const command of program.commands) command.exitOverride()
  return {program, result}
}

/** Parse `argv` and run; returns the exit code. Usage errors exit 2. */
export async function runProgram(argv: string[], given: CommandContext, implementations?: Record<string, CommandFunction>): Promise<number> {
  // One redaction on all output: no token or cookie leaves the process (util/secrets.ts).
  registerEnvironment(given.env)
  const context: CommandContext = {...given, stdout: redactingStream(given.stdout), stderr: redactingStream(given.stderr)}
  const {program, result} = createProgram(context, implementations)
  try {
    await program.parseAsync(argv)
    return result.exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0.
      return error.exitCode === 0 ? 0 : 2
    }

    throw error
  }
}
