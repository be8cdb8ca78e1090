import { decodeEntities } from '../lib/html-entities'

/**
 * The URLs a page links to, as a browser would see them (HTMLRewriter: script text, comments and
 * escaped markup are not links), resolved against the page's URL, fragments dropped. Used to verify
 * that a Webmention's source really links to its target, and to list an essay's outbound links.
 */

const LINKING = 'a[href], area[href], img[src], video[src], audio[src], source[src]'

export async function linksIn(html: string, baseUrl: string): Promise<Set<string>> {
  const found = new Set<string>()
  const rewriter = new HTMLRewriter().on(LINKING, {
    element(el) {
      const raw = el.getAttribute(el.tagName === 'a' || el.tagName === 'area' ? 'href' : 'src')
      const url = withoutFragment(decodeEntities(raw ?? ''), baseUrl)
      if (url) found.add(url)
    },
  })
  await rewriter.transform(new Response(html)).arrayBuffer()
  return found
}

/** An absolute http(s) URL without its #fragment, or null. */
export function withoutFragment(href: string, base?: string): string | null {
  try {
    const url = new URL(href.trim(), base)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
    url.hash = ''
    return url.href
  } catch {
    return null
  }
}
