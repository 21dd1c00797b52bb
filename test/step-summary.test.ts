// The job summary renders as written: `<` inside a code span shows as `<`
// (not `&lt;`), text outside code spans cannot become HTML, and `|` never
// splits a table cell. Rendered with micromark and GFM, as GitHub renders it.
import {micromark} from 'micromark'
import {gfm, gfmHtml} from 'micromark-extension-gfm'
import {expect, it} from 'vitest'
import {createProblem} from '../src/check/problem.js'
import {formatStepSummary} from '../src/report/check.js'

const render = (markdown: string) => micromark(markdown, {extensions: [gfm()], htmlExtensions: [gfmHtml()]})

/** The cells of the table's body rows, as HTML. */
function cells(html: string): string[][] {
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(html)![1]!
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!))
}

it('keeps < and | inside code spans as they are', () => {
  const problem = createProblem('iaas/20240306.md', 'format', 3, 1, 'Unexpected `<mark>a|b</mark>`, expected `==a|b==`')
  const [row] = cells(render(formatStepSummary([problem], 1)))
  expect(row).toHaveLength(5)
  expect(row![0]).toBe('<code>iaas/20240306.md</code>')
  expect(row![4]).toBe('Unexpected <code>&lt;mark&gt;a|b&lt;/mark&gt;</code>, expected <code>==a|b==</code>')
})

it('text outside code spans shows as text: no HTML, no split cell, no lost backslash', () => {
  const problem = createProblem('sig|x/`odd`.md', 'hedgedoc-link', 1, 1, 'Unexpected <img src=x> & a|b \\ `unclosed')
  const [row] = cells(render(formatStepSummary([problem], 1)))
  expect(row).toHaveLength(5)
  expect(row![0]).toBe('<code>sig|x/`odd`.md</code>')
  expect(row![4]).toBe('Unexpected &lt;img src=x&gt; &amp; a|b \\ `unclosed')
})

it('a code span with backticks inside (a longer fence) stays one code span', () => {
  const problem = createProblem('a.md', 'format', 1, 1, 'Unexpected ``a ` b``, expected `c`')
  const [row] = cells(render(formatStepSummary([problem], 1)))
  expect(row![4]).toBe('Unexpected <code>a ` b</code>, expected <code>c</code>')
})

it('notes under the table keep their code spans too', () => {
  const html = render(formatStepSummary([], 1, ['1 reference not checked: `<owner>/<repo>#1` needs a token']))
  expect(html).toContain('<li>1 reference not checked: <code>&lt;owner&gt;/&lt;repo&gt;#1</code> needs a token</li>')
})
