/**
 * The participants section, found by its heading (Participants, Attendees and
 * their misspellings, any level) or a `Participants:` line. The heading
 * becomes "Participants" without the handle instruction ("(preferably github
 * handles)"); emoji and other words stay. The list under it becomes one
 * `- @handle` list: `*` bullets, bare lines and comma-separated lines all
 * become items (`Felix (@fkr), @alice, Carol` is three), a repeat that adds
 * nothing (`@alice` again, case-insensitive) is removed, text after a handle
 * is kept, plain names are mapped to handles through `aliases`
 * (`Kurt Garloff` → `@garloff (Kurt Garloff)`). Groups stay groups, as
 * sub-lists: `Storage: Ana, Ben` lines, `Storage:` above a list, and items
 * with a sub-list of names; a person may be in several. A role line after
 * the list (`Note taker: @dana`) stays as written. Every word survives but
 * the handle instruction.
 * Names without a handle and handles GitHub would reject are kept as written
 * and reported (`participant-handle`); removed duplicates are reported too
 * (`duplicate-participant`).
 */
import type {Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Text} from 'mdast'
import type {VFile} from 'vfile'
import {toString} from 'mdast-util-to-string'
import {headingWord, isParticipantsHeading} from '../util/participants.js'
import {wordsDropped} from '../util/text.js'

export interface Participant {
  /** GitHub handle without `@`, when there is a valid one. */
  handle: string | undefined
  /** The item as written (after mapping), plain text. */
  text: string
  line: number | undefined
}

declare module 'vfile' {
  interface DataMap {
    participants: Participant[]
  }
}

export interface Options {
  /** Plain names → GitHub handles (case-insensitive names). Default: `{}`. */
  aliases?: Record<string, string>
}

const instruction = /\s*[-–—:]?\s*\(?\s*(?:please\s+)?(?:use\s+of\s+)?(?:preferr?ably\s+)?(?:use\s+)?(?:your\s+)?git\s*hub[\s-]*handles?\b[^)]*\)?/i
/** A paragraph opening with the label, colon included: `Participants: @a`, `**Attendees:**`. */
const labelledLine = /^\s*(?:\*\*|__)?\s*(?:participants?|particpants|attendees?)\s*(?:\*\*|__)?\s*:/i
const lineLabel = /^\s*(?:\*\*|__)?\s*(?:participants?|particpants|attendees?)\s*:?\s*(?:\*\*|__)?\s*:?\s*/i
const validHandle = /^[A-Za-z\d](?:[A-Za-z\d]|-(?=[A-Za-z\d])){0,38}$/
const handleAtStart = /^@([\w.-]*[\w])/
const handleInParentheses = /^(?<name>[^@()]+?)\s*\(@(?<handle>[\w.-]*[\w])\)\s*(?<rest>.*)$/

/** The heading's new text: "Participants", keeping emoji and other words. */
function headingText(text: string): string {
  const match = headingWord.exec(text)!
  const after = match.groups!.after!.replace(instruction, '').replace(/\s*\(\s*\)/, '').trimEnd()
  return `${match.groups!.before!}Participants${after}`.replace(/\s+/g, ' ').trim()
}

interface Item {
  nodes: PhrasingContent[]
  line: number | undefined
  /** A group's members (`Storage: Ana, Ben`, or a sub-list): `nodes` is then its label. */
  members?: Item[]
}

/**
 * Split phrasing into lines at breaks and newlines. Each line gets its line
 * number: from the break before it, else one more than the line before.
 */
function lines(children: PhrasingContent[], line: number | undefined): Item[] {
  const result: Item[] = [{nodes: [], line}]
  let current = line
  for (const child of children) {
    if (child.type === 'break') {
      current = child.position?.end.line ?? (current === undefined ? undefined : current + 1)
      result.push({nodes: [], line: current})
      continue
    }

    const item = result.at(-1)!
    if (item.nodes.length === 0 && child.position) {
      item.line = child.position.start.line
      current = item.line
    }

    if (child.type === 'text' && child.value.includes('\n')) {
      const parts = child.value.split('\n')
      for (const [index, part] of parts.entries()) {
        if (index > 0) {
          current = current === undefined ? undefined : current + 1
          result.push({nodes: [], line: current})
        }

        if (part) result.at(-1)!.nodes.push({type: 'text', value: part})
      }

      continue
    }

    result.at(-1)!.nodes.push(child)
  }

  return result.filter((item) => toString({type: 'paragraph', children: item.nodes}).trim())
}

/** A label before a colon (`Storage: Ana, Ben`, `Note taker: @dana`): words, no handle, no time. */
const label = /^(?<label>\p{L}[^@:,()]{0,39}?)\s*:\s+(?<rest>\S.*)$/u

