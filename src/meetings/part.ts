/**
 * One part of a pad cut by split.ts, parsed in a worker thread: what the
 * part proves about the pad (its top-level headings, nothing open at its
 * end) and, for a meeting's part, its text as a note of its own. A meeting
 * that is converted is parsed once: the conversion's own parse is the
 * part's (`convert`'s `inspect`).
 */
import type {Heading, Nodes, Root} from 'mdast'
import {visit} from '../util/visit.js'
import {VFile} from 'vfile'
import {blocks, liftMeeting, placeholder, shownText, templateLines, textLines} from './find.js'
import {datedBy, mayHaveDate, type Lift, type TopHeading} from './plan.js'
import {manyLines, type Part, type PartReport} from './split.js'

/** A tree and the Markdown its positions point into. */
export interface Parsed {
  tree: Root
  source: string
}

/** Parse with the block-only parser of `findMeetings`. */
function parseBlocks(text: string): Parsed {
  const file = new VFile({value: text})
  const tree = blocks().parse(file) as Root
  return {tree, source: file.data.parsedSource ?? text}
}

/**
 * The part's lines with its headings lifted the cheap way: `#`s dropped
 * from every ATX heading at column 1. Right unless a heading elsewhere
 * (in a list, a quote, setext) needs lifting too, or a line so lifted is
 * no heading (code): `liftedRight` tells.
 */
function liftAtColumnOne(text: string, lift: number): {text: string; lifts: Lift[]} {
  const lifts: Lift[] = []
  if (lift === 0) return {text, lifts}
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    const hashes = /^#{2,6}(?=[ \t]|$)/.exec(line)?.[0].length
    if (hashes === undefined) continue
    const steps = Math.min(lift, hashes - 1)
    lines[index] = line.slice(steps)
    lifts.push({line: index + 1, column: 1, shift: steps})
  }

  return {text: lines.join('\n'), lifts}
}

/** Every heading of `tree` is lifted as `liftMeeting` lifts it, and every lifted line is a heading. */
function liftedRight(tree: Root, lifts: readonly Lift[], raw: readonly string[], lift: number): boolean {
  const byLine = new Map(lifts.map((entry) => [entry.line, entry.shift]))
  let matched = 0
  let right = true
  visit(tree, 'heading', function (heading) {
    const {start, end} = heading.position!
    const applied = start.line === end.line && start.column === 1 ? byLine.get(start.line) : undefined
    if (applied !== undefined) matched++
    const steps = Math.max(0, Math.min(lift, rawDepth(heading, raw) - 1))
    if (steps !== (applied ?? 0)) right = false
  })
  return right && matched === lifts.length
}

/** A heading's level in the part as written (before lifting). */
function rawDepth(heading: Heading, raw: readonly string[]): number {
  const {start, end} = heading.position!
  if (start.line !== end.line) return raw[end.line - 1]!.trimStart().startsWith('=') ? 1 : 2
  return /^#*/.exec(raw[start.line - 1]!.slice(start.column - 1))![0].length
}

/** The top-level headings of the part, at their levels as written, with the dates they name. */
function topHeadings({tree, source}: Parsed, raw: readonly string[]): TopHeading[] {
  const headings: TopHeading[] = []
  for (const node of tree.children) {
    if (node.type !== 'heading') continue
    const first = node.children[0]?.position?.start.offset
    const last = node.children.at(-1)?.position?.end.offset
    const text = first === undefined || last === undefined ? '' : source.slice(first, last)
    const {line, column} = node.position!.start
    headings.push({line, column, depth: rawDepth(node, raw), ...(mayHaveDate.test(text) ? datedBy(shownText(text)) : {})})
  }

  return headings
}

/** The line after the part is a top-level heading: its last top-level block, parsed with that line after it, leaves nothing open. */
function endsClean({tree}: Parsed, lines: readonly string[], next: string | undefined): boolean {
  if (next === undefined) return true
  const last = tree.children.at(-1)
  const from = last ? last.position!.start.line - 1 : lines.length
  const tail = [...lines.slice(from), next].join('\n') + '\n'
  const closing = parseBlocks(tail).tree.children.at(-1)
  return closing?.type === 'heading' && closing.position!.start.line === tail.split('\n').length - 1
}

/** Lines of text that are not empty or placeholders, distinct; `many` above `manyLines`. */
function textOf({tree, source}: Parsed): string[] | 'many' {
  const lines = new Set(textLines(tree.children.slice(1) as Nodes[], source).filter((line) => line !== '' && !placeholder.test(line)))
  return lines.size > manyLines ? 'many' : [...lines]
}

/**
 * Parse a part. A meeting's part is lifted and handed to `convert`, which
 * calls `look` with the tree it parsed, before its transforms change it
 * (without `convert`, the part is parsed block by block); when the cheap
 * lift was not right, the part is lifted from its own parse, as
 * `findMeetings` lifts, and converted again.
 */
export async function searchPart(part: Part, convert?: (text: string, look: (parsed: Parsed) => void) => Promise<void>): Promise<PartReport> {
  const raw = part.text.split('\n')
  const parse = convert ?? (async (text: string, look: (parsed: Parsed) => void) => look(parseBlocks(text)))
  if (part.lift === undefined) {
    const parsed = parseBlocks(part.text)
    return {
      headings: topHeadings(parsed, raw),
      clean: endsClean(parsed, raw.slice(0, -1), part.next),
      ...(part.preamble ? {template: [...templateLines(parsed.tree.children, parsed.source)]} : {})
    }
  }

  const lift = part.lift
  let report: PartReport | undefined
  const search = async (text: string, lifts: Lift[], check: boolean) => {
    report = undefined
    await parse(text, function (parsed) {
      if (check && !liftedRight(parsed.tree, lifts, raw, lift)) return
      report = {
        headings: topHeadings(parsed, raw),
        clean: endsClean(parsed, text.split('\n').slice(0, -1), part.next),
        text,
        lifts,
        lines: textOf(parsed)
      }
    })
  }

  const cheap = liftAtColumnOne(part.text, lift)
  await search(cheap.text, cheap.lifts, true)
  if (!report) {
    // As findMeetings lifts, from the part's blocks (the pad's, when the cut is proved).
    const right = liftMeeting(parseBlocks(part.text).tree.children, raw.slice(0, -1), 1, lift)
    await search(right.text, right.lifts, false)
  }

  return report!
}
