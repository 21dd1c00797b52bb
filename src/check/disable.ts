/**
 * Turning rules off inside a file with HTML comments (hidden on GitHub), in
 * markdownlint's words:
 *
 * - `<!-- minutes-disable-next-line RULE… -->`: the next line with content
 *   (`minutes convert` puts a blank line after a comment block, so the next
 *   line would often be blank);
 * - `<!-- minutes-disable-line RULE… -->`: the comment's own line;
 * - `<!-- minutes-disable RULE… -->` … `<!-- minutes-enable RULE… -->`;
 * - `<!-- minutes-disable-file RULE… -->`: the whole file.
 *
 * Without rule ids a comment applies to every rule. Comments are read from
 * the parsed tree's `html` nodes, so examples in code blocks do nothing.
 */

export interface Comment {
  /** Raw HTML of the node. */
  value: string
  /** Line of the node's start and end. */
  line: number
  endLine: number
}

type Rules = Set<string> | 'all'

interface Event {
  line: number
  enable: boolean
  rules: Rules
}

const directive = /<!--\s*minutes-(disable-next-line|disable-line|disable-file|disable|enable)\b(.*?)-->/gs

export interface Disables {
  /** Whether `ruleId` is off at `line` (`undefined`: a whole-file problem). */
  isDisabled(ruleId: string, line: number | undefined): boolean
}

function parseRules(text: string): Rules {
  const ids = text.split(/[\s,]+/).filter(Boolean)
  return ids.length === 0 ? 'all' : new Set(ids)
}

function has(rules: Rules, ruleId: string): boolean {
  return rules === 'all' || rules.has(ruleId)
}

/** Read the comments of a file; `lines` are its lines, to find the next line with content. */
export function readDisables(comments: Comment[], lines: string[]): Disables {
  const file: Rules[] = []
  const single = new Map<number, Rules[]>()
  const events: Event[] = []

  for (const comment of comments) {
    if (!comment.value.includes('minutes-')) continue
    for (const match of comment.value.matchAll(directive)) {
      const kind = match[1]!
      const rules = parseRules(match[2]!)
      // The line of the directive inside a multi-line html node.
      const line = comment.line + (comment.value.slice(0, match.index).match(/\n/g)?.length ?? 0)
      if (kind === 'disable-file') {
        file.push(rules)
      } else if (kind === 'disable-line') {
        single.set(line, [...(single.get(line) ?? []), rules])
      } else if (kind === 'disable-next-line') {
        let next = comment.endLine + 1
        while (next <= lines.length && !lines[next - 1]!.trim()) next++
        single.set(next, [...(single.get(next) ?? []), rules])
      } else {
        events.push({line, enable: kind === 'enable', rules})
      }
    }
  }

  events.sort((a, b) => a.line - b.line)
  return {
    isDisabled(ruleId, line) {
      if (file.some((rules) => has(rules, ruleId))) return true
      if (line === undefined) return false
      if (single.get(line)?.some((rules) => has(rules, ruleId))) return true
      let disabled = false
      for (const event of events) {
        if (event.line > line) break
        if (has(event.rules, ruleId)) disabled = !event.enable
      }

      return disabled
    }
  }
}
