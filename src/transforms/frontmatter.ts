/**
 * Read YAML front matter: every key is kept as data (`file.data.frontmatter`);
 * HedgeDoc-only keys (title, tags, type, slideOptions, breaks, GA, …) leave the
 * output, other keys stay in the front matter. The title becomes the H1 later
 * (see `headings.ts`) when the note has none.
 */
import type {Root} from 'mdast'
import type {VFile} from 'vfile'

declare module 'vfile' {
  interface DataMap {
    /** Every key of the note's YAML front matter. */
    frontmatter: Record<string, unknown>
    /** Title from the front matter, when it has one. */
    frontmatterTitle: string
    /** Tags from the front matter (`tags: a, b` or a list). */
    tags: string[]
    /** `false` when the front matter says `breaks: false`. */
    breaks: boolean
  }
}

export interface Options {
  /**
   * Front matter keys that only mean something to HedgeDoc and are dropped
   * from the output (still available as data).
   * Default: HedgeDoc 1.x's documented keys.
   */
  hedgedocKeys?: readonly string[]
}

const hedgedocKeys = [
  'title',
  'description',
  'tags',
  'robots',
  'lang',
  'dir',
  'breaks',
  'GA',
  'disqus',
  'type',
  'slideOptions',
  'opengraph'
] as const

function toTags(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).map((tag) => tag.trim()).filter(Boolean)
  if (typeof value === 'string') return value.split(',').map((tag) => tag.trim()).filter(Boolean)
  return []
}

export default function remarkMinutesFrontmatter(options: Options = {}) {
  const dropped = new Set<string>(options.hedgedocKeys ?? hedgedocKeys)
  return async function (tree: Root, file: VFile) {
    file.data.frontmatter = {}
    const head = tree.children[0]
    if (head?.type !== 'yaml') return
    // yaml is loaded for notes that have front matter only: most have none,
    // and importing `hedgedoc-minutes/plugins` stays cheap.
    const {parseDocument, isMap} = await import('yaml')

    const document = parseDocument(head.value)
    if (document.errors.length > 0 || (document.contents !== null && !isMap(document.contents))) {
      file.message('Unexpected front matter that is not a YAML mapping, expected `key: value` lines; kept as written', {
        place: head.position,
        ruleId: 'frontmatter',
        source: 'minutes'
      })
      return
    }

    const data = (document.toJS({maxAliasCount: 100}) ?? {}) as Record<string, unknown>
    file.data.frontmatter = data
    if (typeof data.title === 'string' && data.title.trim()) {
      file.data.frontmatterTitle = data.title.trim()
    } else if (typeof data.title === 'number') {
      file.data.frontmatterTitle = String(data.title)
    }

    file.data.tags = toTags(data.tags)
    if (data.breaks === false) file.data.breaks = false

    for (const key of Object.keys(data)) {
      if (dropped.has(key)) document.delete(key)
    }

    if (isMap(document.contents) && document.contents.items.length > 0) {
      head.value = document.toString({lineWidth: 0}).replace(/\n+$/, '')
    } else {
      tree.children.shift()
    }
  }
}
