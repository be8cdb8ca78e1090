import type { ResponseKind } from '../db/schema'

/**
 * What the Responses list shows for one essay, in one D1 query round: the likes, reposts and
 * mentions from every origin (Webmention, the fediverse, Bluesky), the number of all responses, and
 * the essay's Bluesky post's own counts when it has one.
 */

export const LISTED = 100

export interface ResponseItem {
  kind: ResponseKind
  origin: string
  author_name: string | null
  author_url: string | null
  url: string | null
}

export interface EssayResponses {
  items: ResponseItem[]
  /** Every response: the rows in `responses` plus every published comment, whatever its origin. */
  total: number
  bluesky: { likes: number; reposts: number } | null
}

export async function loadResponses(db: D1Database, slug: string): Promise<EssayResponses> {
  const [items, counts, bluesky] = await db.batch([
    db
      .prepare(
        `SELECT kind, origin, author_name, author_url, url FROM responses
         WHERE essay_slug = ? ORDER BY kind, created_at, source LIMIT ?`,
      )
      .bind(slug, LISTED),
    db
      .prepare(
        `SELECT (SELECT count(*) FROM responses WHERE essay_slug = ?1)
              + (SELECT count(*) FROM comments WHERE essay_slug = ?1 AND status = 'approved') AS total`,
      )
      .bind(slug),
    db
      .prepare(
        `SELECT like_count AS likes, repost_count AS reposts FROM bluesky_threads
         WHERE essay_slug = ? AND post_uri IS NOT NULL`,
      )
      .bind(slug),
  ])
  return {
    items: (items?.results ?? []) as ResponseItem[],
    total: Number((counts?.results[0] as { total?: number } | undefined)?.total ?? 0),
    bluesky: (bluesky?.results[0] as { likes: number; reposts: number } | undefined) ?? null,
  }
}
