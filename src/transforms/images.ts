/**
 * Pictures: a sized image (`![a](src =WxH)`, src/syntax/image-size.ts)
 * becomes `<img src alt width height>`, but for one alone on the first line
 * of a paragraph with more lines (as `<img>` it would open an HTML block that
 * swallows them): that one stays a Markdown image, without its size. Every
 * image (Markdown or raw `<img>`) gets alt text (its file
 * name when it has none, markdownlint MD045), is listed in
 * `file.data.images`, and can be pointed somewhere else by an async `resolve`
 * function (used to download pictures next to the minutes; the plugin itself
 * does no I/O).
 */
import type {Html, Image, Parents, Root} from 'mdast'
import {visit, visitParents} from '../util/visit.js'
import type {VFile} from 'vfile'
import {sourceOf} from '../util/tree.js'

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

function imageHtml(node: Image): string {
  const size = node.data!.imageSize!
  let html = `<img src="${attribute(node.url)}" alt="${attribute(node.alt || fileName(node.url))}"`
  if (size.width) html += ` width="${size.width}"`
  if (size.height) html += ` height="${size.height}"`
  if (node.title) html += ` title="${attribute(node.title)}"`
  return html + '>'
}

/** Sized images → `<img>`, but for one opening a paragraph of several lines. */
function sizedImages(tree: Root): void {
  const found: Array<[Image, Parents, Parents | undefined]> = []
  visitParents(tree, 'image', function (node, ancestors) {
    const parent = ancestors.at(-1)
    if (node.data?.imageSize && parent) found.push([node, parent, ancestors.at(-2)])
  })
  for (const [node, parent, grandparent] of found) {
    const index = parent.children.indexOf(node as never)
    const next = parent.children[index + 1]
    const opensLines = parent.type === 'paragraph' && index === 0 && (next?.type === 'break' || (next?.type === 'text' && next.value.startsWith('\n')))
    if (opensLines) {
      delete node.data!.imageSize
      continue
    }

    const html: Html = {type: 'html', value: imageHtml(node)}
    // Alone in its paragraph the tag reads back as an HTML block: make it one.
    const alone = parent.children.every((child) => child === node || (child.type === 'text' && !child.value.trim()))
    if (parent.type === 'paragraph' && alone && grandparent) {
      if (parent.position) html.position = parent.position
      grandparent.children[grandparent.children.indexOf(parent as never)] = html as never
    } else {
      parent.children[index] = html as never
    }
  }
}

export interface ImageReference {
  /** URL as written in the note. */
  url: string
  /** Markdown image or raw HTML `<img>`. */
  kind: 'markdown' | 'html'
  line: number | undefined
  column: number | undefined
}

declare module 'vfile' {
  interface DataMap {
    /** Every picture in the note. */
    images: ImageReference[]
  }
}

export interface Options {
  /**
   * Map a picture URL to the URL to write instead (for example a downloaded
   * copy's relative path); `undefined` keeps it. Default: keep every URL.
   */
  resolve?: (url: string) => Promise<string | undefined> | string | undefined
}

const imgTag = /^<img\b[^>]*>$/i
const srcAttribute = /\ssrc\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i
const altAttribute = /\salt\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i

function unquote(value: string): string {
  return /^["']/.test(value) ? value.slice(1, -1) : value
}

function decodeAttribute(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

export default function remarkImages(options: Options = {}) {
  return async function (tree: Root, file: VFile) {
    const images: ImageReference[] = []
    file.data.images = images
    if (!/!\[|<img/i.test(sourceOf(file))) return
    sizedImages(tree)
    const markdown: Image[] = []
    const html: Html[] = []

    visit(tree, function (node) {
      if (node.type === 'image') {
        if (!node.alt?.trim()) node.alt = fileName(node.url)
        markdown.push(node)
        images.push({url: node.url, kind: 'markdown', line: node.position?.start.line, column: node.position?.start.column})
      } else if (node.type === 'html' && /<img\b/i.test(node.value)) {
        html.push(node)
        for (const match of node.value.matchAll(/<img\b[^>]*>/gi)) {
          const src = srcAttribute.exec(match[0])
          if (src) {
            images.push({url: decodeAttribute(unquote(src[1]!)), kind: 'html', line: node.position?.start.line, column: node.position?.start.column})
          }
        }

        if (imgTag.test(node.value.trim())) addAlt(node)
      }
    })

    const resolve = options.resolve
    if (!resolve) return

    // Every distinct URL at once (a resolver may download them in parallel),
    // asked in document order.
    const urls = [...new Set(images.map((image) => image.url))]
    const resolved = new Map(await Promise.all(urls.map(async (url) => [url, await resolve(url)] as const)))

    for (const node of markdown) {
      const url = resolved.get(node.url)
      if (url !== undefined) node.url = url
    }

    for (const node of html) {
      const replacements: Array<[string, string]> = []
      for (const match of node.value.matchAll(/<img\b[^>]*>/gi)) {
        const src = srcAttribute.exec(match[0])
        if (!src) continue
        const url = resolved.get(decodeAttribute(unquote(src[1]!)))
        if (url !== undefined) {
          replacements.push([match[0], match[0].replace(srcAttribute, ` src="${attribute(url)}"`)])
        }
      }

      for (const [from, to] of replacements) node.value = node.value.replace(from, to)
    }
  }
}

/** Give a lone `<img>` tag alt text when it has none. */
function addAlt(node: Html): void {
  const value = node.value.trim()
  const alt = altAttribute.exec(value)
  if (alt && unquote(alt[1]!).trim()) return
  const src = srcAttribute.exec(value)
  if (!src) return
  const name = attribute(fileName(decodeAttribute(unquote(src[1]!))))
  node.value = alt ? value.replace(altAttribute, ` alt="${name}"`) : value.replace(srcAttribute, `$& alt="${name}"`)
}
