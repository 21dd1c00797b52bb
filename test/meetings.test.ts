// Meetings in a note: which headings start one, where each ends, the
// preamble, empty meetings, and the byte-identity of a meeting cut from a
// pad with the same meeting as a note of its own.
import {existsSync} from 'node:fs'
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {convert} from '../src/pipeline/convert.js'
import {convertMeeting} from '../src/meetings/convert.js'
import {meetingDate} from '../src/meetings/dates.js'
import {isCalendarDate} from '../src/util/date.js'
import {findMeetings} from '../src/meetings/find.js'
import {buildPad, preamble} from './helpers/pads.js'
import {root} from './helpers/cli.js'

const fixtures = join(root, 'fixtures', 'meetings')
const corpus = join(root, '..', 'shared', 'corpus')

describe('meeting dates', () => {
  it('knows calendar dates', () => {
    expect(['2024-02-29', '2000-02-29', '2023-12-31'].map((value) => isCalendarDate(value))).toEqual([true, true, true])
    expect(['2023-02-29', '1900-02-29', '2024-13-01', '2024-04-31', '2024-00-10', '2024-1-10', '20240110'].map((value) => isCalendarDate(value))).toEqual(
      [false, false, false, false, false, false, false]
    )
  })

  it.each([
    ['2026-06-04', '2026-06-04'],
    ['2026-06-04 (Thursday)', '2026-06-04'],
    ['2024-01-10 Team IaaS', '2024-01-10'],
    ['2024-05-08: Break-out session', '2024-05-08'],
    ['SCS Tech Weekly 2023-05-04', '2023-05-04'],
    ['SIG Documentation on 2024-02-01', '2024-02-01'],
    ['SIG Documentation on 2024-02–01', '2024-02-01'],
    ['Cluster Stacks Meeting - 2025-01-28', '2025-01-28'],
    ['Minutes SCS Product Board 2023-03-06', '2023-03-06'],
    ['Community Call 2023-11-16', '2023-11-16']
  ])('%s is the meeting of %s', (text, date) => {
    expect(meetingDate(text)).toEqual({date})
  })

  it.each(['Goals for 2024-08-30', 'Preparation for 2024-08-30', 'R6 was released on 2024-03-20', 'Moved to 2024-05-02', 'Prep 2024-08-23, 14:15 CEST', 'Incident (2024-06-14)', 'May 16, 2024', '16.05.2024', '2022-09 Hackathon', 'Release 2024-03-20x', '2024-03-201'])(
    '%s names no meeting',
    (text) => {
      expect(meetingDate(text)).toBeUndefined()
    }
  )

  it('a meeting title without a calendar date is told apart', () => {
    expect(meetingDate('2024-13-01')).toEqual({invalid: '2024-13-01'})
    expect(meetingDate('Team IaaS 2023-02-29')).toEqual({invalid: '2023-02-29'})
  })
})

