// `minutes check --online` against the GitHub double on 127.0.0.1: batching,
// a batch over the limit, rate-limit replies, renamed repositories, issue vs
// pull request vs discussion, the cache, refused tokens, no network, and the
// unauthenticated REST fallback.
import {mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {runProgram} from '../src/cli/program.js'
import {checkCommand} from '../src/commands/check.js'
import {startGitHubDouble, type DoubleOptions, type GitHubDouble, type World} from './doubles/github-graphql.js'
import {memoryContext} from './helpers/cli.js'

const org = 'https://github.com/SovereignCloudStack'

const world: World = {
  repositories: {
    'SovereignCloudStack/standards': {issues: Array.from({length: 300}, (_, index) => index + 1), pulls: [500, 501], discussions: [700]},
    'SovereignCloudStack/issues': {issues: [1, 2]},
    'SovereignCloudStack/hardware-landscape': {issues: [3], pulls: [32]}
  },
  renamed: {'SovereignCloudStack/hw-landscape': 'SovereignCloudStack/hardware-landscape'},
  users: ['alice-example'],
  organizations: ['SovereignCloudStack']
}

let double: GitHubDouble | undefined
afterEach(async () => {
  await double?.close()
  double = undefined
})

async function start(options: DoubleOptions = {}): Promise<GitHubDouble> {
  double = await startGitHubDouble(world, options)
  return double
}

/** A minutes folder with `iaas/20240306.md` (in converted form) holding `lines` under an agenda. */
async function minutes(lines: string[], head = ''): Promise<{directory: string; file: string}> {
  const directory = await mkdtemp(join(tmpdir(), 'minutes-online-'))
  await mkdir(join(directory, 'iaas'))
  const file = join(directory, 'iaas', '20240306.md')
  await writeFile(file, `# Team IaaS weekly 2024-03-06\n\n${head}## Agenda\n\n${lines.map((line) => `- ${line}\n`).join('')}`)
  return {directory, file}
}

async function run(args: string[], directory: string, env: Record<string, string | undefined> = {GITHUB_TOKEN: 'test-token'}) {
  const {context, stdout, stderr} = memoryContext({cwd: directory, env: {GH_CONFIG_DIR: directory, ...env}})
  const code = await runProgram(['node', 'minutes', 'check', ...args], context)
  return {code, stdout: stdout(), stderr: stderr()}
}

interface JsonProblem {
  file: string
  line: number
  column: number
  ruleId: string
  severity: string
  message: string
  fix: {description: string; range: [number, number]; text: string} | null
}

interface JsonReport {
  complete: boolean
  online: boolean
  problems: JsonProblem[]
  unchecked: {files: Array<{file: string; message: string}>; lookups: Array<{reason: string; lookups: number}>}
  notes: string[]
}

function report(output: string): JsonReport {
  return JSON.parse(output) as JsonReport
}

function problems(output: string): JsonProblem[] {
  return report(output).problems
}

describe('check --online', () => {
  it('looks up 250 references in 3 GraphQL requests of at most 100, then none from the cache', async () => {
    const server = await start({maxLookups: 100})
    const {directory} = await minutes(Array.from({length: 250}, (_, index) => `[standards#${index + 1}](${org}/standards/issues/${index + 1})`))
    const cache = join(directory, '.cache')
    const first = await run(['--online', '--api-url', server.url, '--cache', cache, '--format', 'json'], directory)
    expect(first.stderr).not.toContain('not checked')
    expect(problems(first.stdout)).toEqual([])
    expect(first.code).toBe(0)
    const requests = server.graphqlRequests()
    expect(requests.map((request) => request.lookups)).toEqual([100, 100, 50])
    expect(requests.every((request) => request.authorization === 'token test-token')).toBe(true)
    expect(first.stderr).toContain('250 lookups, 0 from the cache, 3 requests')
    expect(report(first.stdout)).toMatchObject({complete: true, online: true, unchecked: {files: [], lookups: []}, notes: []})

    const second = await run(['--online', '--api-url', server.url, '--cache', cache, '--format', 'json'], directory)
    expect(second.code).toBe(0)
    expect(server.requests).toHaveLength(3)
    expect(second.stderr).toContain('250 lookups, 250 from the cache, 0 requests')
  })

  it('splits one repository over the limit across requests (pagination of a batch)', async () => {
    const server = await start({maxLookups: 40})
    const {directory} = await minutes(Array.from({length: 90}, (_, index) => `[standards#${index + 1}](${org}/standards/issues/${index + 1})`))
    const {context} = memoryContext({cwd: directory, env: {GITHUB_TOKEN: 'test-token', GH_CONFIG_DIR: directory}})
    const code = await checkCommand({online: true, apiUrl: server.url, cache: false, batchSize: 40, format: 'json', quiet: true}, context)
    expect(code).toBe(0)
    expect(server.graphqlRequests().map((request) => request.lookups)).toEqual([40, 40, 10])
  })

  it('reports missing references, issue vs pull request vs discussion, and moved repositories, with fixes', async () => {
    const server = await start()
    const {directory} = await minutes([
      `[standards#1](${org}/standards/issues/1): fine`,
      `[standards#500](${org}/standards/issues/500): a pull request`,
      `[standards#2](${org}/standards/pull/2/files): an issue`,
      `[standards#700](${org}/standards/issues/700): a discussion`,
      `[hw-landscape#32](${org}/hw-landscape/pull/32): renamed`,
      `[standards#9999](${org}/standards/issues/9999): no such number`,
      `[nowhere#1](${org}/nowhere/issues/1): no such repository`,
      `[issues#1 (comment)](${org}/issues/issues/1#issuecomment-42): a comment`
    ])
    const result = await run(['--online', '--api-url', server.url, '--no-cache', '--format', 'json'], directory)
    const found = problems(result.stdout).map(({line, ruleId, severity, message, fix}) => ({line, ruleId, severity, message, fix: fix?.text ?? null}))
    expect(found).toEqual([
      {
        line: 6,
        ruleId: 'reference-kind',
        severity: 'warning',
        message: `Unexpected \`/issues/\` URL for SovereignCloudStack/standards#500, which is a pull request; expected \`${org}/standards/pull/500\``,
        fix: `${org}/standards/pull/500`
      },
      {
        line: 7,
        ruleId: 'reference-kind',
        severity: 'warning',
        message: `Unexpected \`/pull/\` URL for SovereignCloudStack/standards#2, which is an issue; expected \`${org}/standards/issues/2\``,
        fix: `${org}/standards/issues/2`
      },
      {
        line: 8,
        ruleId: 'reference-kind',
        severity: 'warning',
        message: `Unexpected \`/issues/\` URL for SovereignCloudStack/standards#700, which is a discussion; expected \`${org}/standards/discussions/700\``,
        fix: `${org}/standards/discussions/700`
      },
      {
        line: 9,
        ruleId: 'repository-moved',
        severity: 'warning',
        message: `Unexpected link to \`SovereignCloudStack/hw-landscape#32\`, which moved to SovereignCloudStack/hardware-landscape; expected \`${org}/hardware-landscape/pull/32\``,
        fix: `[hardware-landscape#32](${org}/hardware-landscape/pull/32`
      },
      {
        line: 10,
        ruleId: 'reference-missing',
        severity: 'error',
        message: 'Unexpected link to `SovereignCloudStack/standards#9999`: SovereignCloudStack/standards has no issue, pull request or discussion #9999, expected an existing one',
        fix: null
      },
      {
        line: 11,
        ruleId: 'reference-missing',
        severity: 'error',
        message: 'Unexpected link to `SovereignCloudStack/nowhere#1`: GitHub has no repository SovereignCloudStack/nowhere (or it is private), expected an existing one',
        fix: null
      }
    ])
    expect(result.code).toBe(1)
    // One batch, then one for the numbers missing as issues, looked up as discussions.
    expect(server.graphqlRequests().map((request) => request.lookups)).toEqual([8, 2])
  })

  it('--fix applies canonical URLs and moved repositories, never a mismatch', async () => {
    const server = await start()
    const {directory, file} = await minutes([
      `[standards#500](${org}/standards/issues/500)`,
      `[hw-landscape#32](${org}/hw-landscape/pull/32)`,
      `[hardware-landscape#23](${org}/hardware-landscape/pull/32)`,
      `see ${org}/standards/issues/501`
    ])
    const result = await run(['--online', '--fix', '--api-url', server.url, '--no-cache', '--format', 'json'], directory)
    // The bare URL is not in converted form: format is fixed too.
    expect(result.stderr).toContain('iaas/20240306.md: fixed format, 2 × reference-kind, repository-moved')
    expect(await readFile(file, 'utf8')).toBe(
      '# Team IaaS weekly 2024-03-06\n\n## Agenda\n\n' +
        `- [standards#500](${org}/standards/pull/500)\n` +
        `- [hardware-landscape#32](${org}/hardware-landscape/pull/32)\n` +
        `- [hardware-landscape#23](${org}/hardware-landscape/pull/32)\n` +
        `- see [standards#501](${org}/standards/pull/501)\n`
    )
    // What is left: the mismatch, for a human.
    expect(problems(result.stdout).map((problem) => [problem.line, problem.ruleId])).toEqual([[7, 'link-text-mismatch']])
    expect(result.code).toBe(1)
  })

  it('waits out a primary and a secondary rate limit, then answers', async () => {
    const server = await start({rateLimited: 1, secondaryLimited: 1})
    const {directory} = await minutes([`[standards#500](${org}/standards/issues/500)`])
    const result = await run(['--online', '--api-url', server.url, '--no-cache', '--format', 'json'], directory)
    expect(problems(result.stdout).map((problem) => problem.ruleId)).toEqual(['reference-kind'])
    expect(server.graphqlRequests()).toHaveLength(3)
    expect(result.stderr).toMatch(/secondary rate limit; waiting 1 s/)
    expect(result.stderr).toMatch(/rate limit reached; waiting \d s/)
  }, 20_000)

  it('a refused token: a clear message and the offline results, never a false "missing"', async () => {
    const server = await start({tokens: ['good-token']})
    const {directory} = await minutes([`[standards#9999](${org}/standards/issues/9999)`, `[standards#1](${org}/standards/issues/2)`])
    const result = await run(['--online', '--api-url', server.url, '--no-cache', '--format', 'json'], directory, {GITHUB_TOKEN: 'bad-token'})
    expect(problems(result.stdout).map((problem) => problem.ruleId)).toEqual(['link-text-mismatch'])
    expect(result.stderr).toContain('401 Bad credentials')
    expect(result.stderr).toContain('2 lookups not made: GitHub GraphQL API: 401 Bad credentials')
    expect(result.stderr).toContain('The token was refused')
    expect(result.stderr).not.toContain('bad-token')
    expect(result.code).toBe(1)
    // The JSON says the run was partial, and why.
    const json = report(result.stdout)
    expect(json.complete).toBe(false)
    expect(json.unchecked.lookups).toEqual([{reason: 'not looked up', lookups: 2}])
    expect(json.notes.some((note) => note.startsWith('2 lookups not made: GitHub GraphQL API: 401 Bad credentials'))).toBe(true)
  })

  it('a repository the token may not read is not checked, and not reported missing', async () => {
    const server = await start({forbidden: ['SovereignCloudStack/issues']})
    const {directory} = await minutes([`[issues#1](${org}/issues/issues/1)`, `[standards#500](${org}/standards/issues/500)`])
    const result = await run(['--online', '--api-url', server.url, '--no-cache', '--format', 'json'], directory)
    expect(problems(result.stdout).map((problem) => problem.ruleId)).toEqual(['reference-kind'])
    expect(result.stderr).toContain('1 reference not checked: FORBIDDEN: Resource protected by organization SAML enforcement')
    expect(result.code).toBe(0)
    expect(report(result.stdout)).toMatchObject({complete: false, unchecked: {lookups: [{reason: expect.stringMatching(/^FORBIDDEN: Resource protected by organization SAML enforcement/), lookups: 1}]}})
  })

  it('an unreachable API: a clear message and the offline results', async () => {
    const {directory} = await minutes([`[standards#9999](${org}/standards/issues/9999)`])
    // A port that was free a moment ago: nothing listens there.
    const closed = await start()
    const url = closed.url
    await closed.close()
    double = undefined
    const {context, stdout, stderr} = memoryContext({cwd: directory, env: {GITHUB_TOKEN: 'test-token', GH_CONFIG_DIR: directory}})
    const code = await checkCommand({online: true, apiUrl: url, cache: false, retries: 0, format: 'json'}, context)
    expect(problems(stdout())).toEqual([])
    expect(report(stdout()).complete).toBe(false)
    expect(report(stdout()).unchecked.lookups).toEqual([{reason: 'not looked up', lookups: 1}])
    expect(stderr()).toMatch(/1 lookups not made: GitHub GraphQL API: .*(ECONNREFUSED|fetch failed|connect)/)
    expect(stderr()).toContain('Check the network and --api-url')
    expect(code).toBe(0)
  })

  it('without a token: unauthenticated REST within the rate limit, says what it could not check', async () => {
    const server = await start({restRemaining: 4})
    const {directory} = await minutes([
      `[standards#500](${org}/standards/issues/500)`,
      `[hw-landscape#32](${org}/hw-landscape/pull/32)`,
      `[standards#700](${org}/standards/discussions/700)`,
      `[issues#9](${org}/issues/issues/9)`,
      `[issues#1](${org}/issues/issues/1)`,
      `[standards#1](${org}/standards/issues/1)`
    ])
    const result = await run(['--online', '--api-url', server.url, '--no-cache', '--format', 'json'], directory, {})
    expect(server.graphqlRequests()).toEqual([])
    expect(result.stderr).toContain('no GitHub token')
    expect(result.stderr).toContain('1 discussion reference not checked')
    expect(result.stderr).toMatch(/2 lookups not made: without a token GitHub allows 4 more requests now/)
    expect(problems(result.stdout).map((problem) => [problem.line, problem.ruleId])).toEqual([
      [5, 'reference-kind'],
      [6, 'repository-moved']
    ])
    expect(server.requests.every((request) => request.authorization === undefined)).toBe(true)
    const json = report(result.stdout)
    expect(json.complete).toBe(false)
    expect(json.unchecked.lookups).toEqual([
      {reason: 'discussions need a token', lookups: 1},
      // 2 over the rate limit's budget, 1 refused by a rate limit reached meanwhile.
      {reason: 'not looked up', lookups: 3}
    ])
  })

  it('--users reports handles that are no GitHub account', async () => {
    const server = await start()
    const {directory} = await minutes(['Planning'], '## Participants\n\n- @alice-example\n- @SovereignCloudStack\n- @nobody-here\n\n')
    const result = await run(['--online', '--users', '--api-url', server.url, '--no-cache', '--format', 'json'], directory)
    expect(problems(result.stdout).map(({line, ruleId, message}) => ({line, ruleId, message}))).toEqual([
      {line: 7, ruleId: 'participant-unknown', message: 'Unexpected participant `@nobody-here`, expected a GitHub account; GitHub has no user or organisation of that name'}
    ])
    expect(result.code).toBe(0)
  })

  it('asks GitHub nothing when every online rule is off', async () => {
    const server = await start()
    const {directory} = await minutes([`[standards#9999](${org}/standards/issues/9999)`], '## Participants\n\n- @nobody-here\n\n')
    const off = {rules: {'reference-missing': 'off', 'reference-kind': 'off', 'repository-moved': 'off'}}
    await writeFile(join(directory, 'minutes.config.json'), JSON.stringify(off))
    const result = await run(['--online', '--api-url', server.url, '--no-cache', '--format', 'json'], directory)
    expect(problems(result.stdout)).toEqual([])
    expect(server.requests).toEqual([])
    // participant-unknown is an online rule too, with --users.
    const users = await run(['--online', '--users', '--api-url', server.url, '--no-cache', '--format', 'json'], directory)
    expect(problems(users.stdout).map((problem) => problem.ruleId)).toEqual(['participant-unknown'])
    expect(server.graphqlRequests().map((request) => request.lookups)).toEqual([2, 1])
  })

  it('--users needs --online', async () => {
    const {directory} = await minutes([])
    const {context} = memoryContext({cwd: directory})
    await expect(checkCommand({users: true}, context)).rejects.toThrow('--users needs --online')
  })
})
