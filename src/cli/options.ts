/**
 * Every command-line option, defined once: flag, help text, default,
 * choices, the configuration key it overrides and its environment variable.
 * Commands pick theirs by name (see program.ts). Importing this file loads
 * nothing but commander.
 */
import {InvalidArgumentError, Option, type Command} from 'commander'

interface OptionSpec {
  flags: string
  description: string
  default?: string | boolean | number
  choices?: readonly string[]
  env?: string
  /** Configuration key this option overrides. */
  configKey?: string
  /** Parse the value (numbers). */
  parse?: (value: string) => unknown
  /** May be given more than once; the values are collected in a list. */
  repeatable?: boolean
  /** Left out of --help (a deprecated spelling). */
  hidden?: boolean
}

const numberKinds = {
  positive: {expected: 'a positive number', valid: (number: number) => Number.isFinite(number) && number > 0},
  count: {expected: 'a whole number of at least 1', valid: (number: number) => Number.isInteger(number) && number >= 1},
  whole: {expected: 'a whole number', valid: (number: number) => Number.isInteger(number) && number >= 0}
}

/** Parse a number option; a bad value is a usage error (exit 2), reported by commander. */
function numberParser(name: string, kind: keyof typeof numberKinds) {
  const {expected, valid} = numberKinds[kind]
  return function (value: string): number {
    const number = Number(value)
    if (!valid(number)) throw new InvalidArgumentError(`${name} must be ${expected}, got "${value}"`)
    return number
  }
}

const optionTable = {
  // Shared.
  config: {flags: '-c, --config <file>', description: 'configuration file (default: minutes.config.json, .minutesrc… found upwards)'},
  verbose: {flags: '--verbose', description: 'show stack traces and more detail on errors'},
  quiet: {flags: '-q, --quiet', description: 'print no progress or warnings, only errors'},
  noColor: {flags: '--no-color', description: 'no colour in the output, even on a terminal or with FORCE_COLOR (NO_COLOR=1 does the same)'},

  // convert
  output: {flags: '-o, --output <file>', description: 'write the minutes to FILE (atomically) instead of stdout'},
  write: {flags: '-w, --write', description: 'convert FILE in place'},
  check: {flags: '--check', description: 'exit 1 and name FILE when it is not in converted form; write nothing'},
  checkout: {flags: '--checkout <dir>', description: 'write into the minutes repository checkout DIR (it must exist) as DIR/<team>/<YYYYMMDD>.md'},
  repoDir: {flags: '--repo <dir>', description: 'deprecated spelling of --checkout (--repo names a GitHub repository OWNER/NAME in publish and sync)', hidden: true},
  meeting: {
    flags: '--meeting <which>',
    description: 'a note with several meetings: latest (the newest by date, the default), YYYY-MM-DD, or all (each into --checkout DIR --team T)'
  },
  team: {flags: '-t, --team <team>', description: 'team folder in the minutes repository (e.g. iaas)'},
  date: {flags: '-d, --date <YYYY-MM-DD>', description: 'meeting date (default: found in the note or its file name)'},
  force: {flags: '-f, --force', description: 'overwrite a different existing file'},
  template: {flags: '--template <name|file>', description: 'template from templates/ (default, summary) or a file', configKey: 'template'},
  images: {
    flags: '--images <mode>',
    description: 'pictures on the HedgeDoc server: download them next to the minutes, or keep the links (default: download with --checkout, else keep)',
    choices: ['download', 'keep']
  },
  // The same flag with each command's own default, which its help must state.
  migrateImages: {
    flags: '--images <mode>',
    description: 'pictures on the HedgeDoc server: download them next to the minutes, or keep the links (default: download with --layout repo, else keep)',
    choices: ['download', 'keep']
  },
  syncImages: {
    flags: '--images <mode>',
    description: 'pictures on the HedgeDoc server: download them beside the minutes (into the pull request, or --out), or keep the links (default: download)',
    choices: ['download', 'keep']
  },
  publishImages: {
    flags: '--images <mode>',
    description: 'pictures on the HedgeDoc server: download them into the pull request beside the minutes, or keep the links (default: download)',
    choices: ['download', 'keep']
  },
  maxImageSize: {
    flags: '--max-image-size <MB>',
    description: 'largest picture to download, in MB',
    default: 20,
    parse: numberParser('--max-image-size', 'positive')
  },
  maxNoteSize: {
    flags: '--max-note-size <MB>',
    description: 'largest note read by URL, in MB (the download stops there)',
    default: 10,
    parse: numberParser('--max-note-size', 'positive')
  },
  cookie: {
    flags: '--cookie <cookie>',
    description: 'HedgeDoc 1.x session cookie for private notes (e.g. "connect.sid=…")',
    env: 'MINUTES_HEDGEDOC_COOKIE'
  },
  timeout: {flags: '--timeout <seconds>', description: 'network timeout in seconds', default: 30, parse: numberParser('--timeout', 'positive')},
  hedgedoc: {flags: '--hedgedoc <url>', description: 'HedgeDoc server of the notes', configKey: 'hedgedoc'},

  // check
  online: {flags: '--online', description: 'also look up every issue, pull request and discussion on GitHub'},
  fix: {flags: '--fix', description: 'apply the safe fixes in place and say what changed'},
  format: {flags: '--format <format>', description: 'output format', choices: ['stylish', 'json', 'github', 'sarif'], default: 'stylish'},
  outputFile: {flags: '--output-file <file>', description: 'write the report to FILE (atomically) instead of stdout, in any format'},
  maxWarnings: {flags: '--max-warnings <n>', description: 'exit 1 when there are more than N warnings', parse: numberParser('--max-warnings', 'whole')},
  cache: {flags: '--cache <dir>', description: 'folder for cached GitHub lookups (default: the user cache folder)'},
  noCache: {flags: '--no-cache', description: 'neither read nor write cached GitHub lookups'},
  noGitignore: {flags: '--no-gitignore', description: 'also check the files that .gitignore files ignore (configuration: "gitignore": false)'},
  users: {flags: '--users', description: 'with --online, also check that participant handles are GitHub users'},
  apiUrl: {flags: '--api-url <url>', description: 'GitHub API URL (GitHub Enterprise, test servers)', default: 'https://api.github.com' /* defaultApiUrl in github/client.ts, which --help must not load */, env: 'GITHUB_API_URL'},

  // init
  action: {flags: '--action <owner/repo@ref>', description: 'the GitHub Action the workflow runs (default: this package\'s)'},
  offline: {flags: '--offline', description: 'write a workflow that checks offline only (no GitHub lookups)'},
  syncWorkflow: {flags: '--sync', description: 'write .github/workflows/minutes-sync.yml instead: `minutes sync` every day and on demand'},
  fromCalendar: {flags: '--from-calendar <file>', description: 'write the configuration\'s teams (folder, name, pads, repository) from the SCS community calendar YAML FILE'},

  // migrate
  out: {flags: '-o, --out <dir>', description: 'folder to write the minutes to (created; files there are overwritten)'},
  inPlace: {flags: '--in-place', description: 'convert the notes where they are (--layout keep only)'},
  urls: {flags: '--urls <file>', description: 'file with one note URL per line, migrated with the SOURCES'},
  layout: {flags: '--layout <layout>', description: 'keep: relative paths as in the sources; repo: <team>/<YYYYMMDD>.md by each note\'s date', choices: ['keep', 'repo'], default: 'keep'},
  concurrency: {flags: '-j, --concurrency <n>', description: 'worker threads converting notes (default: number of CPUs)', parse: numberParser('--concurrency', 'count')},
  report: {flags: '--report <file>', description: 'write every note\'s result and messages to FILE as JSON'},
  map: {flags: '--map <file>', description: 'CSV of "url,path" for notes migrated earlier, to rewrite links to them'},
  pr: {flags: '--pr', description: 'publish the result as one pull request (see publish; needs --layout repo)'},
  redo: {flags: '-f, --force', description: 'convert every note again, even those up to date from an earlier run'},
  migrateTeam: {flags: '-t, --team <team>', description: 'team of every note with --layout repo (default: each note\'s folder under the source folder)'},

  // publish
  dir: {flags: '--dir <dir>', description: 'publish files already laid out as <team>/<file>.md in DIR'},
  repoName: {flags: '--repo <owner/name>', description: 'minutes repository on GitHub (default: the configuration\'s repository)', configKey: 'repository'},
  base: {flags: '--base <branch>', description: 'base branch (default: the repository\'s default branch)'},
  draft: {flags: '--draft', description: 'open the pull request as a draft'},
  dryRun: {flags: '-n, --dry-run', description: 'show what would be published; write nothing'},
  signoff: {flags: '--signoff <"Name <email>">', description: 'Signed-off-by line (default: git user.name/user.email, else the GitHub account)'},
  publishFormat: {flags: '--format <format>', description: 'output format', choices: ['text', 'json'], default: 'text'},

  // sync
  syncTeam: {flags: '-t, --team <team>', description: 'sync this team only (its pads from the configuration, or those of --pad)'},
  pad: {flags: '--pad <url|file>', description: 'a running pad of --team (HedgeDoc note URL or exported file); repeat for several', repeatable: true},
  syncOut: {flags: '-o, --out <dir>', description: 'write into the minutes repository checkout DIR (it must exist) instead of opening a pull request'},
  since: {flags: '--since <YYYY-MM-DD>', description: 'leave out meetings before this day'},
  update: {flags: '--update', description: 'also propose meetings that have minutes but whose pad text now converts differently'}
} as const satisfies Record<string, OptionSpec>

