// Which files `minutes check` reads, as markdownlint-cli2 decides it:
// .gitignore (nested ones, and a parent's inside a repository) unless turned
// off, the configuration's `ignores`, and `!pattern` arguments.
import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {findFiles} from '../src/check/files.js'
import {runProgram} from '../src/cli/program.js'
import {memoryContext} from './helpers/cli.js'

const note = (date: string) => `# Team IaaS ${date}\n\n## Participants\n\n- @alice-example\n`

/** A minutes repository: `.git`, a .gitignore, a nested one, drafts and minutes. */
async function repository(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'minutes-files-'))
  const files: Record<string, string> = {
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': '# local notes\nscratch/\n*.draft.md\n',
    'iaas/20240306.md': note('2024-03-06'),
    'iaas/20240313.draft.md': note('2024-03-13'),
    'iaas/.gitignore': 'private.md\n',
    'iaas/private.md': note('2024-03-20'),
    'scratch/20240101.md': note('2024-01-01'),
    'ops/20240307.md': note('2024-03-07'),
    'ops/old/20200101.md': note('2020-01-01')
  }
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(directory, name)), {recursive: true})
    await writeFile(join(directory, name), text)
  }

  return directory
}

describe('findFiles', () => {
  it('leaves out what .gitignore files ignore, nested ones included', async () => {
    const directory = await repository()
    expect(await findFiles([], directory)).toEqual(['iaas/20240306.md', 'ops/20240307.md', 'ops/old/20200101.md'])
    expect(await findFiles(['iaas'], directory)).toEqual(['iaas/20240306.md'])
    expect(await findFiles(['**/*.md'], directory)).toEqual(['iaas/20240306.md', 'ops/20240307.md', 'ops/old/20200101.md'])
  })

  it('applies the repository\'s .gitignore from a folder inside it', async () => {
    const directory = await repository()
    expect(await findFiles([], join(directory, 'iaas'))).toEqual(['20240306.md'])
  })

  it('checks everything with gitignore: false', async () => {
    const directory = await repository()
    expect(await findFiles([], directory, {gitignore: false})).toEqual([
      'iaas/20240306.md',
      'iaas/20240313.draft.md',
      'iaas/private.md',
      'ops/20240307.md',
      'ops/old/20200101.md',
      'scratch/20240101.md'
    ])
  })

  it('leaves out the configuration\'s ignores, relative to the configuration\'s folder', async () => {
    const directory = await repository()
    expect(await findFiles([], directory, {ignores: ['ops/old'], base: directory})).toEqual(['iaas/20240306.md', 'ops/20240307.md'])
    expect(await findFiles([], join(directory, 'ops'), {ignores: ['ops/old/**'], base: directory})).toEqual(['20240307.md'])
    expect(await findFiles(['ops'], directory, {ignores: ['**/2024*.md'], base: directory})).toEqual(['ops/old/20200101.md'])
  })

  it('!pattern and #pattern arguments exclude, alone or after paths', async () => {
    const directory = await repository()
    expect(await findFiles(['!ops/old/**'], directory)).toEqual(['iaas/20240306.md', 'ops/20240307.md'])
    expect(await findFiles(['ops', '!ops/old'], directory)).toEqual(['ops/20240307.md'])
    expect(await findFiles(['**/*.md', '#iaas/*'], directory)).toEqual(['ops/20240307.md', 'ops/old/20200101.md'])
    expect(await findFiles(['.', '!./ops/**'], directory)).toEqual(['iaas/20240306.md'])
  })

  it('names a file given by name that is left out, and why', async () => {
    const directory = await repository()
    const ignored: string[] = []
    const files = await findFiles(['iaas/private.md', 'iaas/20240306.md', 'ops/20240307.md', '!ops/*'], directory, {
      onIgnored: (file, reason) => ignored.push(`${file}: ${reason}`)
    })
    expect(files).toEqual(['iaas/20240306.md'])
    expect(ignored).toEqual(['iaas/private.md: ignored by .gitignore (--no-gitignore checks it)', 'ops/20240307.md: excluded by `!ops/*`'])
  })

  it('arguments whose every file is left out are an input error', async () => {
    const directory = await repository()
    await expect(findFiles(['scratch'], directory)).rejects.toThrow('scratch: every file is left out (1 left out by .gitignore, `ignores` or `!` patterns)')
    await expect(findFiles(['!**'], directory)).rejects.toThrow('no Markdown files in this folder or below (6 left out')
  })
})

describe('minutes check: which files', () => {
  it('a ! pattern no longer exits 2; ignores and gitignore come from the configuration; --no-gitignore', async () => {
    const directory = await repository()
    await writeFile(join(directory, 'minutes.config.json'), '{\n  // drafts are not minutes\n  "ignores": ["ops/old/**"]\n}\n')
    const run = async (...args: string[]) => {
      const {context, stdout, stderr} = memoryContext({cwd: directory})
      const code = await runProgram(['node', 'minutes', 'check', ...args], context)
      return {code, stdout: stdout(), stderr: stderr()}
    }

    const plain = await run()
    expect(plain.stderr).toBe('')
    expect(plain.stdout).toContain('2 files checked')
    expect((await run('!iaas/**')).stdout).toContain('1 file checked')
    expect((await run('--no-gitignore')).stdout).toContain('5 files checked')

    const named = await run('iaas/private.md', 'iaas/20240306.md')
    expect(named.stderr).toContain('warning iaas/private.md: not checked, ignored by .gitignore (--no-gitignore checks it)')
    expect(named.stdout).toContain('1 file checked')

    await writeFile(join(directory, 'minutes.config.json'), '{"gitignore": false}\n')
    expect((await run()).stdout).toContain('6 files checked')
  })
})
