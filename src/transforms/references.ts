/**
 * Issue, pull request and discussion references. A link to one whose text is
 * a reference in any of the forms people write (`#12`, `issues/#12`,
 * `PR #12`, `osism issues #595`, `k8s-capi/#326`, …) gets GitHub's canonical
 * text: `repo#12` in the home organisation, `org/repo#12` elsewhere, with
 * ` (comment)` for links to a comment. Descriptive texts are left alone. A
 * bare URL gets the canonical text; plain-text `org/repo#12` becomes a link.
 *
 * When text and target disagree (another number, another repository that is
 * no configured or evident abbreviation, "PR" for an `/issues/` URL), nothing
 * is rewritten and `link-text-mismatch` names both sides.
 */
import type {Link, Root} from 'mdast'
import type {VFile} from 'vfile'
import {sourceOf} from '../util/tree.js'
import {findAndReplaceKeepingRaw} from '../util/find-and-replace.js'
import {toString} from 'mdast-util-to-string'
import {visit} from '../util/visit.js'
import {
  canonicalText,
  compareReference,
  parseReferenceText,
  parseTargetUrl,
  type GitHubTarget,
  type NameContext
} from '../util/github-reference.js'
import {wordsDropped} from '../util/text.js'

export interface Reference extends GitHubTarget {
  url: string
  /** Link text as written. */
  text: string
  /** The text was rewritten to the canonical form. */
  normalised: boolean
  /** The text names something else than the target. */
  mismatch: boolean
  line: number | undefined
  column: number | undefined
}

declare module 'vfile' {
  interface DataMap {
    references: Reference[]
  }
}

export interface Options {
  /** Organisation whose repositories are written without it (`repo#12`). Default: `SovereignCloudStack`. */
  org?: string
  /** Written name → repository (`k8s-capi` → `k8s-cluster-api-provider`). Default: `{}`. */
  abbreviations?: Record<string, string>
  /**
   * Repository names link texts may name (besides those linked in the note
   * and the abbreviations); a text naming an unknown name is descriptive.
   * Default: `[]`.
   */
  repositories?: string[]
}

const plainReference = /(?<![\w/.@-])([A-Za-z\d][\w.-]*)\/([\w.-]*[\w])#(\d+)\b/g

export default function remarkReferences(options: Options = {}) {
  const org = options.org ?? 'SovereignCloudStack'
  const repositories = (options.repositories ?? []).map((name) => name.toLowerCase())
  const context: NameContext = {
    abbreviations: new Map(Object.entries(options.abbreviations ?? {}).map(([key, value]) => [key.toLowerCase(), value]))
  }

  return function (tree: Root, file: VFile) {
    const references: Reference[] = []
    file.data.references = references
    const source = sourceOf(file)
    const plain = /[\w.-]\/[\w.-]+#\d/.test(source)
    if (!plain && !source.includes('github.com')) return

    // Plain `org/repo#12` → a link, which the pass below names.
    if (plain) findAndReplaceKeepingRaw(
      tree,
      [
        [
          plainReference,
          function (value: string, owner: string, repo: string, number: string): Link {
            return {
              type: 'link',
              url: `https://github.com/${owner}/${repo}/issues/${number}`,
              title: null,
              children: [{type: 'text', value}]
            }
          }
        ]
      ],
      {ignore: ['link', 'linkReference', 'inlineCode', 'code', 'heading']}
    )

    // Repository names used anywhere in the note or configured: evidence
    // that a text names a repository (`issues#12`), not a label (`Bug#12`).
    const known = new Set<string>(repositories)
    const links: Array<[Link, GitHubTarget]> = []
    visit(tree, 'link', function (node) {
      const target = parseTargetUrl(node.url)
      if (!target) return
      links.push([node, target])
      known.add(target.repo.toLowerCase())
    })

    const names: NameContext = {...context, known}
    for (const [node, target] of links) {
      const text = toString(node).trim()
      const canonical = canonicalText(target, org)
      const reference: Reference = {
        ...target,
        url: node.url,
        text,
        normalised: false,
        mismatch: false,
        line: node.position?.start.line,
        column: node.position?.start.column
      }
      references.push(reference)
      if (text === canonical) continue

      const bare = text === node.url || text === node.url.replace(/^https?:\/\//, '') || text.replace(/\/$/, '') === node.url.replace(/\/$/, '')
      const written = bare ? undefined : parseReferenceText(text)
      if (!bare && !written) continue
      if (written && node.children.some((child) => child.type !== 'text' && child.type !== 'inlineCode')) continue

      if (written?.spaced) {
        const ownerKnown = !written.owner || written.owner.toLowerCase() === target.owner.toLowerCase() || written.owner.toLowerCase() === org.toLowerCase()
        const repo = written.repo?.toLowerCase()
        const repoKnown = !repo || known.has(repo) || context.abbreviations.has(repo) || repo === target.owner.toLowerCase()
        if (!ownerKnown || !repoKnown) continue
      }

      const mismatch = written ? compareReference(written, target, names) : undefined
      if (mismatch === 'descriptive') continue
      if (mismatch) {
        reference.mismatch = true
        file.message(
          `Unexpected link text \`${text}\` for ${target.owner}/${target.repo}/${target.kind}/${target.number}: the text names ${mismatch.written}, the link opens ${mismatch.actual}; expected text and target to agree`,
          {place: node.position, ruleId: 'link-text-mismatch', source: 'minutes'}
        )
        continue
      }

      node.children = [{type: 'text', value: canonical}]
      reference.normalised = true
      file.data.removed ??= []
      file.data.removed.push(wordsDropped(text, canonical))
    }
  }
}
