import {InputError} from '../errors.js'

const decoder = new TextDecoder('utf-8', {fatal: true, ignoreBOM: false})

/**
 * Decode bytes as a Markdown note: UTF-8, or UTF-16 (LE or BE) when it starts
 * with its byte order mark; a BOM is dropped, CRLF and CR become LF. Binary data (NUL bytes) and invalid UTF-8 are refused with an
 * error naming `name`, so nothing is converted from garbage.
 */
export function decodeText(bytes: Uint8Array, name: string): string {
  // UTF-16 with a byte order mark (Windows Notepad's "Unicode") is text, not binary: read it as such.
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined
  if (utf16) {
    let text: string | undefined
    try {
      text = new TextDecoder(utf16, {fatal: true}).decode(bytes)
    } catch {
      // Not UTF-16 after all (odd length, broken pairs): judged as UTF-8 below.
    }

    if (text !== undefined && !text.includes('\0')) return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
  }

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