/** Split at commas outside parentheses: `Felix (@fkr), @alice, Carol`. */
function splitOutside(value: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let index = 0; index < value.length; index++) {
    const character = value[index]
    if (character === '(') depth++
    else if (character === ')') depth = Math.max(0, depth - 1)
    else if (character === ',' && depth === 0) {
      parts.push(value.slice(start, index))
      start = index + 1
    }
  }

  parts.push(value.slice(start))
  return parts.map((part) => part.trim()).filter(Boolean)
}

/** A name in a comma list: a few words, not counting what is in parentheses. */
function isShortName(part: string): boolean {
  return part.replace(/\([^)]*\)/g, ' ').trim().split(/\s+/).length <= 3
}

/**
 * Split an item at commas between names (`@a, @b, Carol`), when it is a
 * plain list of names; a labelled list of names (`Storage: Ana, Ben`) is a
 * group.
 */
function splitCommas(item: Item, groups = true): Item[] {
  if (item.nodes.length !== 1 || item.nodes[0]!.type !== 'text') return [item]
  const value = (item.nodes[0] as Text).value
  // Handles separated by spaces only: `@a @b @c`.
  if (/^@[\w.-]+(?:\s+@[\w.-]+)+$/.test(value.trim())) return value.trim().split(/\s+/).map((part) => ({nodes: [{type: 'text', value: part}], line: item.line}))
  if (!value.includes(',')) return [item]
  const labelled = groups ? label.exec(value) : null
  const rest = labelled ? labelled.groups!.rest! : value
  const parts = splitOutside(rest)
  if (parts.length < 2 || !parts.every(isShortName)) return [item]
  const members = parts.map((part): Item => ({nodes: [{type: 'text', value: part}], line: item.line}))
  if (labelled) return [{nodes: [{type: 'text', value: `${labelled.groups!.label!}:`}], line: item.line, members}]
  return members
}

/** A line giving someone a role (`Note taker: @dana`): kept as written after the list. */
function isRoleLine(item: Item): boolean {
  const match = label.exec(itemText(item))
  return Boolean(match && splitOutside(match.groups!.rest!).length === 1)
}

/** Trim an item's edges; `null` when nothing is left. */
function trimItem(nodes: PhrasingContent[]): PhrasingContent[] {
  const result = nodes.map((node) => (node.type === 'text' ? {...node} : node))
  const first = result[0]
  if (first?.type === 'text') first.value = first.value.replace(/^[\s,;]+/, '')
  const last = result.at(-1)
  if (last?.type === 'text') last.value = last.value.replace(/[\s,;]+$/, '')
  for (const node of result) if (node.type === 'text') delete node.data
  return result.filter((node) => node.type !== 'text' || node.value)
}

