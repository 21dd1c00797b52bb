/**
 * HedgeDoc 1.x syntax that remark cannot parse, rewritten before parsing:
 *
 * - `:::info|success|warning|danger` containers (markdown-it-container: also
 *   `::: info` and `:::info Title`, nested by longer fences, unclosed ones
 *   run to the end) become blockquotes whose first line is a GitHub alert
 *   marker (`> [!NOTE]`); `remarkAlerts` finishes them;
 * - sized images `![alt](src =WxH)` (markdown-it-imsize) become `<img>`;
 * - embeds `{%youtube id %}`, `{%vimeo %}`, `{%gist %}`, `{%slideshare %}`,
 *   `{%speakerdeck %}`, `{%pdf %}` become links.
 *
 * Why not a micromark extension: remark-directive does not accept markdown-it's
 * `::: info` / `:::info Title` forms, and in remark the `=WxH` and `{%pdf url%}`
 * forms are split by GFM autolink literals before any tree transform sees
 * them. So this plugin rewrites the source outside code, using a first parse
 * to know where code is, and only when a quick test finds such syntax. Line
 * numbers are kept, so positions in messages stay right.
 */
import type {Root, RootContent} from 'mdast'
import type {Processor} from 'unified'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'
import {hedgedocElements} from './html.js'

declare module 'vfile' {
  interface DataMap {
    /** The Markdown that was parsed, after HedgeDoc syntax was rewritten. */
    parsedSource: string
    /** Lines (1-based) that were container fences and are now blank. */
    containerLines: Set<number>
  }
}

/** HedgeDoc container name → GitHub alert type. */
const containerAlerts = {
  info: 'NOTE',
  success: 'TIP',
  warning: 'WARNING',
  danger: 'CAUTION'
} as const

const candidate = /^[ \t]*:::|\]\([^)\n]*\s=\d*x\d*[\s)"']|\{%/m
const containerOpen = /^([ \t]*)(:{3,})[ \t]*(\w+)(?:[ \t]+(.*?))?[ \t]*$/
const containerClose = /^([ \t]*)(:{3,})[ \t]*$/
const sizedImage =
  /(?<!\\)!\[([^\]\n]*)\]\([ \t]*(<[^>\n]*>|[^\s)]+)[ \t]+=(\d*)x(\d*)(?:[ \t]+("[^"\n]*"|'[^'\n]*'))?[ \t]*\)/g
const embed = /(?<!\\)\{%[ \t]*(youtube|vimeo|gist|slideshare|speakerdeck|pdf)\b[ \t]*(.*?)[ \t]*%\}/g
/** Both in one pass, so match offsets refer to the line as written. */
const inlineSyntax = new RegExp(`${sizedImage.source}|${embed.source}`, 'g')

/** Escape text for an HTML attribute value. */
export function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
}

