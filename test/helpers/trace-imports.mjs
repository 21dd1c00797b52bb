// `node --import ./test/helpers/trace-imports.mjs …` prints, at exit, the
// packages the process loaded (on stderr, as `LOADED ["commander", …]`), and
// this package's own modules (as `OWN ["dist/index.js", …]`).
import {register} from 'node:module'
import {MessageChannel} from 'node:worker_threads'

const {port1, port2} = new MessageChannel()
const loaded = new Set()
const own = new Set()
const root = new URL('../../', import.meta.url).href
port1.on('message', (url) => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (match) loaded.add(match[1])
  else if (url.startsWith(root)) own.add(url.slice(root.length))
})
port1.unref()

register(
  'data:text/javascript,' +
    encodeURIComponent(`
let port
export function initialize(data) { port = data.port }
export async function load(url, context, next) { port.postMessage(url); return next(url, context) }
`),
  {data: {port: port2}, transferList: [port2]}
)

process.on('exit', () => {
  process.stderr.write(`\nLOADED ${JSON.stringify([...loaded].sort())}\nOWN ${JSON.stringify([...own].sort())}\n`)
})
