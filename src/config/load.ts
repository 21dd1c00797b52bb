/**
 * Find and validate the configuration: `minutes.config.json` (or `.jsonc`),
 * `.minutesrc`, `.minutesrc.json`, `.minutesrc.jsonc`, `.minutesrc.yaml` or
 * a `minutes` key in package.json, searched from the working folder upwards
 * (lilconfig), or one file given with `--config`. JSON files may have
 * comments and trailing commas (JSONC, read with jsonc-parser as
 * markdownlint-cli2 reads its configuration) and a `"$schema"`.
 */
import {parse as parseJsonc, printParseErrorCode, type ParseError} from 'jsonc-parser'
import {lilconfig, type Loader} from 'lilconfig'
import {UsageError} from '../errors.js'
import {configSchema, type Config} from './schema.js'

const searchPlaces = [
  'minutes.config.json',
  'minutes.config.jsonc',
  '.minutesrc',
  '.minutesrc.json',
  '.minutesrc.jsonc',
  '.minutesrc.yaml',
  '.minutesrc.yml',
  'package.json'
]

/** 1-based line and column of a UTF-16 offset. */
function position(text: string, offset: number): {line: number; column: number} {
  const before = text.slice(0, offset).split(/\r?\n|\r/)
  return {line: before.length, column: before.at(-1)!.length + 1}
}

/** JSON with comments and trailing commas; the first syntax error names its line and column. */
const loadJson: Loader = function (path, content) {
  const errors: ParseError[] = []
  const value = parseJsonc(content, errors, {allowTrailingComma: true, allowEmptyContent: false}) as unknown
  const error = errors[0]
  if (error) {
    const {line, column} = position(content, error.offset)
    throw new UsageError(`${path}:${line}:${column}: not valid JSON: ${printParseErrorCode(error.error)}`, {
      hint: 'Comments (// and /* */) and trailing commas are allowed; keys and strings need double quotes.'
    })
  }

  return value
}

// yaml is loaded only for a YAML configuration: most runs have none, or JSON.
const loadYaml: Loader = async function (path, content) {
  const {parse: parseYaml} = await import('yaml')
  try {
    return parseYaml(content) as unknown
  } catch (error) {
    throw new UsageError(`${path}: not valid YAML: ${(error as Error).message.split('\n')[0]}`)
  }
}

/** `.minutesrc` may be JSON (with comments) or YAML. */
const loadRc: Loader = function (path, content) {
  return /^\s*(?:\{|\/\/|\/\*)/.test(content) ? loadJson(path, content) : loadYaml(path, content)
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
    hint: 'See docs/configuration.md for the keys and their defaults.'
  })
}

/**
 * Load the configuration for `cwd`: from `file` when given, else the nearest
 * configuration file, else the defaults.
 */
export async function loadConfig(options: {cwd?: string; file?: string} = {}): Promise<LoadedConfig> {
  const explorer = lilconfig('minutes', {
    searchPlaces,
    loaders: {'.json': loadJson, '.jsonc': loadJson, '.yaml': loadYaml, '.yml': loadYaml, noExt: loadRc}
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
