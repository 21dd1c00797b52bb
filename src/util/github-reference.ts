/**
 * GitHub issue, pull request and discussion references: parsing their URLs
 * and the many ways people write their link texts, comparing the two, and
 * writing them the way GitHub writes cross-references (`repo#N`,
 * `org/repo#N`).
 */

export type ReferenceKind = 'issues' | 'pull' | 'discussions'

export interface GitHubTarget {
  owner: string
  repo: string
  number: number
  kind: ReferenceKind
  /** Anchor of a comment or review (`issuecomment-123`), when linked. */
  comment: string | undefined
}

const urlPattern =
  /^https?:\/\/(?:www\.)?github\.com\/([A-Za-z\d][\w.-]*)\/([\w.-]+)\/(issues|pull|pulls|discussions)\/(\d+)(\/[^?#]*)?(?:\?[^#]*)?(?:#(.*))?$/

/** Parse an issue, pull request or discussion URL (also its sub-pages). */
export function parseTargetUrl(url: string): GitHubTarget | undefined {
  const match = urlPattern.exec(url.trim())
  // `/orgs/NAME/discussions/12` is an organisation's discussion, not a repository's.
  if (!match || /^(orgs|users|enterprises)$/i.test(match[1]!)) return undefined
  const anchor = match[6]
  const comment = anchor && /^(issuecomment|discussion_r|discussioncomment|pullrequestreview|event)-?\d+/.test(anchor) ? anchor : undefined
  return {
    owner: match[1]!,
    repo: match[2]!.replace(/\.git$/, ''),
    number: Number(match[4]),
    kind: match[3] === 'pulls' ? 'pull' : (match[3] as ReferenceKind),
    comment
  }
}

export interface TextReference {
  owner: string | undefined
  repo: string | undefined
  number: number
  /** What the text calls it: `PR`, `issue`, `discussion`, or nothing. */
  kind: 'pull' | 'issue' | 'discussion' | undefined
  /** The text separates names by spaces (`osism issues #595`): weaker evidence. */
  spaced: boolean
}

const kindWords: Record<string, 'pull' | 'issue' | 'discussion'> = {
  discussion: 'discussion',
  pr: 'pull',
  prs: 'pull',
  pull: 'pull',
  'pull request': 'pull',
  mr: 'pull',
  issue: 'issue'
}

const kind = '(?:pr|pull request|pull|mr|issue|discussion)'
const name = '[A-Za-z\\d][\\w.-]*'
const textPattern = new RegExp(
  `^(?:(?<kind1>${kind})(?![\\w-])\\s*:?\\s*)?` +
    `(?:(?<owner>${name})(?<sep1>\\s*/\\s*|\\s+)(?=${name}))?` +
    `(?:(?<repo>${name})(?<sep2>\\s*/\\s*|\\s+|(?=#)))?` +
    `(?:(?<kind2>${kind})(?![\\w-])\\s*)?` +
    `(?<hash>#\\s*)?(?:(?<kind3>${kind})\\s*)?(?<number>\\d+)$`,
  'i'
)

/**
 * Parse a link text written as a reference (`#12`, `12`, `repo#12`,
 * `repo/#12`, `repo/12`, `repo #12`, `org/repo#12`, `org repo #12`,
 * `issues/#12`, `PR #12`, `PR#12`, `issue 12`, `repo/PR #12`, `repo#PR12`, …);
 * `undefined` for descriptive texts.
 */
export function parseReferenceText(text: string): TextReference | undefined {
  const value = text.trim().replace(/\s+/g, ' ')
  if (/^\d+$/.test(value)) return {owner: undefined, repo: undefined, number: Number(value), kind: undefined, spaced: false}
  const match = textPattern.exec(value)
  if (!match?.groups) return undefined
  const groups = match.groups
  let owner = groups.owner
  let repo = groups.repo
  const kind1 = groups.kind1
  // The kind may follow the `#` too: `standards#PR12`.
  if (groups.kind3 && groups.kind2) return undefined
  let kind2 = groups.kind2 ?? groups.kind3

  // A "repo" that is a kind word: `issue 12`, `repo/PR #12`.
  if (repo && !kind2 && repo.toLowerCase() in kindWords) {
    kind2 = repo
    repo = owner
    owner = undefined
  }

  let separator = groups.sep2 ?? ''
  if (owner && !repo) {
    repo = owner
    owner = undefined
    separator = groups.sep1 ?? ''
  }

  // `repo 12` without `#` or a kind is no reference; `repo/12` is.
  if (!groups.hash && !kind1 && !kind2 && repo && !separator.includes('/')) return undefined

  if (kind1 && kind2) return undefined
  const kindWord = (kind1 ?? kind2)?.toLowerCase()
  return {
    owner,
    repo,
    number: Number(groups.number),
    kind: kindWord ? kindWords[kindWord] : undefined,
    spaced: Boolean((groups.sep1 && !groups.sep1.includes('/')) || (groups.sep2 && !groups.sep2.includes('/') && !groups.hash))
  }
}

/** Initials of a name's parts: `cluster-stack-provider-openstack` → `cspo`, `SovereignCloudStack` → `scs`. */
function initials(value: string): string {
  return value
    .replace(/([a-z\d])([A-Z])/g, '$1-$2')
    .split(/[-_.\s]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toLowerCase())
    .join('')
}

export interface NameContext {
  /** Configured abbreviations: written name → repository (lowercase keys). */
  abbreviations: Map<string, string>
  /**
   * Repository names known to exist (lowercase): those linked in the same
   * note. A text naming an unknown name (`Bug#886`, a typo) is descriptive,
   * not a reference to another repository.
   */
  known?: Set<string>
}

/** Does a name written in a text stand for `actual`? */
function sameName(written: string, actual: string, context: NameContext, owner?: string): boolean {
  const a = written.toLowerCase()
  const b = actual.toLowerCase()
  if (a === b) return true
  if (context.abbreviations.get(a)?.toLowerCase() === b) return true
  const compact = a.replace(/[^a-z\d]/g, '')
  if (compact.length >= 2 && initials(actual) === compact) return true
  if (b.startsWith(a + '-')) return true
  // `osism/#595`, `SCS/issue#256` for an organisation's `issues` repository.
  if (owner && b === 'issues' && (a === owner.toLowerCase() || initials(owner) === compact)) return true
  // `issue/#12` for the `issues` repository.
  if (a + 's' === b) return true
  return false
}

export type Mismatch = {field: 'number' | 'repository' | 'owner' | 'kind'; written: string; actual: string}

/**
 * How a reference text disagrees with its target, if it does; `descriptive`
 * when the text names something that is not a known repository.
 */
export function compareReference(text: TextReference, target: GitHubTarget, context: NameContext): Mismatch | 'descriptive' | undefined {
  if (text.number !== target.number) {
    return {field: 'number', written: `#${text.number}`, actual: `#${target.number}`}
  }

  let {owner, repo} = text
  // `cspo/issues#99`, `k8s-observability/issues/50`: the repository, then the kind.
  if (owner && repo && /^(issues?|pulls?)$/i.test(repo) && sameName(owner, target.repo, context, target.owner)) {
    repo = owner
    owner = undefined
  }

  if (repo && !sameName(repo, target.repo, context, target.owner)) {
    const known = !context.known || context.known.has(repo.toLowerCase()) || context.abbreviations.has(repo.toLowerCase())
    return known ? {field: 'repository', written: repo, actual: `${target.owner}/${target.repo}`} : 'descriptive'
  }

  if (owner && !sameName(owner, target.owner, context)) {
    return {field: 'owner', written: owner, actual: target.owner}
  }

  if (text.kind === 'pull' && target.kind === 'issues') {
    return {field: 'kind', written: 'a pull request', actual: 'an /issues/ URL'}
  }

  if (text.kind === 'issue' && target.kind === 'pull') {
    return {field: 'kind', written: 'an issue', actual: 'a /pull/ URL'}
  }

  if (text.kind === 'discussion' && target.kind !== 'discussions') {
    return {field: 'kind', written: 'a discussion', actual: `a /${target.kind}/ URL`}
  }

  if (text.kind && text.kind !== 'discussion' && target.kind === 'discussions') {
    return {field: 'kind', written: text.kind === 'pull' ? 'a pull request' : 'an issue', actual: 'a /discussions/ URL'}
  }

  return undefined
}

/** GitHub's way to write a reference from another repository. */
export function canonicalText(target: GitHubTarget, homeOrg: string): string {
  const prefix = target.owner.toLowerCase() === homeOrg.toLowerCase() ? target.repo : `${target.owner}/${target.repo}`
  return `${prefix}#${target.number}${target.comment ? ' (comment)' : ''}`
}