describe('findMeetings', () => {
  it('a running pad: the preamble, the meetings at the highest dated level, an empty one skipped', async () => {
    const text = await readFile(join(fixtures, 'running-pad', 'pad.md'), 'utf8')
    const found = findMeetings(text, {path: 'pad.md'})
    expect(found.depth).toBe(2)
    expect(found.preambleLines).toBe(16)
    expect(found.meetings.map(({date, title, line, endLine}) => ({date, title, line, endLine}))).toEqual([
      // The quote, the code and the mistyped date are part of it; `# Archive` ends the last but one.
      {date: '2024-03-27', title: '2024-03-27', line: 29, endLine: 52},
      {date: '2024-03-20', title: '2024-03-20 Release day', line: 53, endLine: 56},
      {date: '2024-03-13', title: '2024-03-13', line: 61, endLine: 63}
    ])
    expect(found.empty.map(({date, line}) => ({date, line}))).toEqual([{date: '2024-04-03', line: 17}])
    expect(found.messages.map(({line, column, severity, ruleId}) => `${line}:${column} ${severity} ${ruleId}`)).toEqual(['17:1 info empty-meeting', '45:1 warning meeting-date'])
    expect(found.messages[1]!.message).toBe('Unexpected date `2024-02-30` in a meeting heading, expected a calendar date (YYYY-MM-DD); the heading starts no meeting')
  })

  it('lifts a meeting\'s headings so its date heading is the H1: `#`s dropped, a setext H2 underlined with `===`', async () => {
    const text = await readFile(join(fixtures, 'running-pad', 'pad.md'), 'utf8')
    const meeting = findMeetings(text).meetings[0]!
    expect(meeting.text.split('\n').slice(0, 3)).toEqual(['# 2024-03-27', '', '## Participants'])
    expect(meeting.text).toContain('\n> # 2024-03-25\n')
    // Code is text, not headings.
    expect(meeting.text).toContain('\n```markdown\n## 2024-03-26\n```\n')
    expect(meeting.text).toContain('\nRetrospective notes\n===================\n')
  })

  it('messages on a lifted heading point at its column in the pad', async () => {
    const {placeMessage} = await import('../src/meetings/place.js')
    const meeting = findMeetings('# Pad\n\n### 2024-01-10 **Team**\n\n- notes\n\n### 2024-01-17\n\n- more\n').meetings[0]!
    expect(meeting.text.split('\n')[0]).toBe('# 2024-01-10 **Team**')
    const message = {file: undefined, line: 1, column: 14, ruleId: 'x', severity: 'warning' as const, message: 'm'}
    expect(placeMessage(message, meeting, 'pad.md')).toEqual({...message, file: 'pad.md', line: 3, column: 16})
    expect(placeMessage({...message, line: 3, column: 3}, meeting, 'pad.md')).toMatchObject({line: 5, column: 3})
  })

  it('a note with one dated heading or none is one meeting, the whole note as it is', () => {
    const note = '---\ntags: iaas\n---\n\nSome words first.\n\n# Team IaaS 2024-01-10\n\n## Next meeting 2024-01-17\n'
    expect(findMeetings(note).meetings).toEqual([
      {date: '2024-01-10', title: 'Team IaaS 2024-01-10', line: 1, column: 1, endLine: 9, depth: 1, text: note, whole: true, lifts: []}
    ])
    expect(findMeetings('# Workshop\n\nNotes.\n').meetings.map(({date, whole}) => ({date, whole}))).toEqual([{date: undefined, whole: true}])
    // A running pad: its only meeting is cut from the preamble; without one it has none.
    const pad = `${preamble}## 2024-01-10\n\n- first meeting of the year\n`
    expect(findMeetings(pad, {running: true}).meetings.map(({date, line, text}) => ({date, line, text}))).toEqual([
      {date: '2024-01-10', line: 13, text: '# 2024-01-10\n\n- first meeting of the year\n'}
    ])
    expect(findMeetings(preamble, {running: true}).meetings).toEqual([])
  })

  it('headings in code, quotes, lists, HedgeDoc containers and HTML start no meeting', () => {
    const note = [
      '# Pad',
      '',
      '```',
      '## 2024-01-03',
      '```',
      '',
      '> ## 2024-01-04',
      '',
      '- ## 2024-01-05',
      '',
      ':::info',
      '## 2024-01-06',
      ':::',
      '',
      '<div>',
      '## 2024-01-07',
      '</div>',
      '',
      '## 2024-01-10',
      '',
      '- notes',
      '',
      '## 2024-01-17',
      '',
      '- more notes',
      ''
    ].join('\n')
    expect(findMeetings(note).meetings.map(({date, line}) => `${date}@${line}`)).toEqual(['2024-01-10@19', '2024-01-17@23'])
  })

  it('dates in markup and HTML, en dashes; lines counted in the note as given (CRLF, blank lines before front matter)', () => {
    const note = '\n\n---\ntitle: pad\n---\n\n## <font color="#9f9fe9">Community Call</br> 2023-11-16</font>\r\n\r\n- a\r\n\r\n## **SIG Documentation on 2023-11–09**\r\n\r\n- b\r\n'
    const found = findMeetings(note)
    expect(found.meetings.map(({date, line}) => `${date}@${line}`)).toEqual(['2023-11-16@7', '2023-11-09@11'])
    expect(found.preambleLines).toBe(6)
  })
})

/** Notes of a folder, oldest first. */
async function notesIn(directory: string): Promise<string[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.md')).sort()
  return Promise.all(names.map((name) => readFile(join(directory, name), 'utf8')))
}

describe('a meeting cut from a pad converts byte for byte as its own note', () => {
  it('the fixture notes', async () => {
    const notes = await notesIn(join(fixtures, 'notes'))
    const found = findMeetings(buildPad(notes), {running: true})
    expect(found.meetings.map((meeting) => meeting.date)).toEqual(['2024-03-20', '2024-03-13', '2024-03-06'])
    for (const [index, meeting] of found.meetings.entries()) {
      const own = notes[notes.length - 1 - index]!
      expect((await convertMeeting(meeting)).markdown).toBe((await convert(own)).markdown)
    }
  })

  it('messages point at the pad\'s lines and columns', async () => {
    const notes = await notesIn(join(fixtures, 'notes'))
    const pad = buildPad(notes)
    const meeting = findMeetings(pad).meetings.at(-1)!
    const result = await convertMeeting(meeting, {path: 'pad.md'})
    const warning = result.messages.find((message) => message.ruleId === 'participant-handle')!
    expect(warning.file).toBe('pad.md')
    expect(pad.split('\n')[warning.line! - 1]).toBe('* Carol Example')
  })

  // Corpus notes whose first line is a dated H1 and whose headings can go
  // one level down (no setext, no H6), with no other dated H1.
  it.runIf(existsSync(corpus))('notes of the corpus, 60 in one pad', async () => {
    const candidates: string[] = []
    for (const team of (await readdir(corpus)).sort()) {
      for (const name of (await readdir(join(corpus, team)).catch(() => [])).filter((entry) => /^\d{8}\.md$/.test(entry)).sort()) {
        const text = await readFile(join(corpus, team, name), 'utf8')
        if (!/^# \d{4}-\d{2}-\d{2}[ \t]*\n/.test(text) || /^#{6} |^ {0,3}(?:=+|-+)[ \t]*$/m.test(text)) continue
        if (findMeetings(text).meetings.length !== 1) continue
        candidates.push(text)
      }
    }

    // Every seventh, for a spread over the teams and the years, in date order.
    const notes = candidates.filter((_, index) => index % 7 === 0).slice(0, 60)
    notes.sort((a, b) => a.slice(2, 12).localeCompare(b.slice(2, 12)))
    const pad = buildPad(notes)
    const found = findMeetings(pad, {running: true})
    expect(found.meetings).toHaveLength(notes.length)
    for (const [index, meeting] of found.meetings.entries()) {
      const own = notes[notes.length - 1 - index]!
      expect((await convertMeeting(meeting)).markdown, meeting.date).toBe((await convert(own)).markdown)
    }
  })
})
