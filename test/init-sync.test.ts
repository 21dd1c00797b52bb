// `minutes init --sync` (the scheduled workflow, checked with the real
// action-validator) and `minutes init --from-calendar` (teams from the
// community calendar's YAML format).
import {execFile} from 'node:child_process'
import {cp, mkdtemp, readFile, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {parse as parseYaml} from 'yaml'
import {describe, expect, it} from 'vitest'
import {runProgram} from '../src/cli/program.js'
import {loadConfig} from '../src/config/load.js'
import {version} from '../src/version.js'
import {memoryContext, root} from './helpers/cli.js'

const run = promisify(execFile)
const validator = join(root, 'node_modules', '.bin', 'action-validator')

describe('minutes init --sync', () => {
  it('writes a daily workflow that runs `minutes sync` with the workflow token, and action-validator accepts it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'minutes-init-sync-'))
    const {context, stderr} = memoryContext({cwd: directory})
    expect(await runProgram(['node', 'minutes', 'init', '--sync'], context)).toBe(0)
    expect(stderr()).toContain('.github/workflows/minutes-sync.yml: created\n')
    const path = join(directory, '.github', 'workflows', 'minutes-sync.yml')
    const workflow = parseYaml(await readFile(path, 'utf8')) as {
      on: {schedule: Array<{cron: string}>; workflow_dispatch: unknown}
      permissions: Record<string, string>
      jobs: {sync: {steps: Array<{uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>}>}}
    }
    expect(workflow.on.schedule).toHaveLength(1)
    expect(workflow.on).toHaveProperty('workflow_dispatch')
    expect(workflow.permissions).toEqual({contents: 'write', 'pull-requests': 'write'})
    const steps = workflow.jobs.sync.steps
    expect(steps[0]).toEqual({uses: 'actions/checkout@v4'})
    expect(steps[1]).toEqual({
      uses: `SovereignCloudStack/minutes-tool@v${version}`,
      with: {command: 'sync', token: '${{ secrets.MINUTES_SYNC_TOKEN || secrets.GITHUB_TOKEN }}'},
      env: {MINUTES_HEDGEDOC_COOKIE: '${{ secrets.MINUTES_HEDGEDOC_COOKIE }}'}
    })
    // Only the sync workflow: the configuration and the check workflow are left alone.
    expect((await loadConfig({cwd: directory})).path).toBeUndefined()

    const {stdout, stderr: errors} = await run(validator, [path])
    expect(errors).toBe('')
    expect(stdout).toBe('')
    // The validator does find a broken workflow.
    await writeFile(join(directory, 'broken.yml'), 'on: push\npermissions:\n  contents: sometimes\njobs: {}\n')
    await expect(run(validator, [join(directory, 'broken.yml')])).rejects.toMatchObject({code: 1})
  })
})

describe('minutes init --from-calendar', () => {
  it('writes the teams from the calendar (its includes too): folder, name, pads, repository', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'minutes-init-calendar-'))
    await cp(join(root, 'fixtures', 'calendar'), join(directory, 'calendar'), {recursive: true})
    const {context, stderr} = memoryContext({cwd: directory})
    expect(await runProgram(['node', 'minutes', 'init', '--from-calendar', 'calendar/main.yml'], context)).toBe(0)
    expect(stderr()).toContain('calendar/main.yml: left out "Lightning talk": no Minutes: line with a GitHub folder\n')
    expect(stderr()).toContain('minutes.config.json: created\n')
    const {config} = await loadConfig({cwd: directory})
    expect(config.teams).toEqual({
      'project-board': {name: 'Project Board', pads: ['https://input.scs.community/2025-example-project-board', 'https://input.scs.community/2026-example-project-board']},
      'sig-monitoring': {name: 'SIG Monitoring', pads: ['https://input.scs.community/2023-example-sig-monitoring'], repository: 'example-org/monitoring-minutes'},
      iaas: {name: 'Team IaaS Meeting', pads: ['https://input.scs.community/2025-example-team-iaas']}
    })
  })

  it('merges into an existing configuration: its keys and other teams stay', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'minutes-init-calendar-'))
    await writeFile(join(directory, 'minutes.config.json'), JSON.stringify({org: 'example-org', teams: {ops: 'Team Ops', iaas: 'Old name'}}))
    const {context, stderr} = memoryContext({cwd: directory})
    expect(await runProgram(['node', 'minutes', 'init', '--from-calendar', join(root, 'fixtures', 'calendar', 'teams', 'iaas', 'team_meetings.yml')], context)).toBe(0)
    expect(stderr()).toContain('minutes.config.json: teams updated\n')
    const {config} = await loadConfig({cwd: directory})
    expect(config.org).toBe('example-org')
    expect(config.teams).toEqual({ops: 'Team Ops', iaas: {name: 'Team IaaS Meeting', pads: ['https://input.scs.community/2025-example-team-iaas']}})
  })
})
