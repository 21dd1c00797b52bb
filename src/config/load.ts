/**
 * Find and validate the configuration: `minutes.config.json`, `.minutesrc`,
 * `.minutesrc.json`, `.minutesrc.yaml` or a `minutes` key in package.json,
 * searched from the working folder upwards (lilconfig), or one file given
 * with `--config`.
 */
import {lilconfig, type Loader} from 'lilconfig'
import {parse as parseYaml} from 'yaml'
import {UsageError} from '../errors.js'
import {configSchema, type Config} from './schema.js'

const searchPlaces = [
  'minutes.config.json',
  '.minutesrc',
  '.minutesrc.json',
  '.minutesrc.yaml',
  '.minutesrc.yml',
  'package.json'
]

const loadJson: Loader = function (path, content) {
  try {
    return JSON.parse(content) as unknown
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON: ${(error as Error).message}`)
  }
}

const loadYaml: Loader = function (path, content) {
  try {
    return parseYaml(content) as unknown
  } catch (error) {
    throw new UsageError(`${path}: not valid YAML: ${(error as Error).message.split('\n')[0]}`)
  }
}

/** `.minutesrc` may be JSON or YAML. */
const loadRc: Loader = function (path, content) {
  return content.trimStart().startsWith('{') ? loadJson(path, content) : loadYaml(path, content)
}

export interface LoadedConfig {
  config: Config
  /** File the configuration came from; `undefined` for the defaults. */
  path: string | undefined
}

/** Validate a configuration object; errors name the key. */
export function validateConfig(value: unknown, path = 'configuration'): Config {
  const result = configSchema.safeParse(value ?? {})
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const key = issue.path.length > 0 ? issue.path.join('.') : undefined
  // A record's key that fails carries the reason in its own issues.
  const reason = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown key ${issue.keys.map((name) => `\`${[...issue.path, name].join('.')}\``).join(', ')}`
      : `\`${key ?? '(root)'}\`: ${reason}`
  throw new UsageError(`${path}: invalid configuration: ${message}`, {
    hint: 'See README, "Configuration", for the keys and their defaults.'
  })
}

/**
 * Load the configuration for `cwd`: from `file` when given, else the nearest
 * configuration file, else the defaults.
 */
export async function loadConfig(options: {cwd?: string; file?: string} = {}): Promise<LoadedConfig> {
  const explorer = lilconfig('minutes', {
    searchPlaces,
    loaders: {'.json': loadJson, '.yaml': loadYaml, '.yml': loadYaml, noExt: loadRc}
  })

  let found: {config: unknown; filepath: string} | null
  try {
    found = options.file ? await explorer.load(options.file) : await explorer.search(options.cwd ?? process.cwd())
  } catch (error) {
    if (error instanceof UsageError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new UsageError(
      code === 'ENOENT' ? `${options.file}: configuration file not found` : `${options.file ?? 'configuration'}: ${(error as Error).message}`,
      {cause: error}
    )
  }

  if (!found) return {config: validateConfig({}), path: undefined}
  return {config: validateConfig(found.config, found.filepath), path: found.filepath}
}
