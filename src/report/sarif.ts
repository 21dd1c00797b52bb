/**
 * `minutes check --format sarif`: SARIF 2.1.0, for GitHub code scanning
 * (`github/codeql-action/upload-sarif`) and other SARIF viewers. One run;
 * the driver lists every rule (id, name, descriptions, default level); each
 * problem is a result at its configured level with a region, its file
 * relative to the `SRCROOT` base (the repository root under GitHub Actions,
 * else the working folder). What could not be checked becomes a tool
 * execution notification, and files that could not be read make the
 * invocation unsuccessful. Valid for `@microsoft/sarif-multitool validate`
 * (`.ci/run` runs it).
 */
import {isAbsolute, relative, resolve, sep} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Log, ReportingDescriptor, Result} from 'sarif'
import type {Problem} from '../check/problem.js'
import {rules, type RuleId} from '../check/rules.js'

export interface SarifOptions {
  /** This package's version. */
  version: string
  /** Folder the problems' relative paths are relative to. */
  cwd: string
  /** Folder the SARIF paths are relative to (`SRCROOT`). Default: `cwd`. */
  root?: string | undefined
  /** Files that could not be read (runtime errors). Default: none. */
  errors?: readonly string[]
  /** What could not be checked, and why. Default: none. */
  notes?: readonly string[]
}

const informationUri = 'https://github.com/SovereignCloudStack/minutes-tool'

/** `link-text-mismatch` → `LinkTextMismatch` (SARIF's rule `name` is a readable identifier). */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())
}

/** A relative URI reference: each segment percent-encoded, `/` between them. */
function uriOf(path: string): string {
  return path.split(sep).join('/').split('/').map(encodeURIComponent).join('/')
}

/** A folder's `file:` URI, ending in `/` as SARIF requires of a base. */
function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href
  return href.endsWith('/') ? href : `${href}/`
}

export function formatSarif(problems: readonly Problem[], options: SarifOptions): string {
  const root = resolve(options.root ?? options.cwd)
  const descriptors: ReportingDescriptor[] = [...rules.values()].map((rule) => ({
    id: rule.id,
    // SARIF1001: a name identical to the id (`format`) is left out.
    ...(ruleName(rule.id).toLowerCase() === rule.id ? {} : {name: ruleName(rule.id)}),
    shortDescription: {text: `${rule.description[0]!.toUpperCase()}${rule.description.slice(1)}.`},
    fullDescription: {
      text: `${rule.description[0]!.toUpperCase()}${rule.description.slice(1)}.${rule.online ? ' Checked with --online (GitHub).' : ''}${rule.fixable ? ' minutes check --fix repairs it.' : ''}`
    },
    helpUri: `${informationUri}#rules`,
    defaultConfiguration: {level: rule.severity},
    properties: {tags: rule.online ? ['minutes', 'online'] : ['minutes']}
  }))
  const index = new Map<RuleId, number>([...rules.keys()].map((id, position) => [id, position]))

  const results: Result[] = problems.map(function (problem) {
    const absolute = resolve(options.cwd, problem.file)
    const fromRoot = relative(root, absolute)
    const inside = fromRoot !== '' && !fromRoot.startsWith('..') && !isAbsolute(fromRoot)
    return {
      ruleId: problem.ruleId,
      ruleIndex: index.get(problem.ruleId)!,
      level: problem.severity,
      message: {text: problem.message},
      locations: [
        {
          physicalLocation: {
            artifactLocation: inside ? {uri: uriOf(fromRoot), uriBaseId: 'SRCROOT'} : {uri: pathToFileURL(absolute).href},
            // A problem about the whole file is placed on its first line.
            region: {startLine: problem.line ?? 1, ...(problem.column === undefined ? {} : {startColumn: problem.column})}
          }
        }
      ]
    }
  })

  const errors = options.errors ?? []
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {driver: {name: 'minutes', fullName: 'minutes check (hedgedoc-minutes)', version: options.version, semanticVersion: options.version, informationUri, rules: descriptors}},
        originalUriBaseIds: {SRCROOT: {uri: folderUri(root)}},
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            toolExecutionNotifications: [
              ...errors.map((text) => ({level: 'error' as const, message: {text}})),
              ...(options.notes ?? []).map((text) => ({level: 'warning' as const, message: {text}}))
            ]
          }
        ],
        columnKind: 'utf16CodeUnits',
        results
      }
    ]
  }
  return JSON.stringify(log, null, 2) + '\n'
}
