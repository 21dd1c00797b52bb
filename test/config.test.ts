// The configuration as markdownlint-cli2 users expect it: a JSON schema
// generated from the zod schema and shipped, `"$schema"` accepted, comments
// and trailing commas in JSON files.
import {mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Ajv} from 'ajv'
import {describe, expect, it} from 'vitest'
import {runProgram} from '../src/cli/program.js'
import {rules} from '../src/check/rules.js'
import {configJsonSchema, schemaUrl} from '../src/config/json-schema.js'
import {loadConfig} from '../src/config/load.js'
import {configSchema} from '../src/config/schema.js'
import {version} from '../src/version.js'
import {memoryContext, root} from './helpers/cli.js'

const schema = configJsonSchema()
const validate = new Ajv({strict: false}).compile(schema)

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'minutes-config-'))
}

describe('the JSON schema', () => {
  it('has every key of the zod schema, each with a description', () => {
    const properties = schema.properties!
    expect(Object.keys(properties).sort()).toEqual(Object.keys(configSchema.shape).sort())
    for (const [key, entry] of Object.entries(properties)) expect(entry.description, key).toMatch(/\w/)
    expect(schema.additionalProperties).toBe(false)
    expect(schema.$id).toBe(schemaUrl(version))
  })

  it('is what `npm run build` wrote to dist/config.schema.json, which the package exports', async () => {
    expect(JSON.parse(await readFile(join(root, 'dist', 'config.schema.json'), 'utf8'))).toEqual(schema)
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {exports: Record<string, unknown>; scripts: Record<string, string>}
    expect(manifest.exports['./config.schema.json']).toBe('./dist/config.schema.json')
    expect(manifest.scripts.build).toContain('node scripts/build-schema.js')
  })

  it('lists the rule ids of `rules`, so editors complete them', () => {
    const entry = schema.properties!.rules!
    expect((entry.propertyNames as {enum: string[]}).enum).toEqual([...rules.keys()])
    expect(validate({rules: {'hedgedoc-link': 'off'}})).toBe(true)
    expect(validate({rules: {'hedgedoc-links': 'off'}})).toBe(false)
    expect(validate({rules: {'hedgedoc-link': 'never'}})).toBe(false)
  })

  it('accepts what minutes accepts and rejects what it rejects', () => {
    const good = [
      {},
      {$schema: schemaUrl()},
      {org: 'example-org', repository: 'example-org/meeting-notes', hedgedoc: 'https://pad.example.org', teams: {board: 'Board'}, aliases: {'Jane Doe': 'janedoe'}},
      {ignores: ['drafts/**'], gitignore: false, template: 'summary'}
    ]
    for (const value of good) {
      expect(validate(value), JSON.stringify(validate.errors)).toBe(true)
      expect(configSchema.safeParse(value).success).toBe(true)
    }

    const bad = [{orgs: 'x'}, {teams: {Iaas: 'Team IaaS'}}, {repository: 'no-slash'}, {gitignore: 'no'}, {ignores: 'drafts/**'}]
    for (const value of bad) {
      expect(validate(value), JSON.stringify(value)).toBe(false)
      expect(configSchema.safeParse(value).success).toBe(false)
    }
  })

  it('the README example and the file `minutes init` writes are valid', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8')
    const example = /An example for another community[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!
    expect(validate(JSON.parse(example)), JSON.stringify(validate.errors)).toBe(true)
    // The README's editor-completion example names this version's schema.
    expect(readme).toContain(`"$schema": "${schemaUrl(version)}"`)

    const directory = await folder()
    expect(await runProgram(['node', 'minutes', 'init', '--quiet'], memoryContext({cwd: directory}).context)).toBe(0)
    const written = JSON.parse(await readFile(join(directory, 'minutes.config.json'), 'utf8')) as Record<string, unknown>
    expect(written.$schema).toBe(`https://unpkg.com/hedgedoc-minutes@${version}/dist/config.schema.json`)
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true)
  })
})

describe('configuration files', () => {
  it('JSON with comments, trailing commas and "$schema"', async () => {
    const directory = await folder()
    await writeFile(
      join(directory, 'minutes.config.json'),
      `{
  "$schema": "${schemaUrl()}",
  // Our organisation.
  "org": "example-org",
  /* Rules: */
  "rules": {"hedgedoc-link": "off",},
}
`
    )
    const {config, path} = await loadConfig({cwd: directory})
    expect(path).toBe(join(directory, 'minutes.config.json'))
    expect(config.org).toBe('example-org')
    expect(config.rules).toEqual({'hedgedoc-link': 'off'})
  })

  it('minutes.config.jsonc, .minutesrc.jsonc, .minutesrc.yaml and .yml are found; .minutesrc may be JSON with a comment or YAML', async () => {
    const jsonc = '// minutes\n{"org": "example-org", "rules": {"hedgedoc-link": "off"}}\n'
    const yaml = '# minutes\norg: example-org\nrules:\n  hedgedoc-link: off\n'
    const files: Array<[name: string, text: string]> = [
      ['minutes.config.jsonc', jsonc],
      ['.minutesrc.jsonc', jsonc],
      ['.minutesrc', jsonc],
      ['.minutesrc.yaml', yaml],
      ['.minutesrc.yml', yaml],
      ['.minutesrc', yaml]
    ]
    for (const [name, text] of files) {
      const directory = await folder()
      await writeFile(join(directory, name), text)
      const {config, path} = await loadConfig({cwd: directory})
      expect(path).toBe(join(directory, name))
      expect(config.org).toBe('example-org')
      expect(config.rules).toEqual({'hedgedoc-link': 'off'})
    }
  })

  it('bad YAML names the file', async () => {
    const directory = await folder()
    await writeFile(join(directory, '.minutesrc.yaml'), 'org: [example-org\n')
    await expect(loadConfig({cwd: directory})).rejects.toThrow(`${join(directory, '.minutesrc.yaml')}: not valid YAML: `)
  })

  it('a syntax error names the file, line and column', async () => {
    const directory = await folder()
    await writeFile(join(directory, 'minutes.config.json'), '{\n  "org": "example-org"\n  "template": "summary"\n}\n')
    await expect(loadConfig({cwd: directory})).rejects.toThrow(`${join(directory, 'minutes.config.json')}:3:3: not valid JSON: CommaExpected`)
  })
})
