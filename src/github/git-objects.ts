/**
 * Git object names, computed locally: a blob's or a tree's SHA-1 is what
 * GitHub will call it, so `publish` can tell "nothing changed" and show a
 * dry run without writing anything. Written here because the format is a few
 * lines (`<type> <size>\0<body>`) and the libraries that know it
 * (isomorphic-git, nodegit) want a working copy or native code.
 */
import {createHash} from 'node:crypto'

/** SHA-1 of a git object: `<type> <length>\0<body>`. */
function objectSha(type: 'blob' | 'tree' | 'commit', body: Uint8Array): string {
  return createHash('sha1').update(`${type} ${body.byteLength}\0`).update(body).digest('hex')
}

/** The name git and GitHub give a file's content. */
export function blobSha(content: Uint8Array): string {
  return objectSha('blob', content)
}

export interface TreeEntry {
  /** One path segment: `20230726.md`, not `iaas/20230726.md`. */
  name: string
  /** `100644`, `100755`, `120000`, `160000`, or `040000`/`40000` for a folder. */
  mode: string
  /** Object name, 40 hex digits. */
  sha: string
}

/** The entry is a folder (GitHub writes the mode `040000`, git `40000`). */
export function isTree(mode: string): boolean {
  return mode === '40000' || mode === '040000'
}

/**
 * Git orders tree entries by the bytes of their names, a folder's name
 * compared as if it ended in `/`.
 */
function sortKey(entry: TreeEntry): Buffer {
  return Buffer.from(isTree(entry.mode) ? `${entry.name}/` : entry.name)
}

/** The name of a tree with these entries (one folder level). */
export function treeSha(entries: readonly TreeEntry[]): string {
  const sorted = [...entries].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)))
  const body = Buffer.concat(
    sorted.map((entry) =>
      Buffer.concat([Buffer.from(`${isTree(entry.mode) ? '40000' : entry.mode} ${entry.name}\0`), Buffer.from(entry.sha, 'hex')])
    )
  )
  return objectSha('tree', body)
}
