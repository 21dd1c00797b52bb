import type {Command} from 'commander'
import {addOptions, common, noteSource} from '../options.js'
import type {Action} from '../program.js'

export const load = async () => (await import('../../commands/publish.js')).publishCommand

export function define(program: Command, action: Action): void {
  const command = program
    .command('publish')
    .summary('open or update the pull request with the minutes on GitHub')
    .description(
      'Convert each note into <team>/<YYYYMMDD>.md (or take the files laid out in --dir) and open a pull request on the minutes ' +
        'repository, or update the one already open from the same branch. Token from GITHUB_TOKEN, GH_TOKEN or `gh auth token`.'
    )
    .argument('[notes...]', 'note files or HedgeDoc/HackMD note URLs to convert and publish')
  addOptions(command, 'team', 'date', 'dir', 'repoName', 'base', 'draft', 'dryRun', 'signoff', 'publishFormat', 'apiUrl', 'template', 'publishImages', noteSource, common)
  command
    .addHelpText(
      'after',
      `
Examples:
  $ minutes publish https://input.scs.community/abc123?both --team iaas
  $ minutes publish notes.md --team iaas
  $ minutes publish notes.md --team iaas --date 2023-07-26 --draft
  $ minutes publish notes.md --team iaas --dry-run
  $ minutes publish --dir converted/ --format json
  $ minutes publish notes.md --team iaas --repo octocat/minutes --base main --signoff "Jane Doe <jane@example.com>"`
    )
    .action(action('publish', (args) => ({notes: args[0]})))
}
