/**
 * Heading structure: exactly one H1, first; a note whose top level is H2 is
 * promoted; further H1s (slide decks) are demoted under the title with their
 * sections; skipped levels are closed; trailing punctuation (`Agenda:`) is
 * removed. Setext headings become ATX when stringified.
 *
 * markdownlint also rejects a bold line standing for a heading (MD036) and
 * two sibling headings with the same text (MD024, as slide decks repeat a
 * slide's title on its continuation slides). A top-level paragraph that is
 * only bold or italic text becomes a heading one level below its section; a
 * continuation (a heading repeating the one just before it at its level,
 * after a slide separator or in a slide deck) is removed and its sections
 * merge; other repeats, repeated labels (`**Decision**`) among them, get a
 * number (`Decision (2)`), so no text is lost.
 *
 * Also finds the meeting date (`YYYY-MM-DD`) from the H1, the front matter
 * (`date:`) or the file name (`20230726.md`), and the title: the front
 * matter `title`, a top-level H1, the first heading if it opens the note (a
 * participants label such as `**Attendees**` does not) or names a date, else
 * the date, else the file name (`weekly-call.md` → `weekly-call`). Text and
 * headings keep their order below a title that is made.
 */
import type {Heading, Parents, Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import {toString} from 'mdast-util-to-string'
import {SKIP, visit} from '../util/visit.js'
import {calendarDate, dateOf} from '../util/date.js'
import {isParticipantsHeading} from '../util/participants.js'
import {visitFlow} from '../util/tree.js'

declare module 'vfile' {
  interface DataMap {
    /** Text removed on purpose (repeated headings, duplicate participants, …). */
    removed: string[]
    /** Text of the note's H1. */
    title: string
    /** Meeting date, `YYYY-MM-DD`. */
    date: string
    /** Where the date was found. */
    dateSource: 'option' | 'heading' | 'frontmatter' | 'filename'
    /** Date found in the file name, when there is one. */
    fileDate: string
    /** Date found in the H1, when there is one. */
    headingDate: string
  }
}

export interface Options {
  /** Meeting date to use (`YYYY-MM-DD`), overriding what the note says. Default: found in the note. */
  date?: string
}

type Level = Heading['depth']

const trailingPunctuation = /[\s.,;:!。，；：！]+$/

/** Valid `YYYY-MM-DD` from parts, or `undefined`. */
function isoDate(year: string, month: string, day: string): string | undefined {
  return calendarDate(year, month, day)
}

/** Find a date in free text: `2023-07-26`, `2023–07–26`, `26.07.2023`. */
function findDate(text: string): string | undefined {
  const iso = /(?<!\d)(\d{4})[-–./](\d{1,2})[-–./](\d{1,2})(?!\d)/.exec(text)
  if (iso) return isoDate(iso[1]!, iso[2]!, iso[3]!)
  const german = /(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)/.exec(text)
  if (german) return isoDate(german[3]!, german[2]!, german[1]!)
  return undefined
}

/** A date written in `text` (as `findDate` reads them) that is no day of the calendar, such as `2024-13-01`. */
function impossibleDate(text: string): string | undefined {
  const iso = /(?<!\d)(\d{4})[-–./](\d{1,2})[-–./](\d{1,2})(?!\d)/.exec(text)
  if (iso) return isoDate(iso[1]!, iso[2]!, iso[3]!) ? undefined : iso[0]
  const german = /(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)/.exec(text)
  if (german) return isoDate(german[3]!, german[2]!, german[1]!) ? undefined : german[0]
  return undefined
}

/** Find a date in a file name: `20230726.md`, `2023-07-26-notes.md`. */
function findFileDate(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1)
  const compact = /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/.exec(name)
  if (compact) return isoDate(compact[1]!, compact[2]!, compact[3]!)
  return findDate(name)
}

function clamp(depth: number): Level {
  return Math.min(6, Math.max(1, depth)) as Level
}

/** Remove trailing punctuation markdownlint rejects (MD026). */
function trimTrailingPunctuation(heading: Heading): void {
  for (;;) {
    const last = heading.children.at(-1)
    if (last?.type !== 'text') return
    const trimmed = last.value.replace(trailingPunctuation, '')
    if (trimmed === last.value) return
    if (!trimmed) {
      // A text of only punctuation after other content (`<b>Agenda</b>:`).
      if (heading.children.length === 1) return
      heading.children.pop()
      continue
    }

    last.value = trimmed
    delete last.data
    return
  }
}

const endsWithPunctuation = /[.,;:!?。，；：！？]$/

/** A top-level paragraph that is only bold or italic plain text: a heading in disguise. */
function headingInDisguise(node: RootContent): string | undefined {
  if (node.type !== 'paragraph') return undefined
  // Sized images become `<img>` later: HTML, as the output reads back.
  const meaningful = node.children.filter((child) => child.type !== 'html' && !(child.type === 'image' && child.data?.imageSize) && !(child.type === 'text' && !child.value.trim()))
  const only = meaningful[0]
  if (meaningful.length !== 1 || (only?.type !== 'strong' && only?.type !== 'emphasis')) return undefined
  const text = only.children.length === 1 && only.children[0]!.type === 'text' ? only.children[0]!.value : undefined
  return text && !text.includes('\n') && !endsWithPunctuation.test(text) ? text : undefined
}

