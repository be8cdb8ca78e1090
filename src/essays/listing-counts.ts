import type { Context } from 'hono'
import { commentCounts, CommentCount } from '../comments/counts'
import type { AppEnv } from '../env'
import { CACHE_SECONDS } from '../lib/cache'
import { describeError, log } from '../lib/log'
import { strongEtag } from '../lib/prepared'

/**
 * "12 comments" on the listing pages (home, tag pages). The page itself is prepared once per isolate
 * with a marker where each essay's count goes; the counts come from ONE grouped D1 query per page,
 * kept for the page's own max-age (60 s) in the isolate and dropped at once on 'essays.changed'
 * (src/essays/freshness.ts), like the essay pages' cache. A failed query shows the page without
 * counts (logged), never an error: the list matters more than its numbers.
 */

const marker = (slug: string) => `<!--comment-count:${slug}-->`

/** The marker the list leaves for `slug` (slugs are letters, digits and hyphens: no "-->" inside). */
export const countMarker = marker

interface Counted {
  at: number
  counts: Map<string, number>
}

const cached = new Map<string, Counted>()
const MAX_PAGES = 500

/** Forgets every listing's counts (a comment was published, approved, edited or removed). */
export function forgetListingCounts(): void {
  cached.clear()
}

async function countsFor(c: Context<AppEnv>, page: string, slugs: readonly string[]) {
  const hit = cached.get(page)
  if (hit && Date.now() - hit.at < CACHE_SECONDS.page * 1000) return hit.counts
  try {
    const counts = await commentCounts(c.env, slugs)
    if (cached.size >= MAX_PAGES) cached.clear()
    cached.set(page, { at: Date.now(), counts })
    return counts
  } catch (error) {
    log(c, 'error', 'comment counts query failed', { page, error: describeError(error) })
    return new Map<string, number>()
  }
}

/** The prepared listing with this minute's counts in place of its markers, and an ETag for both. */
export async function withCounts(
  c: Context<AppEnv>,
  page: string,
  prepared: { body: string; etag: string },
  slugs: readonly string[],
): Promise<{ body: string; etag: string }> {
  const counts = await countsFor(c, page, slugs)
  let body = prepared.body
  const shown: string[] = []
  for (const slug of slugs) {
    const count = counts.get(slug)
    // split/join: one linear pass per marker, no pattern built from data.
    body = body.split(marker(slug)).join(count ? ` · ${String(CommentCount({ slug, count }))}` : '')
    shown.push(`${slug}=${count ?? 0}`)
  }
  return { body, etag: await strongEtag(`${prepared.etag} ${shown.join(' ')}`) }
}
