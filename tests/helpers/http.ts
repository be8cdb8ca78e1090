import { SELF } from 'cloudflare:test'

export const SITE = 'https://blog.test'
export const SEED_SLUG = 'management-versus-leadership'

/** A request to the worker under test, through its real fetch handler. */
export function get(path: string, init: RequestInit = {}) {
  return SELF.fetch(new Request(SITE + path, { redirect: 'manual', ...init }))
}

/** Visible text of an HTML page: tags dropped, entities decoded, whitespace collapsed. */
export function visibleText(html: string): string {
  return decodeEntities(
    html
      .replace(/<head>[\s\S]*?<\/head>/i, ' ')
      .replace(/<script[\s\S]*?<\/script>/gi, ' ')
      .replace(/<style[\s\S]*?<\/style>/gi, ' ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim()
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** Content of the first `<meta property|name="key" content="...">`. */
export function metaContent(html: string, key: string): string | undefined {
  const tag = html.match(
    new RegExp(`<meta (?:property|name)="${key.replace(/[.:]/g, '\\$&')}" content="([^"]*)"`),
  )
  return tag ? decodeEntities(tag[1]!) : undefined
}