export default function remarkParticipants(options: Options = {}) {
  const aliases = new Map(Object.entries(options.aliases ?? {}).map(([name, handle]) => [name.toLowerCase().trim(), handle.replace(/^@/, '')]))

  return function (tree: Root, file: VFile) {
    file.data.participants = []
    file.data.removed ??= []
    const children = tree.children
    let start = -1
    let depth: Heading['depth'] = 2

    for (const [index, node] of children.entries()) {
      if (node.type === 'heading') {
        const text = toString(node)
        // The title is never the participants section.
        if (node.depth > 1 && isParticipantsHeading(text)) {
          const updated = headingText(text)
          if (updated !== text.trim()) {
            file.data.removed.push(wordsDropped(text, updated))
            node.children = [{type: 'text', value: updated}]
          }

          start = index + 1
          break
        }

        depth = Math.min(6, node.depth + 1) as Heading['depth']
      } else if (node.type === 'paragraph' && labelledLine.test(toString(node))) {
        // `Participants: @a, @b` or `**Participants:**` followed by a list.
        const heading: Heading = {type: 'heading', depth, children: [{type: 'text', value: 'Participants'}], position: node.position}
        const rest = stripLabel(node)
        const written = toString(node).slice(0, toString(node).length - (rest ? toString(rest).length : 0))
        const dropped = wordsDropped(written, 'Participants')
        if (dropped) file.data.removed.push(dropped)
        children.splice(index, 1, heading, ...(rest ? [rest] : []))
        start = index + 1
        break
      }
    }

    if (start === -1) return

    // Collect the blocks that make up the list: lists of names, and bare
    // lines of names; a paragraph after the first block needs handles, and
    // is not a role (`Note taker: @dana`, kept as written after the list).
    const items: Item[] = []
    let end = start
    while (end < children.length) {
      const node = children[end]!
      if (node.type === 'list' && node.children.every((item) => isSimpleItem(item) || isGroupItem(item))) {
        for (const item of node.children) {
          const paragraph = item.children[0] as Paragraph | undefined
          if (!paragraph) continue
          const sub = item.children[1]
          if (sub?.type === 'list') {
            // A group (`- Storage` with a sub-list of names) stays a group.
            items.push({nodes: paragraph.children, line: paragraph.position?.start.line, members: membersOf(sub)})
          } else {
            items.push(...attachNotes(lines(paragraph.children, paragraph.position?.start.line)).flatMap((line) => splitCommas(line)))
          }
        }
      } else if (node.type === 'paragraph' && (end === start || items.at(-1)?.members) && isGroupLabel(node) && isMemberList(children[end + 1])) {
        // `Storage:` above a list of names: a group too.
        items.push({nodes: node.children, line: node.position?.start.line, members: membersOf(children[end + 1] as List)})
        end++
      } else if (node.type === 'paragraph' && lines(node.children, undefined).every((line) => (end === start ? isName(line) : hasHandle(line) && !isRoleLine(line)))) {
        items.push(...lines(node.children, node.position?.start.line).flatMap((line) => splitCommas(line)))
      } else {
        break
      }

      end++
    }

    if (end === start) return

    // Each participant is reported and counted once; in the list, only a
    // repeat that adds nothing (`@alice` again) is removed. A person may be
    // in several groups.
    const known = new Set<string>()
    const toListItems = (group: Item[]): ListItem[] => {
      const seen = new Set<string>()
      const listItems: ListItem[] = []
      for (const item of group) {
        const nodes = trimItem(item.nodes)
        if (nodes.length === 0 && !item.members) continue
        if (item.members) {
          const children: ListItem['children'] = [{type: 'paragraph', children: nodes}]
          const members = toListItems(item.members)
          if (members.length > 0) children.push({type: 'list', ordered: false, spread: false, children: members})
          listItems.push({type: 'listItem', spread: false, children})
          continue
        }

        const participant = normalise(nodes, aliases)
        const text = toString({type: 'paragraph', children: participant.nodes})
        const key = (participant.handle ?? text).toLowerCase()
        const bare = participant.handle ? text.toLowerCase() === `@${participant.handle.toLowerCase()}` : true
        if (seen.has(text.toLowerCase()) || (bare && seen.has(key))) {
          const written = toString({type: 'paragraph', children: nodes})
          file.data.removed!.push(written)
          file.message(`Unexpected duplicate participant \`${written}\`, expected each participant once`, {
            place: item.line === undefined ? undefined : {line: item.line, column: 1},
            ruleId: 'duplicate-participant',
            source: 'minutes'
          })
          continue
        }

        seen.add(key)
        seen.add(text.toLowerCase())
        listItems.push({type: 'listItem', spread: false, children: [{type: 'paragraph', children: participant.nodes}]})
        if (known.has(key)) continue
        known.add(key)
        file.data.participants!.push({handle: participant.handle, text, line: item.line})
        if (!participant.handle && (participant.invalid || !anyHandle.test(text))) {
          const invalid = participant.invalid
          file.message(
            invalid
              ? `Unexpected participant handle \`@${invalid}\`, expected a GitHub handle (1–39 letters, digits or single inner hyphens)`
              : `Unexpected participant \`${text}\` without a GitHub handle, expected \`@handle\` (or add the name to \`aliases\` in the configuration)`,
            {place: item.line === undefined ? undefined : {line: item.line, column: 1}, ruleId: 'participant-handle', source: 'minutes'}
          )
        }
      }

      return listItems
    }

    const list: List = {type: 'list', ordered: false, spread: false, children: toListItems(items)}
    children.splice(start, end - start, list)
  }
}

/** A one-line label without a handle, ending in a colon: `Storage team:`. */
function isGroupLabel(node: Paragraph): boolean {
  const text = toString(node)
  return !text.includes('\n') && /^\p{L}[^@:,()]{0,39}:$/u.test(text.trim()) && !labelledLine.test(text)
}

/** A list of names only (`- Ana`, `- @ben (Ben)`), as a group has. */
function isMemberList(node: RootContent | undefined): boolean {
  return (
    node?.type === 'list' &&
    node.children.every((item) => {
      const first = item.children[0]
      return isSimpleItem(item) && (!first || lines((first as Paragraph).children, undefined).every(isName))
    })
  )
}

/** The names of a group's list, one item each. */
function membersOf(list: List): Item[] {
  return list.children.flatMap((member) => {
    const first = member.children[0] as Paragraph | undefined
    return first ? attachNotes(lines(first.children, first.position?.start.line)).flatMap((line) => splitCommas(line, false)) : []
  })
}

