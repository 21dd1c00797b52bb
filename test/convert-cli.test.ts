// `minutes convert` as a user runs it: configuration found and validated,
// --write, --check, --output, --checkout placement, templates.
import {mkdir, mkdtemp, readFile, readdir, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {loadConfig} from '../src/config/load.js'
import {runBin} from './helpers/cli.js'

const note = '## 2024-05-02\n\n### Participants (preferably github handles)\n* @alice-example\n* Kurt Example\n\n### Agenda\n- [#12](https://github.com/example-org/handbook/issues/12)\n'

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'minutes-convert-'))
  await writeFile(join(dir, 'note.md'), note)
  return dir
}

describe('configuration', () => {
  it('is found upwards from the working folder, in any of its forms', async () => {
    const dir = await folder()
    await mkdir(join(dir, 'deep', 'er'), {recursive: true})
    await writeFile(join(dir, '.minutesrc.yaml'), 'org: example-org\naliases:\n  Kurt Example: kurt-example\n')
    const {config, path} = await loadConfig({cwd: join(dir, 'deep', 'er')})
    expect(path).toBe(join(dir, '.minutesrc.yaml'))
    expect(config.org).toBe('example-org')
    expect(config.repository).toBe('SovereignCloudStack/minutes')

    const result = await runBin(['convert', 'note.md'], {cwd: dir})
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('- @kurt-example (Kurt Example)\n')
    expect(result.stdout).toContain('[handbook#12](https://github.com/example-org/handbook/issues/12)')
  })

  it('reads a `minutes` key in package.json, or the file given with --config', async () => {
    const dir = await folder()
    await writeFile(join(dir, 'package.json'), JSON.stringify({name: 'x', minutes: {org: 'example-org'}}))
    expect((await loadConfig({cwd: dir})).config.org).toBe('example-org')
    await writeFile(join(dir, 'other.json'), JSON.stringify({org: 'other-org'}))
    expect((await loadConfig({cwd: dir, file: join(dir, 'other.json')})).config.org).toBe('other-org')
  })

  it.each([
    [{teams: {Iaas: 'Team IaaS'}}, '`teams.Iaas`: expected a folder name of lowercase letters, digits and hyphens'],
    [{org: 7}, '`org`: '],
    [{repository: 'no-slash'}, '`repository`: expected "OWNER/NAME"'],
    [{aliases: {Kurt: 'not a handle'}}, '`aliases.Kurt`: expected a GitHub handle'],
    [{colour: 'red'}, 'unknown key `colour`']
  ])('an invalid configuration %j is an error naming the key, exit 2', async (value, message) => {
    const dir = await folder()
    await writeFile(join(dir, 'minutes.config.json'), JSON.stringify(value))
    const result = await runBin(['convert', 'note.md'], {cwd: dir})
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`minutes.config.json: invalid configuration: ${message}`)
  })

  it('a configuration that is not JSON is an error naming the file, line and column', async () => {
    const dir = await folder()
    await writeFile(join(dir, 'minutes.config.json'), '{\n  // the organisation\n  "org": \n}\n')
    const result = await runBin(['convert', 'note.md'], {cwd: dir})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/minutes\.config\.json:4:1: not valid JSON: ValueExpected/)
  })
})