/** Turn disguised headings into headings; returns the headings made (labels). */
function promoteDisguisedHeadings(tree: Root): Set<Heading> {
  const labels = new Set<Heading>()
  let depth = 1
  for (const [index, node] of tree.children.entries()) {
    if (node.type === 'heading') {
      depth = node.depth
      continue
    }

    // Inside an HTML element (a definition, a `<details>` block) it is content.
    const previous = tree.children[index - 1]
    const inElement = previous?.type === 'html' && /(?:<dd>|<dt>|<\/summary>)\s*$/.test(previous.value)
    const text = inElement ? undefined : headingInDisguise(node)
    if (text !== undefined) {
      const heading: Heading = {type: 'heading', depth: clamp(depth + 1), children: [{type: 'text', value: text}], position: node.position}
      tree.children[index] = heading
      labels.add(heading)
    }
  }

  return labels
}

interface Frame {
  depth: number
  /** Child headings by text, with the frame each opened. */
  children: Map<string, Frame>
  /** Next number to try for a repeated text. */
  numbers: Map<string, number>
  /** Text of the last child heading. */
  last: string | undefined
}

/**
 * Merge or number sibling headings with the same text (MD024). Only a
 * continuation merges: an authored heading repeating the one just before it
 * at its level, right after a slide separator (`---`) or in a slide deck, as
 * a deck repeats a slide's title on the slides that continue it. Any other
 * repeat, a label (`**Decision**` … `**Decision**`) above all, is numbered,
 * so no text is lost.
 */
function deduplicateSiblings(found: Array<{node: Heading; parent: Parents}>, removed: string[], labels: Set<Heading>, slides: boolean): void {
  const stack: Frame[] = [{depth: 0, children: new Map(), numbers: new Map(), last: undefined}]
  for (const {node, parent} of found) {
    while (stack.at(-1)!.depth >= node.depth) stack.pop()
    const frame = stack.at(-1)!
    let text = toString(node).trim()
    const earlier = frame.children.get(text)
    const previous = parent.children[parent.children.indexOf(node as never) - 1]
    const continuation = !labels.has(node) && (slides || previous?.type === 'thematicBreak')
    if (earlier && frame.last === text && continuation) {
      parent.children.splice(parent.children.indexOf(node as never), 1)
      removed.push(text)
      stack.push(earlier)
      continue
    }

    if (earlier) {
      let number = frame.numbers.get(text) ?? 2
      while (frame.children.has(`${text} (${number})`)) number++
      frame.numbers.set(text, number + 1)
      node.children.push({type: 'text', value: ` (${number})`})
      text = `${text} (${number})`
    }

    const own: Frame = {depth: node.depth, children: new Map(), numbers: new Map(), last: undefined}
    frame.children.set(text, own)
    frame.last = text
    stack.push(own)
  }
}

function isMeta(node: RootContent): boolean {
  // (A leading `---` is dropped later, see tidy.ts.)
  return node.type === 'yaml' || node.type === 'definition' || node.type === 'thematicBreak' || (node.type === 'html' && node.value.startsWith('<!--'))
}

