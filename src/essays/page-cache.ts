import { CACHE_SECONDS } from '../lib/cache'
import { strongEtag } from '../lib/prepared'
import { essayPath } from '../lib/urls'

/**
 * Essay pages (with their comments) in the Cache API, keyed by canonical URL plus ?cpage.
 * An entry lives CACHE_SECONDS.page; approving or editing a comment purges it sooner.
 * caches.default is per data center: a purge here reaches this one only, and the TTL bounds the rest.
 */

/** The newest page (no ?cpage) and this many numbered pages are purged; deeper pages wait for the TTL. */
export const PURGED_PAGES = 20

export function essayPageCacheKey(siteUrl: string, slug: string, cpage: number | null): Request {
  return new Request(siteUrl + essayPath(slug, { cpage }))
}

function edgeCache(): Cache | null {
  return typeof caches === 'undefined' ? null : caches.default
}

/**
 * A copy in this isolate's memory in front of the Cache API: a warm hit costs a map lookup, and the
 * page's ETag is kept with it so the etag middleware need not hash 60+ KB per request. Entries keep
 * the time the page was rendered, so no copy anywhere outlives CACHE_SECONDS.page.
 */
interface MemoryEntry {
  html: string
  etag: string
  storedAt: number
}
const MEMORY_ENTRIES = 200
const memory = new Map<string, MemoryEntry>()

function remember(url: string, html: string, etag: string, storedAt: number) {
  if (memory.size >= MEMORY_ENTRIES) memory.delete(memory.keys().next().value!)
  memory.set(url, { html, etag, storedAt })
}

const ageOf = (storedAt: number, now: number) => Math.max(0, Math.floor((now - storedAt) / 1000))

/** The cached HTML, its ETag and how many seconds it has been cached, or null. */
export async function readCachedPage(
  key: Request,
  now = Date.now(),
): Promise<{ html: string; etag: string; age: number } | null> {
  const local = memory.get(key.url)
  if (local) {
    if (now - local.storedAt < CACHE_SECONDS.page * 1000)
      return { html: local.html, etag: local.etag, age: ageOf(local.storedAt, now) }
    memory.delete(key.url)
  }
  const cache = edgeCache()
  if (!cache) return null
  const hit = await cache.match(key)
  if (!hit) return null
  const storedAt = Number(hit.headers.get('X-Stored-At')) || now
  const html = await hit.text()
  const etag = hit.headers.get('ETag') ?? (await strongEtag(html))
  remember(key.url, html, etag, storedAt)
  return { html, etag, age: ageOf(storedAt, now) }
}

export async function storePage(
  key: Request,
  html: string,
  etag?: string,
  now = Date.now(),
): Promise<void> {
  etag ??= await strongEtag(html)
  remember(key.url, html, etag, now)
  const cache = edgeCache()
  if (!cache) return
  await cache.put(
    key,
    new Response(html, {
      headers: {
        'Content-Type': 'text/html; charset=UTF-8',
        'Cache-Control': `public, max-age=${CACHE_SECONDS.page}`,
        'X-Stored-At': String(now),
        ETag: etag,
      },
    }),
  )
}

/** Drops an essay's cached pages in this isolate and this data center, after a comment is published, approved or edited. */
export async function purgeEssayPages(siteUrl: string, slug: string): Promise<void> {
  const pages: (number | null)[] = [null, ...Array.from({ length: PURGED_PAGES }, (_, i) => i + 1)]
  const keys = pages.map((page) => essayPageCacheKey(siteUrl, slug, page))
  for (const key of keys) memory.delete(key.url)
  const cache = edgeCache()
  if (!cache) return
  await Promise.all(keys.map((key) => cache.delete(key)))
}
