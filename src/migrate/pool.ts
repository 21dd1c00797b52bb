/**
 * The worker pool of a migration (piscina): one thread per core by default,
 * each converting one note at a time with a processor it keeps.
 */
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Piscina} from 'piscina'
import {MinutesError} from '../errors.js'
import type {Task, TaskResult, WorkerSetup} from './worker.js'

/**
 * The compiled worker module. Worker threads run JavaScript, so the worker
 * is always `dist/migrate/worker.js`: beside this module once built, and
 * found from `src/` when this module runs as TypeScript (vitest; `npm test`
 * builds `dist/` first).
 */
function workerFile(): string {
  const url = import.meta.url.endsWith('.ts') ? new URL('../../dist/migrate/worker.js', import.meta.url) : new URL('./worker.js', import.meta.url)
  return fileURLToPath(url)
}

export type Pool = Piscina<Task, TaskResult>

export function createPool(setup: WorkerSetup, threads: number): Pool {
  const filename = workerFile()
  if (!existsSync(filename)) {
    throw new MinutesError(`${filename}: the compiled worker is missing`, {hint: 'Run `npm run build` first.'})
  }

  return new Piscina<Task, TaskResult>({
    filename,
    workerData: setup,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    // Piscina loads the worker with require() first, import() when that
    // fails. Node 20's require() of an ES module can abort the whole process
    // (V8 fatal "IsGraphAsync must be used on an instantiated module", seen
    // under vitest); switched off, piscina takes import() at once.
    execArgv: [...process.execArgv, '--no-experimental-require-module']
  })
}