/** Last path segment of a URL, for alt text. */
export function fileName(url: string): string {
  const path = url.split(/[?#]/)[0] ?? url
  const name = path.slice(path.lastIndexOf('/') + 1)
  try {
    return decodeURIComponent(name) || url
  } catch {
    return name || url
  }
}

function imageHtml(
  alt: string,
  source: string,
  width: string,
  height: string,
  title: string | undefined
): string {
  const url = source.startsWith('<') ? source.slice(1, -1) : source
  let html = `<img src="${attribute(url)}" alt="${attribute(alt || fileName(url))}"`
  if (width) html += ` width="${width}"`
  if (height) html += ` height="${height}"`
  if (title) html += ` title="${attribute(title.slice(1, -1))}"`
  return html + '>'
}

function embedMarkdown(kind: string, argument: string): string | undefined {
  switch (kind) {
    case 'youtube': {
      if (!/^[\w-]{11}$/.test(argument)) return undefined
      return `[![YouTube video ${argument}](https://img.youtube.com/vi/${argument}/hqdefault.jpg)](https://www.youtube.com/watch?v=${argument})`
    }

    case 'vimeo': {
      if (!/^\d{6,11}$/.test(argument)) return undefined
      return `[Vimeo video ${argument}](https://vimeo.com/${argument})`
    }

    case 'gist': {
      if (!/^\w+\/\w+$/.test(argument)) return undefined
      return `[Gist ${argument}](https://gist.github.com/${argument})`
    }

    case 'slideshare': {
      if (!/^\w+\/[\w-]+$/.test(argument)) return undefined
      return `[SlideShare ${argument}](https://www.slideshare.net/${argument})`
    }

    case 'speakerdeck': {
      if (!/^\w+\/[\w-]+$/.test(argument)) return undefined
      return `[Speaker Deck ${argument}](https://speakerdeck.com/${argument})`
    }

    default: {
      return /^https?:\/\/\S+$/.test(argument) ? `[PDF](${argument})` : undefined
    }
  }
}

/** Source ranges, sorted by start, with a binary search for overlaps. */
class Ranges {
  private readonly ranges: Array<[number, number]>

  constructor(ranges: Array<[number, number]>) {
    this.ranges = ranges.sort((a, b) => a[0] - b[0])
  }

  /** Does [start, end) overlap any range? (Ranges do not nest across each other.) */
  overlaps(start: number, end: number): boolean {
    let low = 0
    let high = this.ranges.length
    // The first range ending after `start`.
    while (low < high) {
      const middle = (low + high) >> 1
      if (this.ranges[middle]![1] <= start) low = middle + 1
      else high = middle
    }

    for (let index = Math.max(0, low - 1); index < this.ranges.length; index++) {
      const [from, to] = this.ranges[index]!
      if (from >= end) return false
      if (start < to && end > from) return true
    }

    return false
  }
}

/**
 * What must not be rewritten: `blocks` (code, HTML blocks, front matter) cover
 * whole lines, `fenced` only fenced code (in a container, indented code is
 * only known once its lines are quoted), `spans` adds inline code and HTML.
 */
function protectedRanges(tree: Root, source: string): {blocks: Ranges; fenced: Ranges; spans: Ranges; quotedSpans: Ranges} {
  const blocks: Array<[number, number]> = []
  const fenced: Array<[number, number]> = []
  const spans: Array<[number, number]> = []
  const quotedSpans: Array<[number, number]> = []
  visit(tree, function (node: Root | RootContent, _, parent) {
    if (node.type !== 'code' && node.type !== 'inlineCode' && node.type !== 'html' && node.type !== 'yaml') return
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (start === undefined || end === undefined) return
    spans.push([start, end])
    const flow = node.type === 'code' || node.type === 'yaml' || (node.type === 'html' && (!parent || !('type' in parent) || ['root', 'blockquote', 'listItem'].includes(parent.type)))
    if (flow) blocks.push([start, end])
    const indentedCode = node.type === 'code' && !/^[ \t]*(?:`{3,}|~{3,})/.test(source.slice(start, start + 64))
    if (node.type === 'code' && !indentedCode) fenced.push([start, end])
    if (!indentedCode) quotedSpans.push([start, end])
  })
  return {blocks: new Ranges(blocks), fenced: new Ranges(fenced), spans: new Ranges(spans), quotedSpans: new Ranges(quotedSpans)}
}

interface OpenContainer {
  indent: number
  fence: number
}

/**
 * Rewrite HedgeDoc syntax in one pass over the lines; `tree` is a parse of
 * `source`: containers become quotes with alert markers (closing fences
 * become blank lines, added to `blank`), sized images and embeds become what
 * GitHub shows. A sized image alone on the first line of a paragraph stays a
 * Markdown image (without its size): as `<img>` it would open an HTML block
 * that swallows the lines after it.
 */
function rewriteHedgedocSyntax(source: string, tree: Root, blank: Set<number> = new Set()): string {
  const {blocks, fenced, spans, quotedSpans} = protectedRanges(tree, source)
  const lines = source.split('\n')
  const stack: OpenContainer[] = []
  let offset = 0

  return lines
    .map(function (line, index) {
      const lineStart = offset
      offset += line.length + 1
      const literal = (stack.length > 0 ? fenced : blocks).overlaps(lineStart, lineStart + Math.max(line.length, 1))
      if (literal) return stack.length > 0 ? quote(line, stack) : line

      const close = containerClose.exec(line)
      const top = stack.at(-1)
      if (close && top && close[2]!.length >= top.fence) {
        stack.pop()
        blank.add(index + 1)
        return stack.length > 0 ? containerLine('', stack) : ''
      }

      const open = containerOpen.exec(line)
      if (open && open[3]! in containerAlerts) {
        const alert = containerAlerts[open[3] as keyof typeof containerAlerts]
        const title = open[4] ? ' ' + rewriteInline(open[4], lineStart + line.length - open[4].length, spans, '') : ''
        stack.push({indent: stack[0]?.indent ?? open[1]!.length, fence: open[2]!.length})
        return containerLine(`[!${alert}]${title}`, stack)
      }

      const rewritten = rewriteInline(line, lineStart, stack.length > 0 ? quotedSpans : spans, lines[index + 1] ?? '')
      return stack.length > 0 ? quote(rewritten, stack) : rewritten
    })
    .join('\n')
    .replace(/(?:\n[ \t>]*)+$/, (trailing) => (stack.length > 0 ? trailing.replace(/[^\n]/g, '') : trailing))
}

/** Sized images and embeds of one line; `lineStart` is its offset in the source. */
function rewriteInline(line: string, lineStart: number, spans: Ranges, next: string): string {
  if (!line.includes('{%') && !line.includes('=')) return line
  return line.replace(inlineSyntax, function (match: string, ...groups: Array<string | number | undefined>) {
    const [alt, src, width, height, title, kind, argument, at] = groups as [string?, string?, string?, string?, string?, string?, string?, number?]
    const start = lineStart + at!
    if (spans.overlaps(start, start + match.length)) return match
    if (kind !== undefined) return embedMarkdown(kind, argument ?? '') ?? match
    const before = line.slice(0, at)
    const alone = /^[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|>)[ \t]+)*$/.test(before) && !line.slice(at! + match.length).trim()
    if (alone && next.trim() && !/^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]/.test(next)) {
      return `![${alt ?? ''}](${src}${title ? ' ' + title : ''})`
    }

    return imageHtml(alt ?? '', src!, width ?? '', height ?? '', title)
  })
}

/** A content line inside open containers, without the outer container's indentation. */
function quote(line: string, stack: OpenContainer[]): string {
  let content = line
  let strip = stack[0]!.indent
  while (strip > 0 && /^[ \t]/.test(content)) {
    content = content.slice(1)
    strip--
  }

  return containerLine(content, stack)
}

/**
 * A line starting with a tag HedgeDoc does not render (`<tenant>`, `<USER>`)
 * opens an HTML block in CommonMark, which swallows the lines after it;
 * HedgeDoc's sanitizer shows such a tag as text. Escaping its `<` makes it
 * text here too, and the lines after it Markdown again.
 */
function escapeUnknownBlockTags(source: string, tree: Root): string {
  const offsets: number[] = []
  visit(tree, 'html', function (node, _, parent) {
    if (parent && !['root', 'blockquote', 'listItem'].includes(parent.type)) return
    const tag = /^([ \t]*)<\/?([A-Za-z][\w-]*)/.exec(node.value)
    const name = tag?.[2]?.toLowerCase()
    const offset = node.position?.start.offset
    if (name && !hedgedocElements.has(name) && offset !== undefined) offsets.push(offset + tag![1]!.length)
  })
  let result = source
  for (const offset of offsets.sort((a, b) => b - a)) result = result.slice(0, offset) + '\\' + result.slice(offset)
  return result
}

/** A line inside open containers: their indentation, one `>` each, content. */
function containerLine(content: string, stack: OpenContainer[]): string {
  const head = ' '.repeat(stack[0]!.indent) + stack.map(() => '>').join(' ')
  return content.trim() ? `${head} ${content}` : head
}

/**
 * Plugin: wrap the parser so HedgeDoc-only syntax is rewritten first.
 * Must be used after remark-parse.
 */
export default function remarkHedgedocSyntax(this: Processor) {
  const parse = this.parser
  if (!parse) throw new Error('remarkMinutesHedgedocSyntax must be used after remark-parse')
  this.parser = function (document: string, file: VFile) {
    let tree = parse(document, file) as Root
    // What the parser saw (huge or deeply nested notes are limited first).
    let source = file.data.parsedSource ?? document
    if (/^[ \t]*(?:[-*+>]\s+|\d+[.)]\s+)*<[A-Za-z]/m.test(source)) {
      const escaped = escapeUnknownBlockTags(source, tree)
      if (escaped !== source) {
        file.data.parsedSource = source = escaped
        tree = parse(source, file) as Root
      }
    }

    if (!candidate.test(source)) return tree
    const blank = new Set<number>()
    const rewritten = rewriteHedgedocSyntax(source, tree, blank)
    if (rewritten === source) return tree
    if (blank.size > 0) file.data.containerLines = blank
    file.data.parsedSource = rewritten
    return parse(rewritten, file) as Root
  }
}
