// src/util/in-turn.ts: tasks of one key run one after another, in the order
// asked, also after a failure; tasks of other keys do not wait.
import {setTimeout as sleep} from 'node:timers/promises'
import {describe, expect, it} from 'vitest'
import {turns} from '../src/util/in-turn.js'

describe('turns', () => {
  it('runs the tasks of one key in order, one at a time, past a failure, and others at once', async () => {
    const inTurn = turns()
    const log: string[] = []
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`start ${name}`)
      await sleep(ms)
      log.push(`end ${name}`)
      if (fail) throw new Error(name)
      return name
    }

    const results = await Promise.allSettled([
      inTurn('a', task('a1', 30)),
      inTurn('a', task('a2', 5, true)),
      inTurn('a', task('a3', 1)),
      inTurn('b', task('b1', 10))
    ])
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message))).toEqual(['a1', 'a2', 'a3', 'b1'])
    expect(log.filter((entry) => entry.endsWith('a1') || entry.endsWith('a2') || entry.endsWith('a3'))).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3'])
    // b1 started before a1 ended, and ended before it.
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'))
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('end a1'))
  })
})
