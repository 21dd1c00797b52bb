import type {Command} from 'commander'
import {option} from '../options.js'
import type {Action} from '../program.js'

export const load = async () => (await import('../../commands/convert.js')).convertCommand

export function define(program: Command, action: Action): void {
  program
    .command('convert')
    .summary('convert a HedgeDoc note into GitHub-ready minutes')
    .description('Convert a HedgeDoc note (a file, stdin, or a note URL) into normalised, lint-clean minutes.')
    .argument('[input]', 'note file, "-" for stdin (the default), or a HedgeDoc/HackMD note URL')
    .addOption(option('output'))
    .addOption(option('write'))
    .addOption(option('check'))
    .addOption(option('repoDir'))
    .addOption(option('team'))
    .addOption(option('date'))
    .addOption(option('force'))
    .addOption(option('template'))
    .addOption(option('images'))
    .addOption(option('maxImageSize'))
    .addOption(option('cookie'))
    .addOption(option('timeout'))
    .addOption(option('config'))
    .addOption(option('quiet'))
    .addOption(option('verbose'))
    .addHelpText(
      'after',
      `
Examples:
  $ minutes convert notes.md > minutes.md
  $ minutes convert notes.md -o iaas/20230726.md
  $ minutes convert --write iaas/20230726.md
  $ minutes convert --check iaas/20230726.md
  $ minutes convert notes.md --repo ../minutes --team iaas
  $ minutes convert 'https://input.scs.community/<id>?both' > minutes.md
  $ minutes convert 'https://input.scs.community/<id>' --repo ../minutes --team iaas
  $ minutes convert 'https://input.scs.community/<id>' -o iaas/20240306.md --images download
  $ MINUTES_HEDGEDOC_COOKIE='connect.sid=…' minutes convert 'https://input.scs.community/<private-id>'
  $ pbpaste | minutes convert`
    )
    .action(action('convert', (args) => ({input: args[0]})))
}
