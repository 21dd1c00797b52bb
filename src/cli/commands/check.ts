import type {Command} from 'commander'
import {addOptions, common} from '../options.js'
import type {Action} from '../program.js'

export const load = async () => (await import('../../commands/check.js')).checkCommand

export function define(program: Command, action: Action): void {
  const command = program
    .command('check')
    .summary('validate minutes and their links (CI)')
    .description(
      'Check minutes: normalised form, link texts against their targets, pictures and notes on HedgeDoc, participants, headings, dates, relative links; with --online, every issue, pull request and discussion on GitHub.'
    )
    .argument('[paths...]', 'files, folders or glob patterns (default: the Markdown files below the current folder); !PATTERN leaves files out')
  addOptions(command, 'online', 'users', 'fix', 'format', 'outputFile', 'maxWarnings', 'cache', 'noCache', 'noGitignore', 'apiUrl', common)
  command
    .addHelpText(
      'after',
      `
Exit status: 0 no problems, 1 problems at error severity (or more warnings
than --max-warnings), 2 usage or runtime error.

Examples:
  $ minutes check
  $ minutes check iaas/20240306.md 'sig-*/2024*.md'
  $ minutes check . '!drafts/**'
  $ minutes check --online --format github
  $ minutes check --format sarif --output-file minutes.sarif
  $ minutes check --fix iaas/`
    )
    .action(action('check', (args) => ({paths: args[0]})))
}
