/**
 * Raw HTML → what GitHub keeps. GitHub strips `style`, `class`, `<font>`,
 * `<span>`, `<center>`, `<iframe>` and more, and markdownlint allows only a few
 * elements (../shared/markdownlint.jsonc, MD033). So:
 *
 * - allowed elements (`<mark>`, `<sub>`, `<img>`, `<br>`, `<details>`, …) stay;
 * - `<a href>`, `<b>`, `<strong>`, `<i>`, `<em>`, `<s>`, `<del>`, `<code>` become
 *   Markdown links, emphasis, strikethrough and code;
 * - `<u>` becomes `<ins>`; `</br>` and `<br/>` become `<br>`;
 * - wrappers (`<font>`, `<span>`, `<center>`, `<div>`, `<p>`, …) are unwrapped to
 *   their content; Font Awesome icons (`<i class="fa …"></i>`) are dropped;
 * - `<style>` blocks are removed (they style HedgeDoc's slides only);
 * - tags HedgeDoc does not render (its sanitizer shows `<tenant>` as text) become
 *   text, so the reader still sees them;
 * - other HTML blocks (`<div>…</div>`, `<table>`) are converted to Markdown with
 *   hast-util-to-mdast, allowed inline elements (`<mark>`) staying in their
 *   paragraph and `<u>` becoming `<ins>` there too;
 * - an element opened in one HTML block and closed in a later one, with
 *   Markdown between (a `<table>` whose cells hold Markdown, a `<div>` around
 *   paragraphs), is converted whole, the Markdown in its place.
 */