export default function remarkHeadings(options: Options = {}) {
  return function (tree: Root, file: VFile) {
    const labels = promoteDisguisedHeadings(tree)
    const found: Array<{node: Heading; parent: Parents}> = []
    visitFlow(tree, function (node, index, parent) {
      if (node.type !== 'heading' || !parent || index === undefined) return undefined
      // Empty headings show nothing; drop them.
      if (!toString(node).trim() && !node.children.some((child) => child.type === 'image' || child.type === 'html')) {
        parent.children.splice(index, 1)
        return [SKIP, index]
      }

      found.push({node, parent})
      return SKIP
    })
    const headings = found.map(({node}) => node)

    const frontmatterTitle = file.data.frontmatterTitle
    const fileDate = file.path ? findFileDate(file.path) : undefined
    const name = file.path ? file.path.slice(file.path.lastIndexOf('/') + 1) : ''
    const frontmatterDate = file.data.frontmatter?.date
    const metaDate =
      frontmatterDate instanceof Date
        ? dateOf(frontmatterDate)
        : typeof frontmatterDate === 'string'
          ? findDate(frontmatterDate)
          : undefined
    // The title is a top-level H1; one in a list or quote is just a heading.
    let title = headings.find((heading) => heading.depth === 1 && tree.children.includes(heading as RootContent))
    for (const heading of headings) {
      if (heading.depth === 1 && heading !== title && !tree.children.includes(heading as RootContent)) heading.depth = 2
    }

    if (!title && frontmatterTitle) {
      title = {type: 'heading', depth: 1, children: [{type: 'text', value: frontmatterTitle}]}
    } else if (!title && headings.length > 0) {
      // A first heading that opens the note or names a date is the title
      // (`## 2026-06-04`); otherwise the date is, and the headings stay.
      // (A participants label, `**Attendees**`, is a section, not the title.)
      const first = headings[0]!
      const opens = tree.children.find((node) => !isMeta(node)) === first && !isParticipantsHeading(toString(first))
      if (opens || findDate(toString(first))) {
        first.depth = 1
        title = first
      }
    }

    // Otherwise the date is the title, or the file name: text and headings
    // keep their order below it.
    const fallback = options.date ?? metaDate ?? fileDate ?? fileTitle(name)
    if (!title && fallback !== undefined && tree.children.some((node) => !isMeta(node))) {
      title = {type: 'heading', depth: 1, children: [{type: 'text', value: fallback}]}
    }

    if (title && !headings.includes(title)) {
      headings.unshift(title)
      found.unshift({node: title, parent: tree})
      tree.children.splice(firstContentIndex(tree), 0, title)
    }

    if (title) {
      // The title goes first when it is a top-level node preceded by content.
      const index = tree.children.indexOf(title as RootContent)
      const first = firstContentIndex(tree)
      if (index > first) {
        tree.children.splice(index, 1)
        tree.children.splice(first, 0, title)
        headings.splice(headings.indexOf(title), 1)
        headings.unshift(title)
      }

      // Further H1s open sections that are demoted by one level.
      let demote = false
      for (const heading of headings) {
        if (heading === title) continue
        if (heading.depth === 1) demote = true
        if (demote) heading.depth = clamp(heading.depth + 1)
      }

      // Close skipped levels, keeping each heading's place in the outline.
      const stack: Array<{original: number; depth: number}> = []
      for (const heading of headings) {
        while (stack.length > 0 && stack.at(-1)!.original >= heading.depth) stack.pop()
        const depth = clamp((stack.at(-1)?.depth ?? 0) + 1)
        stack.push({original: heading.depth, depth})
        heading.depth = depth
      }
    }

    for (const heading of headings) {
      trimTrailingPunctuation(heading)
      // A heading of several lines (setext) keeps its line breaks as `<br>`,
      // so it can be written as one ATX line; also those inside emphasis or
      // a mark (`++a\nb++`, whose `<ins>` puts them in the heading later).
      visit(heading, 'break', function (_, index, parent) {
        if (parent && index !== undefined) parent.children[index] = {type: 'html', value: '<br>'}
      })
    }
    file.data.removed ??= []
    const order = new Map(headings.map((heading, index) => [heading, index]))
    found.sort((a, b) => order.get(a.node)! - order.get(b.node)!)
    deduplicateSiblings(found, file.data.removed, labels, file.data.frontmatter?.type === 'slide')

    const titleText = title ? toString(title).trim() : undefined
    if (titleText) file.data.title = titleText
    const headingDate = titleText ? findDate(titleText) : undefined
    if (headingDate) file.data.headingDate = headingDate
    if (fileDate) file.data.fileDate = fileDate
    // A date that is no day of the calendar is not taken, and is named.
    const impossible = (where: string, text: string, place: {line: number; column: number}) => {
      file.message(`Unexpected date \`${text}\` in ${where}, which is no day of the calendar, expected a date such as 2023-07-26`, {place, ruleId: 'missing-date', source: 'minutes'})
    }

    const titleImpossible = titleText && !headingDate ? impossibleDate(titleText) : undefined
    if (titleImpossible) impossible('the title', titleImpossible, title?.position?.start ?? {line: 1, column: 1})
    const frontmatterImpossible =
      frontmatterDate instanceof Date && !metaDate ? String(file.data.frontmatter?.date) : typeof frontmatterDate === 'string' && !metaDate ? impossibleDate(frontmatterDate) : undefined
    if (frontmatterImpossible) impossible('the front matter', frontmatterImpossible, {line: 1, column: 1})
    const compact = /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/.exec(name)
    const fileImpossible = !fileDate && name ? (compact && /^(19|20)/.test(compact[0]) ? compact[0] : compact ? undefined : impossibleDate(name)) : undefined
    if (fileImpossible) impossible('the file name', fileImpossible, {line: 1, column: 1})

    if (options.date) {
      file.data.date = options.date
      file.data.dateSource = 'option'
    } else if (headingDate) {
      file.data.date = headingDate
      file.data.dateSource = 'heading'
    } else if (metaDate) {
      file.data.date = metaDate
      file.data.dateSource = 'frontmatter'
    } else if (fileDate) {
      file.data.date = fileDate
      file.data.dateSource = 'filename'
    }

    if (!title && tree.children.some((node) => !isMeta(node))) {
      file.message('Unexpected note without a title, expected a `# Title` heading, a `title:` in the front matter, a date or a file name', {
        place: {line: 1, column: 1},
        ruleId: 'heading-structure',
        source: 'minutes'
      })
    }
  }
}

/** A title from a file name: `weekly-sync.md` → `weekly-sync`. */
function fileTitle(name: string): string | undefined {
  return name.replace(/\.[^.]*$/, '').trim() || undefined
}

/** Index after the front matter: where the title belongs. */
function firstContentIndex(tree: Root): number {
  return tree.children[0]?.type === 'yaml' ? 1 : 0
}
