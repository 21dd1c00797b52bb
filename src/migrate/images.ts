/**
 * Pictures of a batch, downloaded once: the seam for the image resolver
 * (src/output/images.ts). Conversions run in worker threads, downloads in
 * the main thread: a worker that meets a picture asks the main thread over a
 * BroadcastChannel, the main thread asks the resolver once per URL (the
 * promise is shared, so two notes showing the same picture wait for one
 * download) and answers with the copy's path under the output folder; the
 * worker writes it relative to the note's minutes.
 *
 * BroadcastChannel rather than a MessagePort per worker: the pool (piscina)
 * gives every worker the same `workerData`, and a channel by name needs no
 * port handed to each thread. Answers reach every worker; each keeps its own
 * by request id.
 */
import {randomUUID} from 'node:crypto'
import {posix} from 'node:path'
import {BroadcastChannel, threadId} from 'node:worker_threads'

/** Resolves the pictures of a whole batch (in the main thread). */
export interface BatchImageResolver {
  /**
   * Download the picture at `url`, shown in minutes in `directory` (relative
   * to the output folder, `.` for its top), and return the copy's path
   * relative to the output folder, or `undefined` to keep the URL. Called
   * once per URL per batch: the first note to show a picture decides where
   * its copy goes.
   */
  resolve(url: string, directory: string): Promise<string | undefined>
}

interface Request {
  type: 'request'
  id: string
  url: string
  directory: string
}

interface Answer {
  type: 'answer'
  id: string
  path: string | undefined
  error?: string
}

/** Main thread: answer the workers' picture requests on channel `name` until closed. */
export function serveImages(resolver: BatchImageResolver): {name: string; close: () => void} {
  const name = `minutes-images-${randomUUID()}`
  const channel = new BroadcastChannel(name)
  const pending = new Map<string, Promise<string | undefined>>()
  channel.onmessage = function (event) {
    const request = (event as {data: Request | Answer}).data
    if (request.type !== 'request') return
    let download = pending.get(request.url)
    if (!download) {
      download = resolver.resolve(request.url, request.directory)
      pending.set(request.url, download)
    }

    download.then(
      (path) => channel.postMessage({type: 'answer', id: request.id, path} satisfies Answer),
      (error: unknown) => channel.postMessage({type: 'answer', id: request.id, path: undefined, error: String((error as Error)?.message ?? error)} satisfies Answer)
    )
  }

  return {name, close: () => channel.close()}
}

/**
 * Worker thread: a `resolveImage` for `convert` asking the main thread on
 * channel `name`. `current()` says in which folder the minutes being
 * converted go, and collects the copies it shows and download problems.
 */
export function imageClient(
  name: string,
  current: () => {directory: string; pictures: string[]; problems: Array<{url: string; reason: string}>} | undefined
) {
  const channel = new BroadcastChannel(name)
  // The channel must not keep a finished worker alive.
  ;(channel as unknown as {unref?: () => void}).unref?.()
  const waiting = new Map<string, (answer: Answer) => void>()
  let counter = 0
  channel.onmessage = function (event) {
    const answer = (event as {data: Request | Answer}).data
    if (answer.type !== 'answer') return
    const done = waiting.get(answer.id)
    if (done) {
      waiting.delete(answer.id)
      done(answer)
    }
  }

  return async function resolveImage(url: string): Promise<string | undefined> {
    const note = current()
    if (!note) return undefined
    const id = `${threadId}-${counter++}`
    const answer = await new Promise<Answer>((resolve) => {
      waiting.set(id, resolve)
      channel.postMessage({type: 'request', id, url, directory: note.directory} satisfies Request)
    })
    if (answer.error !== undefined) note.problems.push({url, reason: answer.error})
    if (answer.path === undefined) return undefined
    note.pictures.push(answer.path)
    return posix.relative(note.directory, answer.path)
  }
}
