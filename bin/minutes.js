#!/usr/bin/env node
// The CLI. `minutes --version` alone is answered before the program (and
// commander) loads: it then starts within a few milliseconds of `node -e 0`.
const [flag, ...rest] = process.argv.slice(2)
if (rest.length === 0 && (flag === '--version' || flag === '-V')) {
  const {version} = await import('../dist/version.js')
  process.stdout.write(`${version}\n`)
} else {
  await import('../dist/cli/main.js')
}
