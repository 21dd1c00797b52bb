// Running pads made of notes, as teams keep them: a preamble on top, then
// the meetings newest first, each note's headings one level down.
import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import {createProcessor} from '../../src/pipeline/processor.js'

export const preamble = `# Team Example pad

Weekly on Wednesdays, 10:05, in https://conf.example.org/team-example

## Template

### Participants
- @

### Topics
- ...

`

/** A note's ATX headings one level down (the tree says which lines are headings). */
export function pushDown(note: string): string {
  const lines = note.split('\n')
  const tree = createProcessor().parse(note) as Root
  visit(tree, 'heading', function (heading) {
    const {start, end} = heading.position!
    if (start.line !== end.line) throw new Error(`setext heading at line ${start.line}: cannot push it down`)
    if (heading.depth === 6) throw new Error(`H6 at line ${start.line}: cannot push it down`)
    const line = lines[start.line - 1]!
    const at = line.indexOf('#', start.column - 1)
    lines[start.line - 1] = line.slice(0, at) + '#' + line.slice(at)
  })
  return lines.join('\n')
}

/** A pad of `notes` (oldest first): the preamble, then the newest meeting on top. */
export function buildPad(notes: readonly string[], top = preamble): string {
  return top + [...notes].reverse().map((note) => pushDown(note).replace(/\n*$/, '\n')).join('\n')
}
