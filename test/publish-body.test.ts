// The pull request body (templates/pr-body.liquid): what it says, and that
// GitHub renders it as meant (lint-clean, one table, tight lists).
import {describe, expect, it} from 'vitest'
import {defaultConfig} from '../src/config/schema.js'
import {bodyData, renderBody} from '../src/publish/body.js'
import type {PublishFile} from '../src/publish/files.js'
import type {FileStatus} from '../src/publish/tree.js'
// @ts-expect-error -- a JavaScript helper of the project's scripts, without types
import {lint} from '../scripts/markdownlint.js'

const minutes = (team: string, date: string, extra: Partial<NonNullable<PublishFile['minutes']>> = {}) => ({
  team,
  date,
  title: `Team ${team} ${date}`,
  participants: 0,
  actionItems: [],
  source: undefined,
  ...extra
})

const files: PublishFile[] = [
  {
    path: 'iaas/20230726.md',
    content: Buffer.alloc(4210),
    minutes: minutes('iaas', '2023-07-26', {
      participants: 1,
      actionItems: [
        {owners: ['jane-doe', 'octocat'], text: 'write the upgrade guide'},
        {owners: [], text: 'find a room'}
      ],
      source: 'https://input.scs.community/abc'
    })
  },
  {path: 'iaas/20230726-1.png', content: Buffer.alloc(120_000)},
  {path: 'container/20230727.md', content: Buffer.alloc(100), minutes: minutes('container', '2023-07-27')},
  {path: 'container/20230720.md', content: Buffer.alloc(100), minutes: minutes('container', '2023-07-20')}
]

const status = new Map<string, FileStatus>([
  ['iaas/20230726.md', 'added'],
  ['iaas/20230726-1.png', 'added'],
  ['container/20230727.md', 'updated'],
  ['container/20230720.md', 'unchanged']
])

async function body(selected: readonly PublishFile[], fork = false) {
  return renderBody(bodyData({repository: 'SovereignCloudStack/minutes', base: 'main', branch: 'minutes/x', fork, files: selected, status, config: defaultConfig}), {cwd: process.cwd()})
}

/** A pull request body is no document: it starts with text, not an H1. */
async function problems(markdown: string) {
  const found = (await lint({'body.md': markdown})) as Array<{rule: string}>
  return found.filter((problem) => !problem.rule.startsWith('MD041/'))
}

describe('pull request body', () => {
  it('describes one meeting: file, size, participants, action items without notifying anyone, source', async () => {
    const markdown = await body(files.slice(0, 1))
    expect(markdown).toBe(`Minutes of Team IaaS on 2023-07-26, from the note <https://input.scs.community/abc>.

| File | Size | Change |
| --- | ---: | --- |
| \`iaas/20230726.md\` | 4.2 kB | added |

### \`iaas/20230726.md\`

- Team IaaS, 2023-07-26
- 1 participant
- 2 action items
- Note: <https://input.scs.community/abc>

Action items:

- \`@jane-doe\`, \`@octocat\`: write the upgrade guide
- find a room

---

Published with \`minutes publish\`. Running it again updates this pull request.
`)
    expect(await problems(markdown)).toEqual([])
  })

  it('lists several files with a total, pictures included, and counts those already on the base', async () => {
    const markdown = await body(files, true)
    expect(markdown).toContain('Minutes of 2 meetings.\n')
    expect(markdown).toContain('| `iaas/20230726-1.png` | 120 kB | added |\n| `container/20230727.md` | 100 B | updated |\n| 3 files | 124 kB | |\n')
    expect(markdown).toContain('One more file is already on `main` as it is.')
    expect(markdown).not.toContain('container/20230720.md')
    expect(markdown).toContain('Published with `minutes publish` from a fork.')
    expect(await problems(markdown)).toEqual([])
  })

  it('sums up many meetings in a table and stays under GitHub\'s size limit', async () => {
    const many: PublishFile[] = Array.from({length: 3000}, (_, index) => ({
      path: `team-${index % 20}/2023${String(1000 + index).slice(1)}.md`,
      content: Buffer.alloc(10),
      minutes: minutes(`team-${index % 20}`, '2023-01-01', {participants: index % 7})
    }))
    const markdown = await renderBody(
      bodyData({repository: 'SovereignCloudStack/minutes', base: 'main', branch: 'minutes/x', fork: false, files: many, status: new Map(), config: defaultConfig}),
      {cwd: process.cwd()}
    )
    expect(markdown).toContain('Minutes of 3000 meetings.')
    expect(markdown).not.toContain('### ')
    expect(markdown.length).toBeLessThan(65_536)
    expect(markdown).toMatch(/… \(shortened; the commit lists every file\)\n$/)
  })
})
