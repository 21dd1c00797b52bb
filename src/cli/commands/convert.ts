import type {Command} from 'commander'
import {addOptions, common, noteSource} from '../options.js'
import type {Action} from '../program.js'

export const load = async () => (await import('../../commands/convert.js')).convertCommand

export function define(program: Command, action: Action): void {
  const command = program
    .command('convert')
    .summary('convert a HedgeDoc note into GitHub-ready minutes')
    .description('Convert a HedgeDoc note (a file, stdin, or a note URL) into normalised, lint-clean minutes.')
    .argument('[input]', 'note file, "-" for stdin (the default), or a HedgeDoc/HackMD note URL')
  addOptions(command, 'output', 'write', 'check', 'checkout', 'repoDir', 'team', 'date', 'meeting', 'force', 'template', 'images', noteSource, common)
  command
    .addHelpText(
      'after',
      `
Examples:
  $ minutes convert notes.md > minutes.md
  $ minutes convert notes.md -o iaas/20230726.md
  $ minutes convert --write iaas/20230726.md
  $ minutes convert --check iaas/20230726.md
  $ minutes convert notes.md --checkout ../minutes --team iaas
  $ minutes convert 'https://input.scs.community/<id>?both' > minutes.md
  $ minutes convert 'https://input.scs.community/<id>' --checkout ../minutes --team iaas
  $ minutes convert pad.md --meeting 2024-03-06 > minutes.md
  $ minutes convert 'https://input.scs.community/2025-scs-team-iaas' --meeting all --checkout ../minutes --team iaas
  $ minutes convert 'https://input.scs.community/<id>' -o iaas/20240306.md --images download
  $ MINUTES_HEDGEDOC_COOKIE='connect.sid=…' minutes convert 'https://input.scs.community/<private-id>'
  $ pbpaste | minutes convert`
    )
    .action(action('convert', (args) => ({input: args[0]})))
}
