#!/usr/bin/env node
// How HedgeDoc 1.x renders a note: markdown-it with the options and the
// plugins of `public/js/extra.js` (../shared/HEDGEDOC.md §1), for comparing
// what the syntax extensions in src/syntax/ read with what a reader saw.
// A development oracle only (the plugins are devDependencies).
//
//   node scripts/hedgedoc-render.js FILE   (or Markdown on stdin)
//
// Not reproduced: the embeds (markdown-it-regexp rules), `[TOC]`, the
// name/time/color tags and the task lists, which HedgeDoc does after
// rendering, and the xss sanitizer.
import {readFileSync} from 'node:fs'
import markdownIt from 'markdown-it'
import abbr from 'markdown-it-abbr'
import container from 'markdown-it-container'
import deflist from 'markdown-it-deflist'
import footnote from 'markdown-it-footnote'
import imsize from 'markdown-it-imsize'
import ins from 'markdown-it-ins'
import mark from 'markdown-it-mark'
import mathjax from 'markdown-it-mathjax'
import sub from 'markdown-it-sub'
import sup from 'markdown-it-sup'

/** A markdown-it set up as HedgeDoc 1.x sets it up. */
export function hedgedocMarkdownIt() {
  const md = markdownIt('default', {html: true, breaks: true, linkify: true, typographer: true, langPrefix: ''})
  md.use(abbr).use(footnote).use(deflist).use(mark).use(ins).use(sub).use(sup).use(mathjax()).use(imsize)
  for (const name of ['success', 'info', 'warning', 'danger']) md.use(container, name)
  return md
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const source = process.argv[2] ? readFileSync(process.argv[2], 'utf8') : readFileSync(0, 'utf8')
  process.stdout.write(hedgedocMarkdownIt().render(source))
}