/** A list item naming a group, with a sub-list of simple items. */
function isGroupItem(item: ListItem): boolean {
  const [paragraph, list, ...rest] = item.children
  // (`- @alice` with a sub-list is a person with notes, not a group.)
  return rest.length === 0 && paragraph?.type === 'paragraph' && item.checked == null && !anyHandle.test(toString(paragraph)) && isMemberList(list)
}

function isSimpleItem(item: ListItem): boolean {
  return item.children.length <= 1 && (item.children.length === 0 || item.children[0]!.type === 'paragraph') && item.checked == null
}

const anyHandle = /(?<![\w.])@[A-Za-z\d][\w.-]*/

function itemText(item: Item): string {
  // Without HTML: `<mark>a</mark>@b` reads as `a@b`, as `==a==@b` (a mark node) does.
  return toString({type: 'paragraph', children: item.nodes}, {includeHtml: false}).trim()
}

function hasHandle(item: Item): boolean {
  return anyHandle.test(itemText(item))
}

/** A line naming a person: a handle, or a few words without links or a colon at the end. */
function isName(item: Item): boolean {
  if (hasHandle(item)) return true
  const text = itemText(item)
  if (/[:?]$/.test(text) || text.startsWith('(')) return false
  if (item.nodes.some((node) => node.type === 'link' && !node.url.startsWith('mailto:'))) return false
  return text.split(',').every((part) => part.trim().split(/\s+/).length <= 4)
}

/** Lines of an item that name nobody (`(this list is incomplete)`) stay with the line before. */
function attachNotes(items: Item[]): Item[] {
  const result: Item[] = []
  for (const item of items) {
    const previous = result.at(-1)
    if (previous && !isName(item)) previous.nodes.push({type: 'break'}, ...item.nodes)
    else result.push(item)
  }

  return result
}

/** Remove the `Participants:` label from a paragraph; what remains, if anything. */
function stripLabel(node: Paragraph): Paragraph | undefined {
  const children = [...node.children]
  while (children.length > 0) {
    const first = children[0]!
    if (first.type === 'strong' || first.type === 'emphasis') {
      if (lineLabel.test(toString(first))) {
        children.shift()
        continue
      }
    } else if (first.type === 'text') {
      const stripped = first.value.replace(lineLabel, '').replace(/^\s*:\s*/, '')
      if (stripped !== first.value) {
        if (stripped) children[0] = {type: 'text', value: stripped}
        else children.shift()
        continue
      }
    } else if (first.type === 'break') {
      children.shift()
      continue
    }

    break
  }

  return children.length > 0 ? {type: 'paragraph', children, ...(node.position ? {position: node.position} : {})} : undefined
}

interface Normalised {
  handle: string | undefined
  invalid: string | undefined
  nodes: PhrasingContent[]
}

function normalise(nodes: PhrasingContent[], aliases: Map<string, string>): Normalised {
  const first = nodes[0]
  if (first?.type !== 'text') return {handle: undefined, invalid: undefined, nodes}
  const value = first.value

  const atStart = handleAtStart.exec(value)
  if (atStart) {
    const handle = atStart[1]!
    if (!validHandle.test(handle)) return {handle: undefined, invalid: handle, nodes}
    const rest = value.slice(atStart[0].length)
    return {handle, invalid: undefined, nodes: [{type: 'text', value: `@${handle}${rest}`}, ...nodes.slice(1)]}
  }

  // `Felix (@fkr)` → `@fkr (Felix)`
  const named = nodes.length === 1 ? handleInParentheses.exec(value) : null
  if (named?.groups && validHandle.test(named.groups.handle!)) {
    const rest = named.groups.rest ? ` ${named.groups.rest}` : ''
    return {handle: named.groups.handle, invalid: undefined, nodes: [{type: 'text', value: `@${named.groups.handle} (${named.groups.name!.trim()})${rest}`}]}
  }

  // A plain name with an alias: `Kurt Garloff (OSBA)` → `@garloff (OSBA)`.
  const text = toString({type: 'paragraph', children: nodes}).trim()
  const name = /^(?<name>[^()@,]+?)(?<rest>\s*\(.*\))?$/.exec(text)
  const alias = name?.groups ? aliases.get(name.groups.name!.toLowerCase()) : undefined
  if (alias && nodes.length === 1) {
    return {handle: alias, invalid: undefined, nodes: [{type: 'text', value: `@${alias} (${name!.groups!.name!})${name!.groups!.rest ?? ''}`}]}
  }

  const inside = /(?<![\w.])@([A-Za-z\d][\w-]*)/.exec(text)
  return {handle: inside && validHandle.test(inside[1]!) ? inside[1] : undefined, invalid: undefined, nodes}
}
