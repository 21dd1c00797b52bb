// A running pad searched in parts (src/meetings/split.ts, part.ts): taken
// only when the parts prove the whole pad's answer, and then exactly
// `findMeetings`'s; a converted part is the conversion of its meeting.
import {existsSync} from 'node:fs'
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {findMeetings} from '../src/meetings/find.js'
import {searchPart, type Parsed} from '../src/meetings/part.js'
import {joinParts, splitPad} from '../src/meetings/split.js'
import {convert} from '../src/pipeline/convert.js'
import {buildPad, preamble} from './helpers/pads.js'
import {root} from './helpers/cli.js'

async function inParts(text: string, convertPart?: (text: string, look: (parsed: Parsed) => void) => Promise<void>) {
  const split = splitPad(text)
  if (!split) return undefined
  const reports = await Promise.all(split.parts.map((part) => searchPart(part, convertPart)))
  return joinParts(split, reports, 'pad.md')
}

const week = (day: number) => `2024-${String(1 + Math.floor(day / 28)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}`

/** Convert each meeting's part, the part searched in the conversion's parse (as the workers of `sync` do). */
async function converting(text: string, look: (parsed: Parsed) => void): Promise<void> {
  await convert(text, {inspect: (tree, source) => look({tree, source})})
}

describe('a pad in parts', () => {
  it('the fixture pad: the parts prove the cut, and the meetings are findMeetings’s', async () => {
    const text = await readFile(join(root, 'fixtures', 'meetings', 'running-pad', 'pad.md'), 'utf8')
    const parts = await inParts(text)
    expect(parts).toBeDefined()
    expect(parts).toEqual(findMeetings(text, {path: 'pad.md', running: true}))
  })

  it.each([
    ['a dated heading in a fence inside a list item (the fence ends with the item)', '- item\n  ```\n## 2024-01-01\n\nnotes\n  ```\n'],
    ['a HedgeDoc container left open across a meeting heading', ':::info\nopen\n\n## 2024-01-01\n\nnotes\n:::\n'],
    ['an HTML comment left open across a meeting heading', '<!--\nopen\n\n## 2024-01-01\n\nnotes\n-->\n'],
    ['a meeting heading with markup', '## **2024-01-01**\n\nnotes\n'],
    ['a meeting heading after a paragraph line', 'text\n## 2024-01-01\n\nnotes\n'],
    ['an HTML block running into a meeting heading', '<div>\n## 2024-01-01\n</div>\n'],
    ['a `$$` block around a section heading', '$$\n# Section\n$$\n'],
    ['a `$$` block around a meeting heading', '$$\n\n## 2024-01-01\n$$\n'],
    ['front matter closed only after a meeting heading', '']
  ])('%s: not proved, or proved right', async (_, trap) => {
    const top = trap === '' ? `---\ntitle: pad\n\n## 2024-01-22\n\nin the front matter\n---\n\n${preamble}` : preamble
    const text = `${top}## 2024-01-15\n\nnotes of the 15th\n\n## 2024-01-08\n\n${trap}\n## 2023-12-18\n\nnotes\n`
    const parts = await inParts(text)
    if (parts) expect(parts).toEqual(findMeetings(text, {path: 'pad.md', running: true}))
  })

  it('headings the cheap lift misses (setext, in quotes and lists) are lifted from the part’s own parse', async () => {
    const text = `${preamble}## 2024-01-15\n\nTopic\n---\n\nnotes\n\n> ### Quoted\n\n- ### In a list\n\n## 2024-01-08\n\n### Plain\n\n\`\`\`\n### in code\n\`\`\`\n`
    const parts = await inParts(text)
    expect(parts).toBeDefined()
    expect(parts).toEqual(findMeetings(text, {path: 'pad.md', running: true}))
    expect(parts!.meetings[0]!.text).toContain('Topic\n===')
    expect(parts!.meetings[1]!.text).toContain('```\n### in code\n```')
  })

  it('a section after the meetings, an invalid date and an empty meeting come out as findMeetings says', async () => {
    const text = `${preamble}## 2024-01-22\n\n### Participants\n- @\n\n## 2024-01-15\n\nnotes\n\n## 2024-13-01\n\ntypo\n\n## 2024-01-08\n\nmore\n\n# Archive\n\nold things\n`
    const parts = await inParts(text)
    expect(parts).toBeDefined()
    const whole = findMeetings(text, {path: 'pad.md', running: true})
    expect(parts).toEqual(whole)
    expect(whole.empty.map((meeting) => meeting.date)).toEqual(['2024-01-22'])
    expect(whole.messages.map((message) => message.ruleId)).toEqual(['empty-meeting', 'meeting-date'])
  })

  it('a converted part gives the conversion of its meeting', async () => {
    const text = `${preamble}## 2024-01-15\n\n### Participants\n- @alice\n\nTopic\n---\n\nSee #12.\n\n## 2024-01-08\n\n### Participants\n- @bob\n`
    const conversions = new Map<string, string>()
    const parts = await inParts(text, async (meeting, look) => {
      const result = await convert(meeting, {inspect: (tree, source) => look({tree, source})})
      conversions.set(meeting, result.markdown)
    })
    expect(parts).toEqual(findMeetings(text, {path: 'pad.md', running: true}))
    for (const meeting of parts!.meetings) expect(conversions.get(meeting.text)).toBe((await convert(meeting.text)).markdown)
  })

  it('on pads of random blocks, a proved answer is findMeetings’s', async () => {
    let proved = 0
    const block = fc.constantFrom(
      'notes\n',
      '### Topic\n',
      'Topic\n---\n',
      '- item\n  ```\n',
      '```\n',
      '~~~~\n',
      ':::info\n',
      ':::\n',
      '<!--\n',
      '-->\n',
      '<div>\n',
      '> quote\n',
      '- ## listed\n',
      '$$\n',
      '| a | b |\n| - | - |\n',
      '## 2024-13-01\n',
      '# Section\n',
      '## **2023-05-05**\n',
      '### 2023-05-06\n',
      '    ## indented\n',
      'Term\n',
      ': definition\n',
      '<pre>\n',
      '</pre>\n',
      '[^1]: a footnote\n',
      '*[HTML]: Hyper Text\n',
      '[TOC]\n',
      '## 2023-05-07\n',
      '\n'
    )
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(block, {maxLength: 6}), {minLength: 2, maxLength: 6}), async (meetings) => {
        const text = preamble + meetings.map((blocks, index) => `## ${week(60 - index)}\n\n${blocks.join('')}\n`).join('')
        const parts = await inParts(text)
        if (parts) {
          proved++
          expect(parts).toEqual(findMeetings(text, {path: 'pad.md', running: true}))
          // The same from the conversions' trees.
          expect(await inParts(text, converting)).toEqual(parts)
        }
      }),
      {numRuns: 150}
    )
    // Most random pads leave something open or hide a meeting; some must be proved.
    expect(proved).toBeGreaterThan(10)
  })

  const corpus = join(root, '..', 'shared', 'corpus')
  it.runIf(existsSync(corpus))('a pad of corpus notes is proved in parts', async () => {
    const notes: string[] = []
    for (const name of (await readdir(join(corpus, 'iaas'))).sort().slice(0, 20)) {
      const text = await readFile(join(corpus, 'iaas', name), 'utf8')
      if (/^# \d{4}-\d{2}-\d{2}[ \t]*\n/.test(text) && !/^#{6} |^ {0,3}(?:=+|-+)[ \t]*$/m.test(text)) notes.push(text)
    }

    const text = buildPad(notes)
    const parts = await inParts(text)
    expect(parts).toBeDefined()
    expect(parts).toEqual(findMeetings(text, {path: 'pad.md', running: true}))
  })
})
