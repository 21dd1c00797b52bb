/**
 * What tree a commit of these files on the base would have, and which files
 * it adds or changes, computed from the base's folders (one read per folder
 * the files touch) without writing anything. Equal tree names mean equal
 * content, so a second run can tell "nothing changed" for free.
 */
import {UsageError} from '../errors.js'
import {isTree, treeSha, type TreeEntry} from '../github/git-objects.js'

export type FileStatus = 'added' | 'updated' | 'unchanged'

/** Reads one folder level of a tree by its SHA. */
export type TreeReader = (sha: string) => Promise<TreeEntry[]>

interface Folder {
  files: Map<string, {path: string; sha: string}>
  folders: Map<string, Folder>
}

function emptyFolder(): Folder {
  return {files: new Map(), folders: new Map()}
}

export interface PredictedTree {
  /** SHA of the root tree with the files in place. */
  sha: string
  /** Each file's status against the base. */
  status: Map<string, FileStatus>
}

/**
 * The root tree `base` would have with `files` (repository path → blob SHA)
 * written into it, as git (and GitHub's `POST /git/trees` with `base_tree`)
 * would compute it: new files get mode 100644.
 */
export async function predictTree(readTree: TreeReader, base: string, files: ReadonlyArray<{path: string; sha: string}>): Promise<PredictedTree> {
  const root = emptyFolder()
  for (const file of files) {
    const parts = file.path.split('/')
    const name = parts.pop()!
    let folder = root
    for (const part of parts) {
      let next = folder.folders.get(part)
      if (!next) {
        next = emptyFolder()
        folder.folders.set(part, next)
      }

      folder = next
    }

    folder.files.set(name, file)
  }

  const status = new Map<string, FileStatus>()

  async function build(folder: Folder, sha: string | undefined, prefix: string): Promise<string> {
    const items = sha === undefined ? [] : await readTree(sha)
    const entries = new Map(items.map((item) => [item.name, item]))
    for (const [name, file] of folder.files) {
      const existing = entries.get(name)
      if (existing && isTree(existing.mode)) {
        throw new UsageError(`${file.path}: the repository has a folder of that name`)
      }

      status.set(file.path, existing === undefined ? 'added' : existing.sha === file.sha && existing.mode === '100644' ? 'unchanged' : 'updated')
      entries.set(name, {name, mode: '100644', sha: file.sha})
    }

    await Promise.all(
      [...folder.folders].map(async ([name, child]) => {
        const existing = entries.get(name)
        if (existing && !isTree(existing.mode)) {
          throw new UsageError(`${prefix}${name}: the repository has a file of that name where a folder is needed`)
        }

        entries.set(name, {name, mode: '40000', sha: await build(child, existing?.sha, `${prefix}${name}/`)})
      })
    )
    return treeSha([...entries.values()])
  }

  return {sha: await build(root, base, ''), status}
}
