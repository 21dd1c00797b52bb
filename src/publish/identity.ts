/**
 * Who signs the commit off (Developer Certificate of Origin): `--signoff
 * "Name <email>"`, else git's `user.name` and `user.email`, else the GitHub
 * account's name and its noreply address. The commit's author is the same
 * person, so DCO checks find the sign-off matching the author.
 */
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'
import {UsageError} from '../errors.js'
import {defaultApiUrl} from '../github/client.js'
import type {Person} from '../github/git.js'
import type {Account} from '../github/repos.js'

const run = promisify(execFile)

/** Parse `Name <email>`. */
export function parseSignoff(value: string): Person {
  const match = /^\s*([^<>]*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value)
  if (!match || !match[1]) {
    throw new UsageError(`invalid --signoff "${value}": expected "Name <email>", such as "Jane Doe <jane@example.com>"`)
  }

  return {name: match[1], email: match[2]!}
}

async function gitConfig(key: string, cwd: string, env: Record<string, string | undefined>): Promise<string | undefined> {
  try {
    const {stdout} = await run('git', ['config', '--get', key], {cwd, timeout: 5000, env: {...process.env, ...env}})
    return stdout.trim() || undefined
  } catch {
    return undefined
  }
}

/** git's `user.name` and `user.email` as seen from `cwd`; `undefined` unless both are set. */
export async function gitIdentity(cwd: string, env: Record<string, string | undefined>): Promise<Person | undefined> {
  const [name, email] = await Promise.all([gitConfig('user.name', cwd, env), gitConfig('user.email', cwd, env)])
  return name && email ? {name, email} : undefined
}

/**
 * The account's name and noreply address (`ID+login@users.noreply.github.com`;
 * on GitHub Enterprise the host of `apiUrl` takes the place of github.com).
 */
export function accountIdentity(account: Account, apiUrl = defaultApiUrl): Person {
  let host = 'github.com'
  try {
    const {hostname} = new URL(apiUrl)
    if (hostname !== 'api.github.com') host = hostname
  } catch {}

  return {name: account.name ?? account.login, email: `${account.id}+${account.login}@users.noreply.${host}`}
}

export function signoffLine(person: Person): string {
  return `Signed-off-by: ${person.name} <${person.email}>`
}
