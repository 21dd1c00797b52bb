import type {Command} from 'commander'
import {option} from '../options.js'
import type {Action} from '../program.js'

export const load = async () => (await import('../../commands/migrate.js')).migrateCommand

export function define(program: Command, action: Action): void {
  program
    .command('migrate')
    .summary('convert a batch of old notes into a folder, on all cores')
    .description(
      'Convert many notes (files, folders, globs, --urls FILE) into GitHub-ready minutes in one folder: every note done or explained, links between the notes kept working, up-to-date minutes skipped on a re-run.'
    )
    .argument('[sources...]', 'note files, folders (every .md below) or globs')
    .addOption(option('out'))
    .addOption(option('inPlace'))
    .addOption(option('urls'))
    .addOption(option('layout'))
    .addOption(option('migrateTeam'))
    .addOption(option('concurrency'))
    .addOption(option('report'))
    .addOption(option('map'))
    .addOption(option('pr'))
    .addOption(option('redo'))
    .addOption(option('template'))
    .addOption(option('images'))
    .addOption(option('maxImageSize'))
    .addOption(option('cookie'))
    .addOption(option('timeout'))
    .addOption(option('repoName'))
    .addOption(option('base'))
    .addOption(option('draft'))
    .addOption(option('dryRun'))
    .addOption(option('signoff'))
    .addOption(option('apiUrl'))
    .addOption(option('config'))
    .addOption(option('quiet'))
    .addOption(option('verbose'))
    .addHelpText(
      'after',
      `
Examples:
  $ minutes migrate old-notes/ --out minutes/
  $ minutes migrate 'notes/**/*.md' --out minutes/ --report report.json
  $ minutes migrate notes/iaas notes/container --out ../minutes --layout repo
  $ minutes migrate notes/ --out minutes/ --map earlier.csv
  $ minutes migrate --urls notes.txt --out minutes/ --layout repo --team iaas
  $ minutes migrate notes/ --out minutes/ --layout repo --pr --draft
  $ minutes migrate minutes/ --in-place`
    )
    .action(action('migrate', (args) => ({sources: args[0]})))
}
