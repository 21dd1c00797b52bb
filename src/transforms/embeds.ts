/**
 * HedgeDoc and HackMD embeds (src/syntax/embed.ts) → what GitHub can show:
 * a YouTube video as its linked thumbnail, the others as links (GitHub
 * strips iframes; a Vimeo thumbnail would need an API call).
 */
import {sourceOf} from '../util/tree.js'
import type {VFile} from 'vfile'
import type {PhrasingContent, Root} from 'mdast'
import {visit} from '../util/visit.js'
import {youtubeUrl, type HedgedocEmbed} from '../syntax/embed.js'

function link(url: string, text: string): PhrasingContent {
  return {type: 'link', url, title: null, children: [{type: 'text', value: text}]}
}

function replacement(node: HedgedocEmbed): PhrasingContent {
  const value = node.value
  switch (node.kind) {
    case 'youtube': {
      const id = youtubeUrl.exec(value)?.[1] ?? value
      return {
        type: 'link',
        url: `https://www.youtube.com/watch?v=${id}`,
        title: null,
        children: [{type: 'image', url: `https://img.youtube.com/vi/${id}/hqdefault.jpg`, alt: `YouTube video ${id}`, title: null}]
      }
    }

    case 'vimeo': {
      return link(`https://vimeo.com/${value}`, `Vimeo video ${value}`)
    }

    case 'gist': {
      return link(`https://gist.github.com/${value}`, `Gist ${value}`)
    }

    case 'slideshare': {
      return link(`https://www.slideshare.net/${value}`, `SlideShare ${value}`)
    }

    case 'speakerdeck': {
      return link(`https://speakerdeck.com/${value}`, `Speaker Deck ${value}`)
    }

    case 'hackmd': {
      return /^https:/.test(value) ? link(value, 'HackMD note') : link(`https://hackmd.io/${value}`, `HackMD note ${value}`)
    }

    default: {
      return link(value, 'PDF')
    }
  }
}

export default function remarkEmbeds() {
  return function (tree: Root, file: VFile) {
    if (!sourceOf(file).includes('{%')) return
    visit(tree, 'hedgedocEmbed', function (node, index, parent) {
      if (!parent || index === undefined) return
      parent.children[index] = replacement(node)
    })
  }
}
