// The configuration's `teams`: display names as before, or a team in full
// (name, folder, pads, repository), with the defaults filled in by teamInfo.
import {describe, expect, it} from 'vitest'
import {validateConfig} from '../src/config/load.js'
import {isTeam, teamInfo} from '../src/config/schema.js'

describe('teams', () => {
  it('a display name, as before', () => {
    const config = validateConfig({teams: {iaas: 'Team IaaS'}})
    expect(teamInfo(config, 'iaas')).toEqual({key: 'iaas', name: 'Team IaaS', folder: 'iaas', pads: [], repository: 'SovereignCloudStack/minutes'})
  })

  it('a team in full: every key optional, defaults from the key and the configuration', () => {
    const config = validateConfig({
      repository: 'example-org/minutes',
      teams: {
        'project-board': {pads: ['https://input.scs.community/2025-scs-project-board', 'https://input.scs.community/scs-project-board']},
        board: {name: 'Board', folder: 'the-board', repository: 'example-org/board-minutes'}
      }
    })
    expect(teamInfo(config, 'project-board')).toEqual({
      key: 'project-board',
      name: 'project-board',
      folder: 'project-board',
      pads: ['https://input.scs.community/2025-scs-project-board', 'https://input.scs.community/scs-project-board'],
      repository: 'example-org/minutes'
    })
    // Found by its key or its folder.
    expect(teamInfo(config, 'the-board')).toEqual({key: 'board', name: 'Board', folder: 'the-board', pads: [], repository: 'example-org/board-minutes'})
    expect([isTeam(config, 'board'), isTeam(config, 'the-board'), isTeam(config, 'iaas')]).toEqual([true, true, false])
    // A team the configuration does not list.
    expect(teamInfo(config, 'iaas')).toEqual({key: 'iaas', name: 'iaas', folder: 'iaas', pads: [], repository: 'example-org/minutes'})
  })

  it.each([
    [{teams: {iaas: {folder: 'Team IaaS'}}}, '`teams.iaas.folder`: expected a folder name'],
    [{teams: {iaas: {repository: 'minutes'}}}, '`teams.iaas.repository`: expected "OWNER/NAME"'],
    [{teams: {iaas: {pads: ['']}}}, '`teams.iaas.pads.0`: expected a note URL or file'],
    [{teams: {iaas: {calendar: true}}}, 'unknown key `teams.iaas.calendar`']
  ])('%j is refused naming the key', (value, message) => {
    expect(() => validateConfig(value)).toThrow(message)
  })
})
