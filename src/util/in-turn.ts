/**
 * Tasks in turn per key: `inTurn(key, task)` runs `task` once every earlier
 * task of the same key has settled (also when one failed), and gives its
 * result. Tasks of different keys run at once. Used for files: `migrate`
 * for each minutes file, the writer for each path it replaces.
 *
 * Written here: the queue libraries (p-queue, p-limit) limit how many tasks
 * run, not which ones wait for which; keyed locks (async-lock) add timeouts
 * and options these ten lines do not need.
 */
export function turns(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const last = new Map<string, Promise<unknown>>()
  return function inTurn<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = last.get(key)
    const next = previous ? previous.then(task) : task()
    const settled = next.catch(() => undefined)
    last.set(key, settled)
    void settled.then(() => {
      if (last.get(key) === settled) last.delete(key)
    })
    return next
  }
}
