/**
 * The rules of `minutes check`: id, default severity, what they find, and
 * whether a fix is safe. The configuration's `rules` key turns a rule off or
 * changes its severity; comments turn it off for a line (see disable.ts).
 */
import {UsageError} from '../errors.js'

export type Severity = 'error' | 'warning'
export type Setting = Severity | 'off'

export type RuleId =
  | 'format'
  | 'link-text-mismatch'
  | 'hedgedoc-image'
  | 'hedgedoc-link'
  | 'participant-handle'
  | 'heading-structure'
  | 'missing-date'
  | 'date-mismatch'
  | 'several-meetings'
  | 'relative-link'
  | 'duplicate-participant'
  | 'reference-missing'
  | 'reference-kind'
  | 'repository-moved'
  | 'participant-unknown'

export interface Rule {
  id: RuleId
  severity: Severity
  /** Needs `--online` (GitHub). */
  online: boolean
  /** `--fix` repairs it without a human (heading-structure and duplicate-participant go with `format`'s fix). */
  fixable: boolean
  description: string
}

const list: Rule[] = [
  {id: 'format', severity: 'error', online: false, fixable: true, description: 'the file is not what `minutes convert` would write'},
  {id: 'link-text-mismatch', severity: 'error', online: false, fixable: false, description: 'a link text names another issue, pull request or repository than the link opens'},
  {id: 'hedgedoc-image', severity: 'error', online: false, fixable: false, description: 'a picture is still hosted on the HedgeDoc server'},
  {id: 'hedgedoc-link', severity: 'warning', online: false, fixable: false, description: 'a link to a HedgeDoc note, which can still change or go away'},
  {id: 'participant-handle', severity: 'warning', online: false, fixable: false, description: 'a participant without a GitHub handle, or with an invalid one'},
  {id: 'heading-structure', severity: 'error', online: false, fixable: false, description: 'no title, more than one title, or skipped heading levels'},
  {id: 'missing-date', severity: 'error', online: false, fixable: false, description: 'no meeting date, or the front matter\'s date and the file name disagree'},
  {id: 'date-mismatch', severity: 'error', online: false, fixable: false, description: 'the date in the title (H1) is not the date of the file name'},
  {id: 'several-meetings', severity: 'error', online: false, fixable: false, description: 'one file holds the minutes of more than one meeting'},
  {id: 'relative-link', severity: 'error', online: false, fixable: false, description: 'a relative link or picture to a missing file, or a `#fragment` that matches no heading'},
  {id: 'duplicate-participant', severity: 'warning', online: false, fixable: false, description: 'a participant listed twice'},
  {id: 'reference-missing', severity: 'error', online: true, fixable: false, description: 'a linked issue, pull request, discussion or repository does not exist'},
  {id: 'reference-kind', severity: 'warning', online: true, fixable: true, description: 'an `/issues/N` URL of a pull request or discussion, or the reverse'},
  {id: 'repository-moved', severity: 'warning', online: true, fixable: true, description: 'a linked repository was renamed or transferred, or the issue moved'},
  {id: 'participant-unknown', severity: 'warning', online: true, fixable: false, description: 'a participant handle that is no GitHub account (with `--users`)'}
]

export const rules: ReadonlyMap<RuleId, Rule> = new Map(list.map((rule) => [rule.id, rule]))

export function isRuleId(value: string): value is RuleId {
  return rules.has(value as RuleId)
}

/**
 * The setting of every rule: defaults, overridden by the configuration's
 * `rules`. An unknown rule id is a usage error naming `source` (the
 * configuration file), so a typo turns nothing off silently.
 */
export function ruleSettings(configured: Record<string, Setting> = {}, source = 'configuration'): Map<RuleId, Setting> {
  const settings = new Map<RuleId, Setting>()
  for (const rule of list) settings.set(rule.id, rule.severity)
  for (const [id, setting] of Object.entries(configured)) {
    if (!isRuleId(id)) {
      throw new UsageError(`${source}: unknown rule \`${id}\` in \`rules\``, {hint: `Known rules: ${list.map((rule) => rule.id).join(', ')}.`})
    }

    settings.set(id, setting)
  }

  return settings
}
