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

declare module 'vfile' {
  interface DataMap {
    /** The Markdown that was parsed, after HedgeDoc syntax was rewritten. */
    parsedSource: string
    /** Lines (1-based) that were container fences and are now blank. */
    containerLines: Set<number>
  }
}

/** HedgeDoc container name → GitHub alert type. */
export const containerAlerts = {
  info: 'NOTE',
  success: 'TIP',
  warning: 'WARNING',
  danger: 'CAUTION'
} as const

const candidate = /^[ \t]*:::|\]\([^)\n]*\s=\d*x\d*[\s)"']|\{%/m
const containerOpen = /^([ \t]*)(:{3,})[ \t]*(\w+)(?:[ \t]+(.*?))?[ \t]*$/
const containerClose = /^([ \t]*)(:{3,})[ \t]*$/
const sizedImage =
  /!\[([^\]\n]*)\]\([ \t]*(<[^>\n]*>|[^\s)]+)[ \t]+=(\d*)x(\d*)(?:[ \t]+("[^"\n]*"|'[^'\n]*'))?[ \t]*\)/g
const embed = /\{%[ \t]*(youtube|vimeo|gist|slideshare|speakerdeck|pdf)\b[ \t]*(.*?)[ \t]*%\}/g

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

/** Offsets that must not be rewritten (code, inline code, raw HTML). */
function protectedRanges(tree: Root): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  visit(tree, function (node: Root | RootContent) {
    if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'html' || node.type === 'yaml') {
      const start = node.position?.start.offset
      const end = node.position?.end.offset
      if (start !== undefined && end !== undefined) ranges.push([start, end])
    }
  })
  return ranges
}

function isProtected(ranges: Array<[number, number]>, start: number, end: number): boolean {
  return ranges.some(([from, to]) => start < to && end > from)
}

interface OpenContainer {
  indent: number
  fence: number
}

/**
 * Rewrite HedgeDoc-only syntax; `tree` is a first parse of `source`. Closing
 * container fences become blank lines, which are added to `blank`.
 */
export function rewriteHedgedocSyntax(source: string, tree: Root, blank: Set<number> = new Set()): string {
  const ranges = protectedRanges(tree)
  const lines = source.split('\n')
  const stack: OpenContainer[] = []
  let offset = 0

  for (const [index, original] of lines.entries()) {
    const lineStart = offset
    offset += original.length + 1
    const inCode = isProtected(ranges, lineStart, lineStart + Math.max(original.length, 1))
    let line = original

    if (!inCode) {
      line = line.replace(sizedImage, function (match, alt: string, src: string, w: string, h: string, title: string | undefined, at: number) {
        const start = lineStart + at
        return isProtected(ranges, start, start + match.length)
          ? match
          : imageHtml(alt, src, w, h, title)
      })
      line = line.replace(embed, function (match, kind: string, argument: string, at: number) {
        const start = lineStart + at
        if (isProtected(ranges, start, start + match.length)) return match
        return embedMarkdown(kind, argument) ?? match
      })
    }

    const close = inCode ? null : containerClose.exec(line)
    const open = inCode ? null : containerOpen.exec(line)
    const top = stack.at(-1)

    if (close && top && close[2]!.length >= top.fence) {
      stack.pop()
      lines[index] = stack.length > 0 ? containerLine('', stack) : ''
      blank.add(index + 1)
      continue
    }

    if (open && open[3]! in containerAlerts) {
      const alert = containerAlerts[open[3] as keyof typeof containerAlerts]
      const title = open[4] ? ' ' + open[4] : ''
      stack.push({indent: stack[0]?.indent ?? open[1]!.length, fence: open[2]!.length})
      lines[index] = containerLine(`[!${alert}]${title}`, stack)
      continue
    }

    if (stack.length > 0) {
      let content = line
      let strip = stack[0]!.indent
      while (strip > 0 && /^[ \t]/.test(content)) {
        content = content.slice(1)
        strip--
      }

      lines[index] = containerLine(content, stack)
    } else {
      lines[index] = line
    }
  }

  return lines.join('\n')
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
  if (!parse) throw new Error('remarkHedgedocSyntax must be used after remark-parse')
  this.parser = function (document: string, file: VFile) {
    const tree = parse(document, file) as Root
    // What the parser saw (huge or deeply nested notes are limited first).
    const seen = file.data.parsedSource ?? document
    if (!candidate.test(seen)) return tree
    const blank = new Set<number>()
    const rewritten = rewriteHedgedocSyntax(seen, tree, blank)
    if (rewritten === seen) return tree
    file.data.containerLines = blank
    file.data.parsedSource = rewritten
    return parse(rewritten, file)
  }
}
