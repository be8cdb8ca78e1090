import { decodeEntities } from '../lib/html-entities'

/**
 * Webmention endpoint discovery (W3C Webmention §3.1.2, the webmention.rocks discovery tests 1-23):
 * the HTTP `Link` header first, then the first `<link>` or `<a>` in document order whose rel has the
 * token `webmention` and which has an href. Relative URLs resolve against the page's final URL (after
 * redirects), query strings are kept, and an empty href is the page itself. HTMLRewriter parses as a
 * browser would, so commented-out or escaped markup and script text are never taken for links.
 */

const hasRel = (rel: string | null, token: string) =>
  rel !== null &&
  rel
    .toLowerCase()
    .split(/[ \t\n\f\r]+/)
    .includes(token)

/** The endpoint from `Link` header values (fetch joins repeated headers with ", "). */
export function endpointFromLinkHeader(header: string | null, base: string): string | null {
  if (!header) return null
  for (const { url, rel } of parseLinkHeader(header)) {
    if (hasRel(rel, 'webmention')) return resolve(url, base)
  }
  return null
}

/** `<url>; rel="a b"; x=y, <url2>; rel=c` → [{ url, rel }], in one pass (commas inside <> and quotes kept). */
export function parseLinkHeader(header: string): { url: string; rel: string | null }[] {
  const links: { url: string; rel: string | null }[] = []
  let i = 0
  while (i < header.length) {
    const open = header.indexOf('<', i)
    if (open < 0) break
    const close = header.indexOf('>', open + 1)
    if (close < 0) break
    const url = header.slice(open + 1, close)
    // The parameters run to the next comma outside quotes.
    let j = close + 1
    let quoted = false
    while (j < header.length && (quoted || header[j] !== ',')) {
      if (header[j] === '"') quoted = !quoted
      j++
    }
    links.push({ url, rel: relParam(header.slice(close + 1, j)) })
    i = j + 1
  }
  return links
}

function relParam(params: string): string | null {
  for (const part of params.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim().toLowerCase() !== 'rel') continue
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1)
    return value
  }
  return null
}

/** The first `<link>`/`<a>` with rel=webmention and an href, resolved. */
export async function endpointFromHtml(html: string, base: string): Promise<string | null> {
  let found: string | null = null
  const rewriter = new HTMLRewriter().on('link[rel][href], a[rel][href]', {
    element(el) {
      if (found === null && hasRel(el.getAttribute('rel'), 'webmention')) {
        found = resolve(decodeEntities(el.getAttribute('href') ?? ''), base) ?? null
      }
    },
  })
  await rewriter.transform(new Response(html)).arrayBuffer()
  return found
}

/** Header first, then the document; null when the page names no endpoint. */
export async function discoverEndpoint(page: {
  url: string
  headers: Headers
  html: string | null
}): Promise<string | null> {
  return (
    endpointFromLinkHeader(page.headers.get('link'), page.url) ??
    (page.html === null ? null : await endpointFromHtml(page.html, page.url))
  )
}

function resolve(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
    return url.href
  } catch {
    return null
  }
}
