// The lookup cache: kept between runs, expired by age (what exists a week,
// what is missing a day), never keeping what could not be looked up.
import {mkdtemp, readdir} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {foundTtl, LookupCache, missingTtl} from '../src/check/cache.js'

const api = 'http://127.0.0.1:1'

describe('lookup cache', () => {
  it('keeps found results a week and missing ones a day, across runs', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'minutes-cache-'))
    let now = 1_700_000_000_000
    const clock = () => now
    const first = await LookupCache.open(directory, api, clock)
    first.set('issue:a/b#1', {status: 'found', type: 'Issue', url: 'https://github.com/a/b/issues/1'})
    first.set('issue:a/b#2', {status: 'missing', what: 'number'})
    first.set('issue:a/b#3', {status: 'unknown', reason: 'FORBIDDEN'})
    await first.save()
    expect(await readdir(directory)).toHaveLength(1)

    now += missingTtl - 1
    const second = await LookupCache.open(directory, api, clock)
    expect(second.get('issue:a/b#1')).toEqual({status: 'found', type: 'Issue', url: 'https://github.com/a/b/issues/1'})
    expect(second.get('issue:a/b#2')).toEqual({status: 'missing', what: 'number'})
    expect(second.get('issue:a/b#3')).toBeUndefined()

    now += 2
    const third = await LookupCache.open(directory, api, clock)
    expect(third.get('issue:a/b#2')).toBeUndefined()
    expect(third.get('issue:a/b#1')).toBeDefined()

    now = 1_700_000_000_000 + foundTtl
    expect((await LookupCache.open(directory, api, clock)).get('issue:a/b#1')).toBeUndefined()
  })

  it('keeps each API apart, and treats an unreadable file as empty', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'minutes-cache-'))
    const one = await LookupCache.open(directory, api)
    one.set('user:alice', {status: 'found', type: 'User', url: 'https://github.com/alice'})
    await one.save()
    expect((await LookupCache.open(directory, 'https://ghe.example/api/v3')).get('user:alice')).toBeUndefined()
    const {writeFile} = await import('node:fs/promises')
    await writeFile(join(directory, (await readdir(directory))[0]!), '{not json')
    expect((await LookupCache.open(directory, api)).get('user:alice')).toBeUndefined()
  })
})
