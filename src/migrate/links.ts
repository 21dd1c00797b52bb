/**
 * Links between the notes of a batch. A note is known by the key of its
 * HedgeDoc URL (origin and path: `?view`, `?both`, `?edit` and the fragment
 * do not change which note it is); the map says where each known note's
 * minutes are, relative to the output folder. A link to a known note becomes
 * the relative path from the linking note's minutes to the target's, with the
 * fragment turned into GitHub's heading slug.
 */
import {readFile} from 'node:fs/promises'
import {posix, resolve} from 'node:path'
import {slug} from 'github-slugger'
import {UsageError, describeSystemError} from '../errors.js'
import {decodeText} from '../input/text.js'

/** Note key → path of its minutes under the output folder (POSIX). */
export type NoteMap = Map<string, string>

/** The key of a note URL: origin and path without a trailing slash; `undefined` for no URL. */
export function noteKey(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }

  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined
  return parsed.origin + parsed.pathname.replace(/\/+$/, '')
}

function decode(fragment: string): string {
  try {
    return decodeURIComponent(fragment)
  } catch {
    return fragment
  }
}

/**
 * The link to write for `url` in minutes in folder `directory` when the
 * note's minutes are at `to` (both relative to the output folder, `.` for
 * its top). A HedgeDoc
 * heading fragment (`#Team-Mission--Description`) becomes GitHub's slug of
 * it (`#team-mission--description`), which matches the heading when the
 * heading's text is all the fragment was made of (best effort: the fragment
 * alone cannot tell dropped punctuation).
 */
export function linkTo(directory: string, to: string, url: string): string {
  const hash = url.indexOf('#')
  const fragment = hash === -1 ? '' : decode(url.slice(hash + 1))
  const path = posix.relative(directory, to)
  const anchor = fragment ? slug(fragment) : ''
  return anchor ? `${path}#${anchor}` : path
}

/** Split one CSV line into fields (RFC 4180 quoting). */
function csvFields(line: string): string[] | undefined {
  const fields: string[] = []
  let index = 0
  while (index <= line.length) {
    if (line[index] === '"') {
      let value = ''
      index++
      for (;;) {
        if (index >= line.length) return undefined
        if (line[index] === '"') {
          if (line[index + 1] === '"') {
            value += '"'
            index += 2
            continue
          }

          index++
          break
        }

        value += line[index]
        index++
      }

      fields.push(value)
      if (index < line.length && line[index] !== ',') return undefined
      index++
    } else {
      const comma = line.indexOf(',', index)
      const end = comma === -1 ? line.length : comma
      fields.push(line.slice(index, end).trim())
      index = end + 1
    }
  }

  return fields
}

/**
 * Read `--map FILE`: CSV lines `url,path`, the path of a note's minutes
 * relative to the output folder (`iaas/20230726.md`). A header line
 * `url,path`, blank lines and `#` comments are skipped. Two columns and
 * quoting are all this needs, so it is parsed here rather than with a CSV
 * library.
 */
export async function readMapFile(file: string, cwd: string): Promise<NoteMap> {
  let text: string
  try {
    text = decodeText(await readFile(resolve(cwd, file)), file)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`--map ${describeSystemError(error, file)}`, {cause: error})
  }

  const map: NoteMap = new Map()
  for (const [index, line] of text.split('\n').entries()) {
    const place = `${file}:${index + 1}`
    if (!line.trim() || line.trimStart().startsWith('#')) continue
    const fields = csvFields(line)
    if (index === 0 && fields?.[0]?.toLowerCase() === 'url' && fields[1]?.toLowerCase() === 'path') continue
    if (fields?.length !== 2) throw new UsageError(`${place}:1: expected two columns "url,path", got "${line}"`)
    const [url, path] = fields as [string, string]
    const key = noteKey(url)
    if (!key) throw new UsageError(`${place}:1: expected a note URL such as https://input.scs.community/abc, got "${url}"`)
    const normal = posix.normalize(path.replaceAll('\\', '/'))
    if (!path || posix.isAbsolute(normal) || normal.startsWith('../') || normal === '..') {
      throw new UsageError(`${place}:${line.lastIndexOf(path) + 1}: expected a path relative to the output folder, such as iaas/20230726.md, got "${path}"`)
    }

    map.set(key, normal)
  }

  return map
}
