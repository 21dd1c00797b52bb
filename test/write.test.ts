// writeFileAtomic's own replacement of a regular file (output/write.ts):
// what write-file-atomic did before it, with fewer system calls. The
// special places (links, FIFOs, read-only files, folders that cannot be
// made) are rows of bad-input.test.ts.
import {chmod, mkdtemp, readFile, readdir, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {writeFileAtomic} from '../src/output/write.js'

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'minutes-write-'))
}

describe('writeFileAtomic', () => {
  it('writes a new file in folders it makes, with the mode open(2) gives, and leaves nothing beside it', async () => {
    const root = await folder()
    const file = join(root, 'iaas', '2024', '20240306.md')
    await writeFileAtomic(file, '# Team IaaS 2024-03-06\n')
    expect(await readFile(file, 'utf8')).toBe('# Team IaaS 2024-03-06\n')
    const umask = process.umask()
    expect((await stat(file)).mode & 0o777).toBe(0o666 & ~umask)
    expect(await readdir(join(root, 'iaas', '2024'))).toEqual(['20240306.md'])
  })

  it('replaces a file and keeps its mode, also bits the umask would clear', async () => {
    const root = await folder()
    const file = join(root, '20240306.md')
    await writeFile(file, 'old\n')
    await chmod(file, 0o606)
    await writeFileAtomic(file, new TextEncoder().encode('new\n'))
    expect(await readFile(file, 'utf8')).toBe('new\n')
    expect((await stat(file)).mode & 0o777).toBe(0o606)
    expect(await readdir(root)).toEqual(['20240306.md'])
  })

  it('writes one file in the order the writes were asked for, all at once', async () => {
    const root = await folder()
    const file = join(root, 'new', '20240306.md')
    await Promise.all(Array.from({length: 20}, (_, index) => writeFileAtomic(file, `version ${index}\n`)))
    expect(await readFile(file, 'utf8')).toBe('version 19\n')
    expect(await readdir(join(root, 'new'))).toEqual(['20240306.md'])
  })

  it('writes many files at once, each whole', async () => {
    const root = await folder()
    const names = Array.from({length: 50}, (_, index) => join(root, `team-${index % 5}`, `2024${String(index).padStart(4, '0')}.md`))
    await Promise.all(names.map((name) => writeFileAtomic(name, `${name}\n`.repeat(100))))
    for (const name of names) expect(await readFile(name, 'utf8')).toBe(`${name}\n`.repeat(100))
    for (let team = 0; team < 5; team++) expect(await readdir(join(root, `team-${team}`))).toHaveLength(10)
  })
})