export type OptionName = keyof typeof optionTable

/** Build the commander option for a table entry. */
export function option(name: OptionName): Option {
  const spec: OptionSpec = optionTable[name]
  const result = new Option(spec.flags, spec.description)
  if (spec.choices) result.choices(spec.choices)
  if (spec.default !== undefined) result.default(spec.default)
  if (spec.env) result.env(spec.env)
  if (spec.parse) {
    const parse = spec.parse
    result.argParser((value: string) => parse(value))
  }

  if (spec.repeatable) result.argParser((value: string, previous: unknown) => [...(Array.isArray(previous) ? (previous as string[]) : []), value])
  if (spec.hidden) result.hideHelp()

  return result
}

/** Options every command has. */
export const common = ['config', 'quiet', 'verbose', 'noColor'] as const satisfies readonly OptionName[]
/** How a note is read from where it lives, and its pictures (convert, publish, migrate, sync; each adds its own --images). */
export const noteSource = ['maxImageSize', 'maxNoteSize', 'cookie', 'timeout'] as const satisfies readonly OptionName[]
/** Where a pull request goes (publish, migrate --pr). */
export const pullRequest = ['repoName', 'base', 'draft', 'dryRun', 'signoff', 'apiUrl'] as const satisfies readonly OptionName[]

/** Add table entries to a command, in order. */
export function addOptions(command: Command, ...names: ReadonlyArray<OptionName | readonly OptionName[]>): Command {
  for (const name of names.flat()) command.addOption(option(name as OptionName))
  return command
}
