import type {Command} from 'commander'
import {addOptions, common, noteSource, pullRequest} from '../options.js'
import type {Action} from '../program.js'

export const load = async () => (await import('../../commands/migrate.js')).migrateCommand

export function define(program: Command, action: Action): void {
  const command = program
    .command('migrate')
    .summary('convert a batch of old notes into a folder, on all cores')
    .description(
      'Convert many notes (files, folders, globs, --urls FILE) into GitHub-ready minutes in one folder: every note done or explained, links between the notes kept working, up-to-date minutes skipped on a re-run.'
    )
    .argument('[sources...]', 'note files, folders (every .md below) or globs')
  addOptions(command, 'out', 'inPlace', 'urls', 'layout', 'migrateTeam', 'concurrency', 'report', 'map', 'pr', 'redo', 'template', 'migrateImages', noteSource, pullRequest, common)
  command
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
