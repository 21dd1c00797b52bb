/**
 * Normalise note text before parsing: no BOM, LF line endings, and front
 * matter recognised even after leading blank lines (left by copy and paste;
 * HedgeDoc itself shows such a block as a rule and a heading).
 */
/** Whitespace between words as written once: a tab or a run of spaces in prose is one space. */
export const spaceRun = /[ \t]*\t[ \t]*| {2,}/g

export function normalizeNote(text: string): string {
  let result = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (result.includes('\r')) result = result.replace(/\r\n?/g, '\n')
  if (/^[ \t]*\n/.test(result)) {
    const match = /^(?:[ \t]*\n)+(?=---[ \t]*\n)/.exec(result)
    if (match) result = result.slice(match[0].length)
  }

  return result
}

/** Words of `before` that `after` no longer has (`PR #12` → `repo#12` drops `PR`). */
export function wordsDropped(before: string, after: string): string {
  const remaining: string[] = after.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  const dropped: string[] = []
  for (const word of before.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const index = remaining.indexOf(word)
    if (index === -1) dropped.push(word)
    else remaining.splice(index, 1)
  }

  return dropped.join(' ')
}