describe('convert: where the minutes go', () => {
  it('--check exits 1 naming an unconverted file, 0 once --write converted it', async () => {
    const dir = await folder()
    const before = await runBin(['convert', '--check', 'note.md'], {cwd: dir})
    expect(before).toEqual({code: 1, stdout: '', stderr: expect.stringContaining('note.md: not in converted form') as string})

    const write = await runBin(['convert', '--write', 'note.md', '--quiet'], {cwd: dir})
    expect(write).toEqual({code: 0, stdout: '', stderr: ''})
    expect(await readFile(join(dir, 'note.md'), 'utf8')).toMatch(/^# 2024-05-02\n\n## Participants\n\n- @alice-example\n/)
    expect(await runBin(['convert', '--check', 'note.md', '--quiet'], {cwd: dir})).toEqual({code: 0, stdout: '', stderr: ''})
  })

  it('--checkout DIR --team T writes DIR/T/YYYYMMDD.md; the same again is a no-op; a different file needs --force', async () => {
    const dir = await folder()
    await mkdir(join(dir, 'minutes'))
    const first = await runBin(['convert', 'note.md', '--checkout', 'minutes', '--team', 'iaas'], {cwd: dir})
    expect(first.code).toBe(0)
    const target = join(dir, 'minutes', 'iaas', '20240502.md')
    expect(first.stdout).toBe(target + '\n')
    expect(first.stderr).toContain(`${target}: created`)

    expect((await runBin(['convert', 'note.md', '--checkout', 'minutes', '--team', 'iaas'], {cwd: dir})).stderr).toContain(`${target}: unchanged`)

    await writeFile(target, '# Edited by hand\n')
    const refused = await runBin(['convert', 'note.md', '--checkout', 'minutes', '--team', 'iaas'], {cwd: dir})
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('exists and differs from the converted note')
    expect(await readFile(target, 'utf8')).toBe('# Edited by hand\n')

    const forced = await runBin(['convert', 'note.md', '--checkout', 'minutes', '--team', 'iaas', '--force'], {cwd: dir})
    expect(forced.stderr).toContain(`${target}: updated`)
  })

  it('a checkout that does not exist is refused, naming it (a typo makes no folder); the team folder inside one is made', async () => {
    const dir = await folder()
    const typo = await runBin(['convert', 'note.md', '--checkout', 'minuets', '--team', 'iaas'], {cwd: dir})
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain(`--checkout minuets: no such folder (${join(dir, 'minuets')})`)
    expect(await readdir(dir)).toEqual(['note.md'])
    await writeFile(join(dir, 'file'), '')
    expect((await runBin(['convert', 'note.md', '--checkout', 'file', '--team', 'iaas'], {cwd: dir})).stderr).toContain('--checkout file: not a folder')
  })

  it('--repo DIR, the old spelling of --checkout, still works with a deprecation warning', async () => {
    const dir = await folder()
    await mkdir(join(dir, 'minutes'))
    const old = await runBin(['convert', 'note.md', '--repo', 'minutes', '--team', 'iaas'], {cwd: dir})
    expect(old.code).toBe(0)
    expect(old.stderr.split('\n')[0]).toBe('warning convert --repo DIR is deprecated: use --checkout DIR (--repo will name a GitHub repository, OWNER/NAME, as in publish and sync)')
    expect(await readdir(join(dir, 'minutes', 'iaas'))).toEqual(['20240502.md'])
    expect((await runBin(['convert', '--help'])).stdout).not.toContain('--repo')
  })

  it('--date overrides the note; no date at all is a clear error; teams and dates are checked', async () => {
    const dir = await folder()
    await writeFile(join(dir, 'undated.md'), '# Workshop\n\nText.\n')
    await mkdir(join(dir, 'minutes'))
    const undated = await runBin(['convert', 'undated.md', '--checkout', 'minutes', '--team', 'iaas'], {cwd: dir})
    expect(undated.code).toBe(2)
    expect(undated.stderr).toContain('no meeting date found')

    const dated = await runBin(['convert', 'undated.md', '--checkout', 'minutes', '--team', 'iaas', '--date', '2024-06-01', '--quiet'], {cwd: dir})
    expect(dated.code).toBe(0)
    expect(await readdir(join(dir, 'minutes', 'iaas'))).toEqual(['20240601.md'])

    for (const [args, message] of [
      [['--team', '../etc'], 'invalid team "../etc"'],
      [['--team', 'iaas', '--date', '2024-02-30'], 'invalid date "2024-02-30"'],
      [[], '--checkout needs --team']
    ] as const) {
      const result = await runBin(['convert', 'note.md', '--checkout', 'minutes', ...args], {cwd: dir})
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(message)
    }
  })

  it('the summary template adds the action items, and its output converts to itself', async () => {
    const dir = await folder()
    await writeFile(join(dir, 'ai.md'), '# 2024-05-02\n\n- ADR: AI @alice-example: write it\n')
    const result = await runBin(['convert', 'ai.md', '--template', 'summary'], {cwd: dir})
    expect(result.stdout).toBe('# 2024-05-02\n\n- ADR: AI @alice-example: write it\n\n## Action items\n\n- [ ] @alice-example: write it\n')
    await writeFile(join(dir, 'summary.md'), result.stdout)
    expect((await runBin(['convert', 'summary.md', '--template', 'summary'], {cwd: dir})).stdout).toBe(result.stdout)
    expect((await runBin(['convert', 'summary.md'], {cwd: dir})).stdout).toBe(result.stdout)
  })

  it('an unknown template is a usage error listing the bundled ones', async () => {
    const dir = await folder()
    const result = await runBin(['convert', 'note.md', '--template', 'nope'], {cwd: dir})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unknown template "nope"')
    expect(result.stderr).toContain('Bundled templates: default, summary')
  })
})
