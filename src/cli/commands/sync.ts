import type {Command} from 'commander'
import {addOptions, common, noteSource} from '../options.js'
import type {Action} from '../program.js'

export const load = async () => (await import('../../commands/sync.js')).syncCommand

export function define(program: Command, action: Action): void {
  const command = program
    .command('sync')
    .summary('keep the minutes repository up to date with the teams\' running pads')
    .description(
      'Read the running pad(s) of each team (--team T --pad URL, or every team with "pads" in the configuration), find their meetings, and ' +
        'add those the team folder does not have yet: as one pull request from the branch minutes/sync (created or updated), or into a checkout with --out DIR. ' +
        'Token from GITHUB_TOKEN, GH_TOKEN or `gh auth token`.'
    )
  addOptions(command, 'syncTeam', 'pad', 'repoName', 'syncOut', 'since', 'update', 'dryRun', 'publishFormat', 'base', 'draft', 'signoff', 'apiUrl', 'template', 'concurrency', 'syncImages', noteSource, common)
  command
    .addHelpText(
      'after',
      `
Exit status: 0 synced or up to date, 1 a team failed (its pad could not be
read) or two meetings share a date, 2 usage or GitHub error.

Examples:
  $ minutes sync
  $ minutes sync --dry-run
  $ minutes sync --team project-board --pad https://input.scs.community/2025-scs-project-board
  $ minutes sync --out ../minutes --since 2025-01-01
  $ minutes sync --team iaas --update --format json`
    )
    .action(action('sync', () => ({})))
}
