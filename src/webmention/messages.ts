/** What the edge-blog-webmention queue carries: ids only, so a retry always reads the current row. */
export type WebmentionMessage =
  { type: 'verify'; id: string } | { type: 'send'; slug: string; target: string }

export const WEBMENTION_QUEUE = 'edge-blog-webmention'

export function isWebmentionMessage(body: unknown): body is WebmentionMessage {
  if (typeof body !== 'object' || body === null) return false
  const m = body as Record<string, unknown>
  return (
    (m.type === 'verify' && typeof m.id === 'string') ||
    (m.type === 'send' && typeof m.slug === 'string' && typeof m.target === 'string')
  )
}
