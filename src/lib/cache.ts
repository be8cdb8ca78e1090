import type { Context } from 'hono'

/**
 * Cache lifetimes, in seconds. A reader can see a page at most this stale:
 * browsers and Cloudflare's edge both honour these max-age values.
 */
export const CACHE_SECONDS = {
  page: 60,
  feed: 300,
  sitemap: 3600,
} as const

export function publicCache(c: Context, seconds: number) {
  c.header('Cache-Control', `public, max-age=${seconds}`)
}

/** Responses that differ per reader (a preview, a refilled form) must never sit in a shared cache. */
export function privateNoStore(c: Context) {
  c.header('Cache-Control', 'private, no-store')
}
