/**
 * A linear `EditMap#consume` for micromark, used while minutes parses.
 *
 * micromark 4.0.3 closes a container's flow (every list item after the first,
 * every lazy line that starts a new block) with an `EditMap` on the events of
 * the whole document, and `EditMap#consume` copies *every* event each time,
 * even when the edits are at the very end: a note with `n` list items and `e`
 * events costs `n × e`. The corpus joined into one 1.5 MB note took 167 s to
 * parse with plain remark-parse; with this `consume`, 5 s. Related upstream
 * reports: micromark/micromark#169, wooorm/markdown-rs#113 and #218 (the
 * quadratic `add`, already fixed in micromark-util-edit-map 1.0.0); this copy
 * in `consume` is not reported upstream yet.
 *
 * No extension point reaches micromark's document tokenizer, and a patched
 * dependency (patch-package) only applies to this repository's own install,
 * not to a user's `npm install minutes`. So this module swaps in, for the
 * duration of one parse only, a `consume` with the same result that leaves
 * the events before the first edit in place: it costs what the edits move.
 * Other micromark users in the process are untouched.
 */
import {EditMap} from 'micromark-util-edit-map'
import type {Event} from 'micromark-util-types'

/** How many times the linear `consume` ran (tests: the swap reaches micromark's copy). */
export const linearConsumes = {count: 0}

/** Apply `map`'s edits to `events`, moving only the events from the first edit on. */
function consume(this: EditMap, events: Event[]): undefined {
  const {map} = this
  if (map.length === 0) return
  map.sort((a, b) => a[0] - b[0])
  linearConsumes.count++
  const tail: Event[] = []
  for (let index = 0; index < map.length; index++) {
    const [at, remove, add] = map[index]!
    const next = index + 1 < map.length ? map[index + 1]![0] : events.length
    for (const event of add) tail.push(event)
    for (let kept = at + remove; kept < next; kept++) tail.push(events[kept]!)
  }

  events.length = map[0]![0]
  for (const event of tail) events.push(event)
  map.length = 0
  this.index.clear()
}

/** Run `parse` (synchronous) with the linear `consume` in place. */
export function withLinearEdits<T>(parse: () => T): T {
  const prototype = EditMap.prototype
  const saved = prototype.consume
  // A future micromark-util-edit-map without this method: nothing to swap.
  if (typeof saved !== 'function') return parse()
  prototype.consume = consume
  try {
    return parse()
  } finally {
    prototype.consume = saved
  }
}
