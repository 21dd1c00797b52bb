/**
 * SIGINT (Ctrl-C) and SIGTERM.
 *
 * While nothing holds them they keep Node's default: the process ends at
 * once, also in the middle of a long synchronous conversion, where a
 * JavaScript handler could only run once the conversion is over (micromark
 * blocks the event loop). Ending at once loses nothing: no file is written
 * outside a hold, and writeFileAtomic (output/write.ts) removes its temporary
 * file on a signal (signal-exit).
 *
 * `hold(task)` catches them while `task` runs: the first one aborts the
 * task's signal, so it can stop cleanly (migrate finishes the files it is
 * writing and says what is left; a command writing its output finishes the
 * files and then ends with 130 or 143); a second one ends the process at
 * once with 130 (SIGINT) or 143 (SIGTERM).
 */
export type Hold = <T>(task: (signal: AbortSignal) => Promise<T>) => Promise<T>

const names = ['SIGINT', 'SIGTERM'] as const
export type SignalName = (typeof names)[number]

/** Exit code for a process ended by `name`: 128 + its number. */
export function signalExitCode(name: SignalName): 130 | 143 {
  return name === 'SIGINT' ? 130 : 143
}

/** The hold of this process (the CLI's entry installs it in the context). */
export function processHold(exit: (code: number) => void = (code) => process.exit(code)): Hold {
  const active = new Set<AbortController>()
  let received: SignalName | undefined

  function onSignal(name: SignalName): void {
    if (received !== undefined) {
      exit(signalExitCode(name))
      return
    }

    received = name
    for (const controller of active) controller.abort(name)
  }

  const listeners = new Map(names.map((name) => [name, () => onSignal(name)]))

  return async function hold(task) {
    const controller = new AbortController()
    if (received !== undefined) controller.abort(received)
    if (active.size === 0) for (const [name, listener] of listeners) process.on(name, listener)
    active.add(controller)
    try {
      return await task(controller.signal)
    } finally {
      active.delete(controller)
      // Back to the default: the process ends at once again.
      if (active.size === 0) for (const [name, listener] of listeners) process.off(name, listener)
    }
  }
}
