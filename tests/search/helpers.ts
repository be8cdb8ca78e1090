import { decodeEntities, get } from '../helpers/http'

/** A search through the real worker; the page's result items as text with <mark> kept visible. */
export async function search(q: string, extra = '') {
  const res = await get(`/search?q=${encodeURIComponent(q)}${extra}`)
  const html = await res.text()
  return { res, html, hits: hitsOf(html) }
}

export function hitsOf(html: string): string[] {
  const list = html.split('<li class="search-hit').slice(1)
  return list.map((item) => item.slice(0, item.indexOf('</li>')))
}

/** The marked words of a result item, decoded. */
export const marked = (item: string) =>
  [...item.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => decodeEntities(m[1]!))

/** A word no other test uses. */
let n = 0
export const word = (stem: string) => `${stem}${Date.now().toString(36)}x${(n++).toString(36)}`
