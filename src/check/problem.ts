/** What `minutes check` reports: one problem, with a fix when one is safe. */
import {rules, type RuleId, type Severity} from './rules.js'

/**
 * A safe fix, as ESLint writes them: replace `range` (UTF-16 offsets into
 * the file's text, LF line endings) with `text`. A `format` fix replaces the
 * whole file.
 */
export interface Fix {
  /** What the fix does, for people. */
  description: string
  range: [number, number]
  text: string
}

export interface Problem {
  /** Path as given or found (relative to the working folder when found). */
  file: string
  /** 1-based; `undefined` when the problem is about the whole file. */
  line: number | undefined
  column: number | undefined
  ruleId: RuleId
  severity: Severity
  message: string
  fix: Fix | undefined
}

/** Order: file, line, column, rule. */
export function compareProblems(a: Problem, b: Problem): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  )
}

/** A problem at its rule's default severity (settings and comments apply later). */
export function createProblem(file: string, ruleId: RuleId, line: number | undefined, column: number | undefined, message: string, fix?: Fix): Problem {
  return {file, line, column, ruleId, severity: rules.get(ruleId)!.severity, message, fix}
}
