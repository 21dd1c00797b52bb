/**
 * Parsing huge and pathological notes without crashing or taking hours.
 *
 * - micromark recurses per nesting level and its event edit map grows
 *   superlinearly with the blocks of one document (micromark/micromark#169,
 *   wooorm/markdown-rs#113): 10,000 nested quotes overflow the stack, 1,000
 *   nested list levels take minutes, a few MB of notes take hours.
 * - So nesting beyond `maxDepth` is flattened before parsing (deeper quote
 *   markers and indentation are capped, emphasis runs longer than that are
 *   escaped), with a warning naming the line; no text is lost.
 * - A large note is parsed in chunks cut where any parser would start a new
 *   top-level block (a line at column 0 after a blank line, outside fenced
 *   code, raw HTML and containers), and the trees are joined with their
 *   positions shifted; a list cut in two is joined again.
 *
 * No parser offers either (markdown-it has a nesting limit, micromark has
 * none), hence this wrapper. It must be used right after remark-parse.
 */
import type {List, Nodes, Root, RootContent} from 'mdast'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'

export interface Options {
  /** Deepest quote or list nesting kept; deeper lines are flattened. Default: `32`. */
  maxDepth?: number
  /** Notes longer than this many characters are parsed in chunks. Default: `16384`. */
  chunkSize?: number
}

