import {InputError} from '../errors.js'

const decoder = new TextDecoder('utf-8', {fatal: true, ignoreBOM: false})

/**
 * Decode bytes as a Markdown note: UTF-8 only, a BOM is dropped, CRLF and CR
 * become LF. Binary data (NUL bytes) and invalid UTF-8 are refused with an
 * error naming `name`, so nothing is converted from garbage.
 */
export function decodeText(bytes: Uint8Array, name: string): string {
  if (bytes.includes(0)) {
    throw new InputError(`${name}: not a text file (it contains NUL bytes)`, {
      hint: 'Pass a Markdown note saved as UTF-8 text.'
    })
  }

  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    throw new InputError(`${name}: not valid UTF-8 text`, {
      hint: 'Save the note as UTF-8 (for example with `iconv -f latin1 -t utf-8`).'
    })
  }

  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
}

