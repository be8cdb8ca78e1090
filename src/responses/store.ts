import type { ResponseKind } from '../db/schema'

/**
 * What the Responses list shows for one essay, in one D1 statement: the likes, reposts and
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
  /** Likes and reposts (boosts) from the fediverse and Webmention, all of them, not just the listed. */
  likes: number
  reposts: number
}

type Row = ResponseItem & {
  part: 'item' | 'total' | 'bluesky' | 'kind'
  n1: number | null
  n2: number | null
  at: number | null
  source: string | null
}

/**
 * One statement (the essay page's budget is one query for the comments and one for this): the
 * listed rows, then a row with the total, then the Bluesky post's counts when there is one.
 */
export async function loadResponses(db: D1Database, slug: string): Promise<EssayResponses> {
  return readResponses((await responsesStatement(db, slug).all()).results)
}

/** The statement alone: the essay page runs it in the comments' D1 batch (one round trip a page). */
export function responsesStatement(
  db: Pick<D1Database, 'prepare'>,
  slug: string,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT * FROM (SELECT 'item' AS part, kind, origin, author_name, author_url, url,
           NULL AS n1, NULL AS n2, created_at AS at, source
         FROM responses WHERE essay_slug = ?1 ORDER BY kind, created_at, source LIMIT ?2)
       UNION ALL
       SELECT 'total', NULL, NULL, NULL, NULL, NULL,
         (SELECT count(*) FROM responses WHERE essay_slug = ?1)
           + (SELECT count(*) FROM comments WHERE essay_slug = ?1 AND status = 'approved'),
         NULL, NULL, NULL
       UNION ALL
       SELECT 'kind', kind, NULL, NULL, NULL, NULL, count(*), NULL, NULL, NULL
         FROM responses WHERE essay_slug = ?1 GROUP BY kind
       UNION ALL
       SELECT 'bluesky', NULL, NULL, NULL, NULL, NULL, like_count, repost_count, NULL, NULL
         FROM bluesky_threads WHERE essay_slug = ?1 AND post_uri IS NOT NULL`,
    )
    .bind(slug, LISTED)
}

/** The statement's rows as the list shows them. */
export function readResponses(rows: unknown[]): EssayResponses {
  const results = rows as Row[]
  const order = { like: 0, mention: 1, repost: 2 }
  const items = results
    .filter((row) => row.part === 'item')
    .sort(
      (a, b) =>
        order[a.kind] - order[b.kind] ||
        (a.at ?? 0) - (b.at ?? 0) ||
        String(a.source).localeCompare(String(b.source)),
    )
  const total = results.find((row) => row.part === 'total')
  const bluesky = results.find((row) => row.part === 'bluesky')
  return {
    items: items.map(({ kind, origin, author_name, author_url, url }) => ({
      kind,
      origin,
      author_name,
      author_url,
      url,
    })),
    total: Number(total?.n1 ?? 0),
    likes: kindCount(results, 'like'),
    reposts: kindCount(results, 'repost'),
    bluesky: bluesky ? { likes: Number(bluesky.n1 ?? 0), reposts: Number(bluesky.n2 ?? 0) } : null,
  }
}

function kindCount(rows: Row[], kind: ResponseKind): number {
  return Number(rows.find((row) => row.part === 'kind' && row.kind === kind)?.n1 ?? 0)
}
