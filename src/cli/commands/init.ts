import type {Command} from 'commander'
import {addOptions} from '../options.js'
import type {Action} from '../program.js'

export const load = async () => (await import('../../commands/init.js')).initCommand

export function define(program: Command, action: Action): void {
  const command = program
    .command('init')
    .summary('set a minutes repository up for `minutes check` in CI')
    .description('Write minutes.config.json (every rule at its default severity) and .github/workflows/minutes.yml, which runs `minutes check` on pull requests.')
  addOptions(command, 'force', 'action', 'offline', 'syncWorkflow', 'fromCalendar', 'quiet', 'verbose', 'noColor')
  command
    .addHelpText(
      'after',
      `
Examples:
  $ minutes init
  $ minutes init --offline --force
  $ minutes init --sync
  $ minutes init --from-calendar ../calendar/main.yml`
    )
    .action(action('init', () => ({})))
}
