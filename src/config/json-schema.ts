/**
 * The JSON schema of the configuration, generated from the zod schema (zod's
 * `z.toJSONSchema`), so it has every key the schema has, with its
 * description and default. `npm run build` writes it to
 * `dist/config.schema.json`, which the package ships and exports as
 * `hedgedoc-minutes/config.schema.json`; editors read it through `"$schema"`.
 */
import {z} from 'zod'
import {rules} from '../check/rules.js'
import {version} from '../version.js'
import {configSchema} from './schema.js'

/** Where a published version's schema is served (unpkg serves every npm package's files). */
export function schemaUrl(packageVersion = version): string {
  return `https://unpkg.com/hedgedoc-minutes@${packageVersion}/dist/config.schema.json`
}

type JsonSchema = Record<string, unknown> & {properties?: Record<string, Record<string, unknown>>}

/**
 * The schema of what a configuration file may say (zod's input side: every
 * key optional, defaults named). Draft 7, which every editor reads. The
 * `rules` key also lists the rule ids, so editors complete them; an unknown
 * id is an error in minutes too.
 */
export function configJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(configSchema, {io: 'input', target: 'draft-7'}) as JsonSchema
  const schema: JsonSchema = {
    $schema: generated.$schema,
    $id: schemaUrl(),
    title: 'minutes configuration (hedgedoc-minutes)',
    description: 'minutes.config.json, .minutesrc(.json|.jsonc|.yaml) or the `minutes` key of package.json',
    ...generated
  }
  const ruleEntry = schema.properties?.rules
  if (ruleEntry && typeof ruleEntry.additionalProperties === 'object') {
    const severity = ruleEntry.additionalProperties as Record<string, unknown>
    ruleEntry.properties = Object.fromEntries([...rules.values()].map((rule) => [rule.id, {...severity, description: `${rule.description} (default: ${rule.severity})`}]))
    ruleEntry.propertyNames = {enum: [...rules.keys()]}
  }

  return schema
}
