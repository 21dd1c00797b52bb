/**
 * The SCS community calendar (SovereignCloudStack/calendar): YAML files with
 * `events`, each with a `summary` and a `description` whose lines name the
 * meeting's pad and minutes:
 *
 *     HedgeDoc: https://input.scs.community/2025-scs-sig-standardization
 *     Minutes: https://github.com/SovereignCloudStack/minutes/tree/main/sig-standardization
 *
 * (older events say `Etherpad:` for a pad on the HedgeDoc server). A file
 * may `include` others, relative to it. From the events with both lines,
 * `teamsFromCalendar` makes the configuration's `teams`: the minutes folder
 * is the key, the summary the name, the pads collected over its events, the
 * repository kept when it is not the configuration's.
 */
import {readFile} from 'node:fs/promises'
import {dirname, resolve} from 'node:path'
import {parse as parseYaml} from 'yaml'
import {InputError, describeSystemError} from '../errors.js'

export interface CalendarEvent {
  summary: string
  description: string
  /** File it came from, for messages. */
  file: string
}

/** The events of a calendar file and the files it includes. */
export async function readCalendar(file: string, cwd: string, seen = new Set<string>()): Promise<CalendarEvent[]> {
  const path = resolve(cwd, file)
  if (seen.has(path)) return []
  seen.add(path)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new InputError(describeSystemError(error, file), {cause: error})
  }

  let data: unknown
  try {
    data = parseYaml(text)
  } catch (error) {
    throw new InputError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`)
  }

  if (!data || typeof data !== 'object') throw new InputError(`${file}: expected a calendar (a mapping with "events" or "include")`)
  const {events, include} = data as {events?: unknown; include?: unknown}
  const result: CalendarEvent[] = []
  for (const event of Array.isArray(events) ? events : []) {
    if (!event || typeof event !== 'object') continue
    const {summary, description} = event as {summary?: unknown; description?: unknown}
    if (typeof summary === 'string') result.push({summary: summary.trim(), description: typeof description === 'string' ? description : '', file})
  }

  for (const included of Array.isArray(include) ? include : []) {
    if (typeof included === 'string') result.push(...(await readCalendar(resolve(dirname(path), included), cwd, seen)))
  }

  return result
}

export interface CalendarTeam {
  name: string
  pads: string[]
  repository?: string
}

const minutesLine = /^\s*Minutes:\s*https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\/tree\/[^/\s]+\/([a-z\d][a-z\d-]*)\/?\s*$/im
const padLine = /^\s*(HedgeDoc|Etherpad):\s*(https?:\/\/\S+?)\/?\s*$/gim

/**
 * `teams` from the events: keyed by minutes folder. `repository` is the
 * configuration's repository (left out of the teams that use it). `notes`
 * says which events were left out and why.
 */
export function teamsFromCalendar(
  events: readonly CalendarEvent[],
  repository: string,
  hedgedoc = 'https://input.scs.community'
): {teams: Record<string, CalendarTeam>; notes: string[]} {
  const teams: Record<string, CalendarTeam> = {}
  const notes: string[] = []
  const host = new URL(hedgedoc).host
  for (const event of events) {
    const minutes = minutesLine.exec(event.description)
    const pads = [...event.description.matchAll(padLine)]
      // An "Etherpad:" line counts when it is on the HedgeDoc server.
      .filter((match) => match[1]!.toLowerCase() === 'hedgedoc' || new URL(match[2]!).host === host)
      .map((match) => match[2]!)
    if (!minutes || pads.length === 0) {
      notes.push(`left out "${event.summary}": ${minutes ? 'no HedgeDoc: line' : 'no Minutes: line with a GitHub folder'}`)
      continue
    }

    const folder = minutes[2]!
    const team = (teams[folder] ??= {name: event.summary, pads: []})
    for (const pad of pads) if (!team.pads.includes(pad)) team.pads.push(pad)
    if (minutes[1]!.toLowerCase() !== repository.toLowerCase()) team.repository = minutes[1]!
  }

  return {teams, notes}
}
