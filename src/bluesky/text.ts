import type { PostView } from './appview'

/**
 * A Bluesky post's text as a comment body: plain text, with every link facet's shortened text
 * ("example.com/a-long-pa…") replaced by the URL it stands for, so links are kept as URLs like
 * Webmention bodies. Facet offsets count UTF-8 bytes, so the text is cut as bytes.
 */
export function postText(record: PostView['record']): string {
  const text = typeof record.text === 'string' ? record.text : ''
  const links = (record.facets ?? [])
    .map((facet) => ({
      start: facet.index?.byteStart,
      end: facet.index?.byteEnd,
      uri: facet.features?.find((f) => f.$type === 'app.bsky.richtext.facet#link')?.uri,
    }))
    .filter(
      (link): link is { start: number; end: number; uri: string } =>
        Number.isInteger(link.start) &&
        Number.isInteger(link.end) &&
        typeof link.uri === 'string' &&
        /^https?:\/\//.test(link.uri),
    )
    .sort((a, b) => a.start - b.start)
  if (!links.length) return text
  const bytes = new TextEncoder().encode(text)
  const decode = (from: number, to: number) => new TextDecoder().decode(bytes.slice(from, to))
  let out = ''
  let at = 0
  for (const link of links) {
    if (link.start < at || link.end > bytes.length || link.end <= link.start) continue
    out += decode(at, link.start) + link.uri
    at = link.end
  }
  return out + decode(at, bytes.length)
}