const fence = /^[ \t]*(`{3,}|~{3,})/
const htmlStart = /^ {0,3}<(?:(script|pre|style|textarea)[\s>]|(!--)|(\?)|(![A-Za-z])|(!\[CDATA\[))/i
const htmlEnd: Record<string, RegExp> = {
  script: /<\/(?:script|pre|style|textarea)>/i,
  comment: /-->/,
  processing: /\?>/,
  declaration: />/,
  cdata: /\]\]>/
}

/** Tracks whether a line is inside fenced code or a raw HTML block (types 1–5). */
class BlockTracker {
  private fence: string | undefined
  private html: RegExp | undefined
  private containers = 0

  /** Update with `line`; true when the line is literal content. */
  literal(line: string): boolean {
    if (this.fence) {
      const match = fence.exec(line)
      if (match && match[1]![0] === this.fence[0] && match[1]!.length >= this.fence.length && !line.slice(match[0].length).trim()) {
        this.fence = undefined
      }

      return true
    }

    if (this.html) {
      if (this.html.test(line)) this.html = undefined
      return true
    }

    const opening = fence.exec(line)
    if (opening) {
      this.fence = opening[1]
      return true
    }

    const html = htmlStart.exec(line)
    if (html) {
      const end = html[1] ? htmlEnd.script! : html[2] ? htmlEnd.comment! : html[3] ? htmlEnd.processing! : html[4] ? htmlEnd.declaration! : htmlEnd.cdata!
      if (!end.test(line.slice(html[0].length))) this.html = end
      return true
    }

    if (/^[ \t]*:{3,}[ \t]*\w/.test(line)) this.containers++
    else if (/^[ \t]*:{3,}[ \t]*$/.test(line) && this.containers > 0) this.containers--
    return false
  }

  get inContainer(): boolean {
    return this.containers > 0
  }
}

function width(whitespace: string): number {
  let columns = 0
  for (const char of whitespace) columns += char === '\t' ? 4 - (columns % 4) : 1
  return columns
}

/** Flatten nesting deeper than `maxDepth`; reports each flattened line. */
function limitNesting(document: string, maxDepth: number, report: (line: number, what: string) => void): string {
  const quoteRun = new RegExp(`^((?:[ \\t]{0,3}>){${maxDepth + 1},})`)
  const emphasisRun = new RegExp(`[*_]{${maxDepth + 1},}`, 'g')
  const maxIndent = maxDepth * 2
  // A cheap test first: most notes have none of it.
  const deepQuote = new RegExp(`(?:^|\\n)(?:[ \\t]{0,3}>){${maxDepth + 1}}`)
  const deepIndent = new RegExp(`(?:^|\\n)[ \\t]{${Math.ceil(maxIndent / 4) + 1},}`)
  if (!deepQuote.test(document) && !deepIndent.test(document) && !emphasisRun.test(document)) return document

  const tracker = new BlockTracker()
  const lines = document.split('\n')
  for (const [index, line] of lines.entries()) {
    if (tracker.literal(line)) continue
    let result = line
    const quotes = quoteRun.exec(result)
    if (quotes) {
      result = '>'.repeat(maxDepth) + ' ' + result.slice(quotes[0].length).replace(/^[ \t]/, '')
      report(index + 1, `quotes nested ${quotes[0].split('>').length - 1} deep`)
    }

    const indent = /^[ \t]*/.exec(result)![0]
    if (width(indent) > maxIndent) {
      result = ' '.repeat(maxIndent) + result.slice(indent.length)
      report(index + 1, `indentation of ${width(indent)} columns`)
    }

    emphasisRun.lastIndex = 0
    if (emphasisRun.test(result)) {
      result = result.replace(emphasisRun, (run) => run.replace(/[*_]/g, '\\$&'))
      report(index + 1, 'a run of more emphasis markers than any nesting needs')
    }

    lines[index] = result
  }

  return lines.join('\n')
}

/** Line indices where a note can be cut into independently parsed chunks. */
function cuts(lines: string[], chunkSize: number): number[] {
  const result: number[] = []
  const tracker = new BlockTracker()
  let size = 0
  let previousBlank = false
  let inFrontmatter = lines[0] === '---'
  for (const [index, line] of lines.entries()) {
    if (inFrontmatter) {
      if (index > 0 && (line === '---' || line === '...')) inFrontmatter = false
      size += line.length + 1
      continue
    }

    const literal = tracker.literal(line)
    if (size >= chunkSize && previousBlank && !literal && !tracker.inContainer && /^[^\s]/.test(line)) {
      result.push(index)
      size = 0
    }

    size += line.length + 1
    previousBlank = !literal && line.trim() === ''
  }

  return result
}

function shift(tree: Root, lines: number, offset: number): void {
  visit(tree, function (node: Nodes) {
    const position = node.position
    if (!position) return
    position.start = {...position.start, line: position.start.line + lines, offset: (position.start.offset ?? 0) + offset}
    position.end = {...position.end, line: position.end.line + lines, offset: (position.end.offset ?? 0) + offset}
  })
}

/** The marker of a list in the source: `-`, `*`, `+`, `.` or `)`. */
function marker(list: List, source: string): string | undefined {
  const offset = list.position?.start.offset
  if (offset === undefined) return undefined
  const match = /^[ \t]*(?:([-*+])|\d{1,9}([.)]))/.exec(source.slice(offset, offset + 16))
  return match ? (match[1] ?? match[2]) : undefined
}

/** Join chunk trees; a list cut at a chunk boundary becomes one (loose) list again. */
function join(trees: Root[], source: string): Root {
  const children: RootContent[] = []
  for (const tree of trees) {
    const first = tree.children[0]
    const last = children.at(-1)
    if (last?.type === 'list' && first?.type === 'list' && last.ordered === first.ordered && marker(last, source) === marker(first, source)) {
      last.children.push(...first.children)
      last.spread = true
      if (last.position && first.position) last.position = {start: last.position.start, end: first.position.end}
      children.push(...tree.children.slice(1))
    } else {
      children.push(...tree.children)
    }
  }

  const end = trees.at(-1)?.position?.end
  const start = trees[0]?.position?.start
  return start && end ? {type: 'root', children, position: {start, end}} : {type: 'root', children}
}

export default function remarkParseGuard(this: Processor, options: Options = {}) {
  const parse = this.parser
  if (!parse) throw new Error('remarkMinutesParseGuard must be used after remark-parse')
  const maxDepth = options.maxDepth ?? 32
  const chunkSize = options.chunkSize ?? 16_384

  this.parser = function (document: string, file: VFile) {
    const limited = limitNesting(document, maxDepth, function (line, what) {
      file.message(`Unexpected ${what}, expected at most ${maxDepth} levels; flattened`, {
        place: {line, column: 1},
        ruleId: 'nesting',
        source: 'minutes'
      })
    })
    if (limited !== document) file.data.parsedSource = limited

    // Definitions are global to a document: never cut a note that has some.
    if (limited.length <= chunkSize || /^ {0,3}\[[^\]]+\]:/m.test(limited)) return parse(limited, file) as Root

    const lines = limited.split('\n')
    const trees: Root[] = []
    let from = 0
    let offset = 0
    for (const cut of [...cuts(lines, chunkSize), lines.length]) {
      const text = lines.slice(from, cut).join('\n') + (cut < lines.length ? '\n' : '')
      const tree = parse(text, file) as Root
      shift(tree, from, offset)
      trees.push(tree)
      offset += text.length
      from = cut
    }

    return join(trees, limited)
  }
}
