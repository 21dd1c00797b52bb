/**
 * Templates (Liquid, with liquidjs): the minutes are rendered from
 * `templates/<name>.liquid` or a file. Variables: `title`, `date`, `team`,
 * `teamName`, `participants`, `body`, `actionItems`, `actionItemsSection`,
 * `source`, `tags`, `frontmatter`. Unknown variables are errors, so a typo
 * in a template does not silently print nothing.
 */
import {readFile, readdir} from 'node:fs/promises'
import {isAbsolute, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Liquid} from 'liquidjs'
import {UsageError, describeSystemError} from '../errors.js'

const templatesDirectory = fileURLToPath(new URL('../../templates/', import.meta.url))

export interface TemplateData {
  /** The H1, as Markdown. */
  title: string
  /** Meeting date, `YYYY-MM-DD`, or empty. */
  date: string
  /** Team folder (`iaas`), or empty. */
  team: string
  /** Team display name from the configuration, or the folder, or empty. */
  teamName: string
  participants: Array<{handle: string | undefined; text: string}>
  /** The note after its H1, normalised Markdown. */
  body: string
  actionItems: Array<{owners: string[]; text: string}>
  /** The body already has an "Action items" section. */
  actionItemsSection: boolean
  /** URL of the HedgeDoc note, or empty. */
  source: string
  tags: string[]
  /** Front matter kept in the output (YAML, without `---`), or empty. */
  frontmatter: string
}

const engine = new Liquid({strictVariables: true, strictFilters: true, greedy: false})

/** Is `template` a bundled template's name rather than a path? */
function isTemplateName(template: string): boolean {
  return /^[\w-]+$/.test(template)
}

async function bundledTemplates(): Promise<string[]> {
  const files = await readdir(templatesDirectory)
  // pr-body.liquid is the pull request body of `minutes publish`, not a template for minutes.
  return files.filter((file) => file.endsWith('.liquid') && file !== 'pr-body.liquid').map((file) => file.slice(0, -'.liquid'.length)).sort()
}

/** Load a template by name (`summary`) or path (relative to `cwd`). */
export async function loadTemplate(template: string, cwd: string): Promise<string> {
  const path = isTemplateName(template)
    ? resolve(templatesDirectory, `${template}.liquid`)
    : isAbsolute(template)
      ? template
      : resolve(cwd, template)
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if (isTemplateName(template) && (error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError(`unknown template "${template}"`, {
        hint: `Bundled templates: ${(await bundledTemplates()).join(', ')}; or pass a file path.`
      })
    }

    throw new UsageError(`template ${describeSystemError(error, path)}`, {cause: error})
  }
}

export async function renderTemplate(source: string, data: TemplateData, name: string): Promise<string> {
  return renderLiquid(source, data, name)
}

/** Render any template of the tool (such as the pull request body) with the same engine and errors. */
export async function renderLiquid(source: string, data: object, name: string): Promise<string> {
  try {
    return await engine.parseAndRender(source, data)
  } catch (error) {
    throw new UsageError(`template ${name}: ${(error as Error).message.split('\n')[0]}`, {cause: error})
  }
}
