// Lint Markdown strings with markdownlint-cli2, exactly as its command line
// would with `--config FILE`, without writing them to disk.
import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {main} from 'markdownlint-cli2'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** ../shared/markdownlint.jsonc when it exists, else the project's copy. */
export const defaultConfig = existsSync(join(root, '..', 'shared', 'markdownlint.jsonc'))
  ? join(root, '..', 'shared', 'markdownlint.jsonc')
  : join(root, 'markdownlint.jsonc')

/**
 * @param {Record<string, string>} contents name → Markdown
 * @param {string} [config] markdownlint-cli2 configuration file
 * @returns {Promise<Array<{file: string, line: number, rule: string, detail: string}>>}
 */
export async function lint(contents, config = defaultConfig) {
  const problems = []
  const collect = ({results}) => {
    for (const result of results) {
      problems.push({
        file: result.fileName,
        line: result.lineNumber,
        rule: result.ruleNames.join('/'),
        detail: [result.ruleDescription, result.errorDetail, result.errorContext && `[${result.errorContext}]`].filter(Boolean).join(' ')
      })
    }
  }

  const nonFileContents = {}
  for (const [name, value] of Object.entries(contents)) nonFileContents[name] = value
  await main({
    directory: root,
    argv: ['--config', config],
    nonFileContents,
    optionsOverride: {outputFormatters: [[collect]], noProgress: true, noBanner: true},
    logMessage() {},
    logError() {}
  })
  return problems
}
