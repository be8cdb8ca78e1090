import { CACHE_SECONDS } from '../lib/cache'

/**
 * Essay pages (with their comments) in the Cache API, keyed by canonical URL plus ?cpage.
 * An entry lives CACHE_SECONDS.page; approving or editing a comment purges it sooner.
 * caches.default is per data center: a purge here reaches this one only, and the TTL bounds the rest.
 */

/** The newest page (no ?cpage) and this many numbered pages are purged; deeper pages wait for the TTL. */
export const PURGED_PAGES = 20

export function essayPageCacheKey(siteUrl: string, slug: string, cpage: number | null): Request {
  return new Request(`${siteUrl}/essays/${slug}${cpage ? `?cpage=${cpage}` : ''}`)
}

function edgeCache(): Cache | null {
  return typeof caches === 'undefined' ? null : caches.default
}

/** The cached HTML and how many seconds it has been at the edge, or null. */
export async function readCachedPage(key: Request): Promise<{ html: string; age: number } | null> {
  const cache = edgeCache()
  if (!cache) return null
  const hit = await cache.match(key)
  if (!hit) return null
  const stored = Number(hit.headers.get('X-Stored-At'))
  return { html: await hit.text(), age: stored ? Math.max(0, Math.floor((Date.now() - stored) / 1000)) : 0 }
}

export function storePage(key: Request, html: string): Promise<void> {
  const cache = edgeCache()
  if (!cache) return Promise.resolve()
  return cache.put(
    key,
    new Response(html, {
      headers: {
        'Content-Type': 'text/html; charset=UTF-8',
        'Cache-Control': `public, max-age=${CACHE_SECONDS.page}`,
        'X-Stored-At': String(Date.now()),
      },
    }),
  )
}

/** Drops an essay's cached pages in this data center, after a comment is published, approved or edited. */
export async function purgeEssayPages(siteUrl: string, slug: string): Promise<void> {
  const cache = edgeCache()
  if (!cache) return
  const pages: (number | null)[] = [null, ...Array.from({ length: PURGED_PAGES }, (_, i) => i + 1)]
  await Promise.all(pages.map((page) => cache.delete(essayPageCacheKey(siteUrl, slug, page))))
}
