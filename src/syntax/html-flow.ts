/**
 * HTML blocks only for tags HedgeDoc renders. In CommonMark a line starting
 * with any tag (`<tenant>`, `<USER>`) opens an HTML block that swallows the
 * lines after it up to a blank line; HedgeDoc's sanitizer (xss, with
 * HedgeDoc's additions, `master:public/js/render.js`) shows a tag it does not
 * know as text, and markdown-it's HTML block only takes known block names.
 * So this replaces CommonMark's HTML (flow) construct with one that refuses
 * a line starting with a tag not in `hedgedocElements`: the line is a
 * paragraph, its tag inline HTML (made text by the html transform).
 * Comments, `<?…?>`, `<!X…>` and CDATA are CommonMark's.
 */
import {htmlFlow} from 'micromark-core-commonmark'
import {asciiAlpha, asciiAlphanumeric} from 'micromark-util-character'
import type {Code, Construct, Extension, State, TokenizeContext, Tokenizer} from 'micromark-util-types'

/** Elements markdownlint (MD033 in ../shared/markdownlint.jsonc) allows. */
export const allowedElements = new Set(['mark', 'sub', 'sup', 'ins', 'img', 'br', 'details', 'summary', 'abbr', 'dl', 'dt', 'dd', 'kbd', 'small'])

/**
 * Elements HedgeDoc 1.x renders: the xss package's default whitelist plus
 * what HedgeDoc adds (`master:public/js/render.js`). Anything else is shown
 * as literal text by HedgeDoc's sanitizer.
 */
export const hedgedocElements = new Set([
  ...allowedElements,
  'a', 'address', 'area', 'article', 'aside', 'audio', 'b', 'bdi', 'bdo', 'big',
  'blockquote', 'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'del',
  'div', 'em', 'figcaption', 'figure', 'font', 'footer', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'header', 'hr', 'i', 'iframe', 'li', 'nav', 'ol', 'p', 'pre', 'rp',
  'rt', 'ruby', 's', 'section', 'span', 'strike', 'strong', 'style', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'tt', 'u', 'ul', 'video', 'input',
  'label', 'q', 'samp', 'var', 'time', 'wbr', 'picture', 'source', 'script'
])

const lessThan = 60
const slash = 47

/** Succeeds unless the line starts with a tag HedgeDoc does not render. */
const knownStart: Construct = {
  partial: true,
  tokenize(this: TokenizeContext, effects, ok, nok) {
    let name = ''
    return start

    function start(code: Code): State | undefined {
      effects.enter('htmlFlowData')
      effects.consume(code)
      return afterLessThan
    }

    function afterLessThan(code: Code): State | undefined {
      if (code === slash) {
        effects.consume(code)
        return nameStart
      }

      return nameStart(code)
    }

    function nameStart(code: Code): State | undefined {
      // Not a tag (`<!--`, `<?`, `< x`): CommonMark decides.
      return asciiAlpha(code) ? nameInside(code) : ok(code)
    }

    function nameInside(code: Code): State | undefined {
      if (asciiAlphanumeric(code) || code === 45) {
        name += String.fromCharCode(code!)
        effects.consume(code)
        return nameInside
      }

      return hedgedocElements.has(name.toLowerCase()) ? ok(code) : nok(code)
    }
  }
}

// CommonMark's tokenizer on this context, which knows whether a paragraph is
// being interrupted (an attempt would not pass that on).
const tokenize: Tokenizer = function (effects, ok, nok) {
  return effects.check(knownStart, htmlFlow.tokenize.call(this, effects, ok, nok), nok)
}

/** micromark syntax extension: CommonMark's HTML blocks, for the tags HedgeDoc renders. */
export function hedgedocHtmlFlow(): Extension {
  const construct: Construct = {name: 'hedgedocHtmlFlow', concrete: true, tokenize, resolveTo: htmlFlow.resolveTo!}
  return {flow: {[lessThan]: construct}, disable: {null: ['htmlFlow']}}
}