import type {Element, Root as HastRoot} from 'hast'
import type {Html, Nodes, Parent, PhrasingContent, Root, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import type {VFile} from 'vfile'
import {sourceOf} from '../util/tree.js'
import type {Handle as HastHandle} from 'hast-util-to-mdast'
import {gfmAutolinkLiteralFromMarkdown} from 'mdast-util-gfm-autolink-literal'
import {phrasing as isPhrasing} from 'mdast-util-phrasing'
import {visit, SKIP} from '../util/visit.js'
import {allowedElements, hedgedocElements} from '../syntax/html-flow.js'

const autolinkLiterals = gfmAutolinkLiteralFromMarkdown().transforms![0]!

const voidElements = new Set(['br', 'img', 'hr', 'wbr', 'input', 'source', 'area', 'col'])

const tagPattern = /^<(\/)?([A-Za-z][\w-]*)((?:\s+[^>]*?)?)\s*(\/)?>$/

interface Tag {
  name: string
  closing: boolean
  selfClosing: boolean
  properties: Element['properties']
}

function parseTag(value: string): Tag | undefined {
  const match = tagPattern.exec(value.trim())
  if (!match) return undefined
  const name = match[2]!.toLowerCase()
  let properties: Element['properties'] = {}
  if (!match[1] && match[3]) {
    const element = hast!.fromHtml(`<${name}${match[3]}>`, {fragment: true}).children[0]
    if (element?.type === 'element') properties = element.properties
  }

  return {name, closing: Boolean(match[1]), selfClosing: Boolean(match[4]) || voidElements.has(name), properties}
}

/** A string property of a tag, `undefined` when absent. */
function property(tag: Tag, name: string): string | undefined {
  const value = tag.properties[name]
  if (value === undefined || value === null || value === false) return undefined
  return Array.isArray(value) ? value.join(' ') : String(value)
}

function isIcon(tag: Tag): boolean {
  const className = property(tag, 'className') ?? ''
  return tag.name === 'i' && /(^|\s)fa(-|\s|$)/.test(className)
}

function html(value: string): Html {
  return {type: 'html', value}
}

/** Build the Markdown node for a closed pair of tags around `children`. */
function pair(tag: Tag, children: PhrasingContent[]): PhrasingContent[] {
  switch (tag.name) {
    case 'a': {
      const href = property(tag, 'href')
      if (!href) return children
      const title = property(tag, 'title')
      return [{type: 'link', url: href, title: title ?? null, children: unlink(children)}]
    }

    case 'b':
    case 'strong': {
      return [{type: 'strong', children}]
    }

    case 'i':
    case 'em': {
      if (isIcon(tag) && children.length === 0) return []
      return [{type: 'emphasis', children}]
    }

    case 's':
    case 'strike':
    case 'del': {
      return [{type: 'delete', children}]
    }

    case 'code':
    case 'tt':
    case 'samp': {
      if (children.every((child) => child.type === 'text')) {
        return [{type: 'inlineCode', value: children.map((child) => (child as {value: string}).value).join('')}]
      }

      return children
    }

    case 'u': {
      return [html('<ins>'), ...children, html('</ins>')]
    }

    default: {
      return children
    }
  }
}

/** Links cannot contain links: keep the inner text. */
function unlink(children: PhrasingContent[]): PhrasingContent[] {
  return children.flatMap((child) => (child.type === 'link' ? child.children : [child]))
}

interface Frame {
  tag: Tag | undefined
  source: Html | undefined
  children: PhrasingContent[]
}

const converted = new Set(['a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'code', 'tt', 'samp', 'u'])

/** Rewrite the inline HTML among a parent's phrasing children. */
function phrasing(children: PhrasingContent[]): PhrasingContent[] {
  const frames: Frame[] = [{tag: undefined, source: undefined, children: []}]
  const top = () => frames.at(-1)!

  for (const child of children) {
    const tag = child.type === 'html' ? parseTag(child.value) : undefined
    if (child.type !== 'html' || !tag) {
      top().children.push(child)
      continue
    }

    if (!hedgedocElements.has(tag.name)) {
      top().children.push({type: 'text', value: child.value})
    } else if (allowedElements.has(tag.name)) {
      top().children.push(tag.name === 'br' ? html('<br>') : child)
    } else if (tag.name === 'u' && tag.selfClosing === false) {
      top().children.push(html(tag.closing ? '</ins>' : '<ins>'))
    } else if (tag.closing) {
      const index = frames.findLastIndex((frame) => frame.tag?.name === tag.name)
      if (index > 0) {
        while (frames.length > index + 1) unclosed(frames)
        const frame = frames.pop()!
        top().children.push(...pair(frame.tag!, frame.children))
      }
    } else if (tag.name === 'iframe' && property(tag, 'src')) {
      const src = property(tag, 'src')!
      top().children.push({type: 'link', url: src, title: null, children: [{type: 'text', value: src}]})
    } else if (!tag.selfClosing && (converted.has(tag.name) || !voidElements.has(tag.name))) {
      frames.push({tag, source: child, children: []})
    }
  }

  while (frames.length > 1) unclosed(frames)
  return mergeTexts(frames[0]!.children)
}

/**
 * Text nodes side by side (left where tags were removed) become one, keeping
 * their source form; so do `<b>a</b><b>b</b>` (two strong nodes side by side
 * cannot be written in Markdown).
 */
function mergeTexts(children: PhrasingContent[]): PhrasingContent[] {
  const result: PhrasingContent[] = []
  for (const child of children) {
    const previous = result.at(-1)
    if (previous && previous.type === child.type && (child.type === 'strong' || child.type === 'emphasis' || child.type === 'delete')) {
      ;(previous as typeof child).children = mergeTexts([...(previous as typeof child).children, ...child.children])
    } else if (previous?.type === 'text' && child.type === 'text') {
      // Without the author's escapes: they were right for each part alone
      // (`^` + `<font>SCS</font>` + `^` reads back as a superscript).
      result[result.length - 1] = {type: 'text', value: previous.value + child.value}
    } else {
      result.push(child)
    }
  }

  return result
}

/** An opening tag without its closing tag: keep its content, drop the tag. */
function unclosed(frames: Frame[]): void {
  const frame = frames.pop()!
  frames.at(-1)!.children.push(...frame.children)
}

/** Every element name in an HTML fragment. */
function elementNames(tree: HastRoot): Set<string> {
  const names = new Set<string>()
  visit(tree, 'element', function (node: Element) {
    names.add(node.tagName)
  })
  return names
}

/** Keep allowed elements as raw HTML when converting an HTML block. */
const keepAllowed: HastHandle = function (state, node) {
  return {type: 'html', value: hast!.toHtml(node)}
}

/**
 * Allowed inline elements (`<mark>`, `<sub>`, …) stay HTML around their
 * converted content, in the paragraph they are part of.
 */
const keepAllowedInline: HastHandle = function (state, node) {
  const open = hast!.toHtml({...node, children: []}).replace(new RegExp(`</${node.tagName}>$`), '')
  if (voidElements.has(node.tagName)) return inlineHtml(open)
  return [inlineHtml(open), ...(state.all(node) as PhrasingContent[]), inlineHtml(`</${node.tagName}>`)]
}

/**
 * HTML that is part of a paragraph. hast-util-to-mdast takes `html` nodes
 * for blocks (mdast-util-phrasing does not list them) and would break the
 * paragraph, or a link, around them; a phrasing `hName` says otherwise, and
 * goes once the conversion is done.
 */
function inlineHtml(value: string): Html {
  return {type: 'html', value, data: {hName: 'span'}}
}

/** Inline elements among the allowed ones. */
const inlineAllowed = new Set(['mark', 'sub', 'sup', 'ins', 'kbd', 'small', 'abbr', 'br', 'img'])

const handlers: Record<string, HastHandle> = {
  ...Object.fromEntries([...allowedElements].map((name) => [name, inlineAllowed.has(name) ? keepAllowedInline : keepAllowed])),
  // As in text: `<u>` is `<ins>` (markdownlint allows it), not emphasis.
  u(state, node) {
    return [inlineHtml('<ins>'), ...(state.all(node) as PhrasingContent[]), inlineHtml('</ins>')]
  }
}

/** The Markdown blocks an HTML element holds across blank lines (see `joinBlocks`). */
const slotName = 'minutes-slot'

/** Unclosed minus closing tags of HTML elements (not the allowed ones, which stay HTML). */
function balance(value: string): number {
  let result = 0
  for (const match of value.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<(\/?)([A-Za-z][\w-]*)(?:\s[^>]*)?>/g)) {
    const name = match[2]!.toLowerCase()
    if (voidElements.has(name) || allowedElements.has(name) || !hedgedocElements.has(name) || match[0].endsWith('/>')) continue
    result += match[1] ? -1 : 1
  }

  return result
}

/**
 * An HTML block that opens an element closed by a later HTML block, with
 * Markdown between them (`<table><tr><td>`, a blank line, `**x**`, a blank
 * line, `</td></tr></table>`, as HedgeDoc renders it): one HTML block, the
 * Markdown blocks in it as slots, so the element is converted whole.
 */
function joinBlocks(children: RootContent[]): void {
  for (let index = 0; index < children.length; index++) {
    const node = children[index]!
    if (node.type !== 'html') continue
    let depth = balance(node.value)
    if (depth <= 0) continue
    let end = index
    while (depth > 0 && ++end < children.length) {
      const next = children[end]!
      if (next.type === 'html') depth += balance(next.value)
    }

    if (depth !== 0 || end >= children.length) continue
    const slots: RootContent[][] = []
    const value = children
      .slice(index, end + 1)
      .map((child) => (child.type === 'html' ? child.value : `<${slotName} data-index="${slots.push([child]) - 1}"></${slotName}>`))
      .join('\n')
    const joined: Html = {type: 'html', value, data: {slots}}
    if (node.position && children[end]!.position) joined.position = {start: node.position.start, end: children[end]!.position!.end}
    children.splice(index, end - index + 1, joined)
  }
}

declare module 'mdast' {
  interface HtmlData {
    /** Markdown blocks inside the element, in order (see `joinBlocks`). */
    slots?: RootContent[][]
    /** A phrasing element name while hast-util-to-mdast runs (see `inlineHtml`). */
    hName?: string
  }
}

/** Table cells hold phrasing only: paragraphs and list items become lines (`<br>`), other blocks their text. */
function flattenCells(tree: Root): void {
  visit(tree, 'tableCell', function (cell) {
    const children = cell.children as Array<PhrasingContent | RootContent>
    if (children.every((child) => isPhrasing(child))) return SKIP
    const lines: PhrasingContent[][] = []
    let line: PhrasingContent[] = []
    for (const child of children) {
      if (isPhrasing(child)) line.push(child as PhrasingContent)
      else {
        if (line.length > 0) lines.push(line)
        line = []
        if (child.type === 'paragraph' || child.type === 'heading') lines.push(child.children)
        else if (child.type === 'list') lines.push(...child.children.map((item): PhrasingContent[] => [{type: 'text', value: toString(item, {includeHtml: false})}]))
        else lines.push([{type: 'text', value: toString(child)}])
      }
    }

    if (line.length > 0) lines.push(line)
    cell.children = lines.filter((each) => each.length > 0).flatMap((each, index) => (index === 0 ? each : [html('<br>'), ...each]))
    return SKIP
  })
}

/** An HTML block → Markdown nodes, or `undefined` to keep it as it is. */
function flow(node: Html): RootContent[] | undefined {
  const value = node.value.trim()
  if (value.startsWith('<!--')) return undefined
  if (/^<style[\s>]/i.test(value)) return []

  const single = parseTag(value)
  if (single && !hedgedocElements.has(single.name)) {
    return [{type: 'paragraph', children: [{type: 'text', value}]}]
  }

  // Tags HedgeDoc does not render are text there (its sanitizer), here too.
  const known = value.replace(/<(\/?)([A-Za-z][\w-]*)/g, (tag: string, _: string, name: string) => (hedgedocElements.has(name.toLowerCase()) || name === slotName ? tag : '&lt;' + tag.slice(1)))
  const tree = hast!.fromHtml(known, {fragment: true})
  const names = elementNames(tree)
  if ([...names].every((name) => allowedElements.has(name))) {
    return value.includes('</br>') ? [html(value.replace(/<\/br\s*>/gi, '<br>'))] : undefined
  }

  const slots = node.data?.slots
  const mdast = hast!.toMdast(tree, {
    handlers: slots
      ? {
          ...handlers,
          [slotName](_, element) {
            return slots[Number(element.properties['dataIndex'])] ?? []
          }
        }
      : handlers
  }) as Root
  flattenCells(mdast)
  visit(mdast, 'html', function (each) {
    if (each.data?.hName) delete each.data.hName
  })
  // URLs in the text are links once written as Markdown; make them links now,
  // so converting the output again changes nothing.
  autolinkLiterals(mdast)
  // Inline content of a fragment (`</br>\ntext`) goes into paragraphs.
  const blocks: RootContent[] = []
  for (const child of mdast.children) {
    const last = blocks.at(-1)
    if (isPhrasing(child)) {
      if (last?.type === 'paragraph') last.children.push(child as PhrasingContent)
      else blocks.push({type: 'paragraph', children: [child as PhrasingContent]})
    } else {
      blocks.push(child)
    }
  }

  return blocks
}

/**
 * The hast utilities (parse5 among them), loaded for notes with HTML only:
 * they are most of what importing the plugins would cost.
 */
let hast: {fromHtml: typeof import('hast-util-from-html').fromHtml; toHtml: typeof import('hast-util-to-html').toHtml; toMdast: typeof import('hast-util-to-mdast').toMdast} | undefined

async function loadHast() {
  const [{fromHtml}, {toHtml}, {toMdast}] = await Promise.all([import('hast-util-from-html'), import('hast-util-to-html'), import('hast-util-to-mdast')])
  return {fromHtml, toHtml, toMdast}
}

export default function remarkHtml() {
  return async function (tree: Root, file: VFile) {
    if (!sourceOf(file).includes('<')) return
    hast ??= await loadHast()
    visit(tree, function (node: Nodes, index, parent: Nodes | undefined) {
      if (isFlowParent(node)) joinBlocks((node as Parent).children as RootContent[])
      if (node.type === 'html' && parent && 'children' in parent && index !== undefined && isFlowParent(parent)) {
        const replacement = flow(node)
        if (replacement === undefined) return
        parent.children.splice(index, 1, ...(replacement as typeof parent.children))
        return [SKIP, index + replacement.length]
      }

      if ('children' in node && node.children.some((child) => child.type === 'html') && !isFlowParent(node)) {
        node.children = phrasing(node.children as PhrasingContent[]) as typeof node.children
      }

      return undefined
    })
  }
}

function isFlowParent(node: Nodes): boolean {
  return node.type === 'root' || node.type === 'blockquote' || node.type === 'listItem' || node.type === 'footnoteDefinition' || node.type === 'hedgedocContainer' || node.type === 'defListDescription'
}
