/**
 * A tiny escaping template for XML feeds and the sitemap: every interpolated value is
 * escaped unless it was produced by `xml` itself, so untrusted text can never become markup.
 */
export class XmlFragment {
  constructor(readonly value: string) {}
  toString() {
    return this.value
  }
}

// Characters XML 1.0 cannot carry at all, even escaped; left in, they break every feed reader.
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

type XmlValue = string | number | XmlFragment | null | undefined | false | XmlValue[]

function render(value: XmlValue): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof XmlFragment) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeXml(String(value))
}

export function xml(strings: TemplateStringsArray, ...values: XmlValue[]): XmlFragment {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '')
  })
  return new XmlFragment(out)
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
