import { COMMENT_ORIGINS, type CommentOrigin } from '../db/schema'

/**
 * The author's stats page data: comments and responses per UTC day over the last 90 days by
 * source, share clicks by network and the most discussed essays in the same window. Four SELECTs in
 * ONE D1 round trip (batch). Comments per day is a range seek on comments_queue_idx (status,
 * created_at), reading the window's approved rows for their origin (no index holds origin); the
 * most discussed essays are index-only seeks per catalog essay. tests/db/stats-query-plan.test.ts
 * checks both plans. Published comments only (approved; per day, not deleted by their author).
 */

export const STATS_DAYS = 90
const DAY = 86_400_000

export interface DaySeries {
  /** UTC days, oldest first, as YYYY-MM-DD; every day of the window, empty ones too. */
  days: string[]
  /** Per source, a count per day (same order as `days`); only sources that have any. */
  bySource: Partial<Record<CommentOrigin, number[]>>
  total: number
}

export interface Stats {
  from: string
  to: string
  comments: DaySeries
  responses: DaySeries
  shares: { network: string; clicks: number }[]
  essays: { slug: string; comments: number }[]
}

const dayText = (day: number) => new Date(day * DAY).toISOString().slice(0, 10)

function series(rows: { day: number; origin: string; n: number }[], first: number): DaySeries {
  const days = Array.from({ length: STATS_DAYS }, (_, i) => dayText(first + i))
  const bySource: DaySeries['bySource'] = {}
  let total = 0
  for (const row of rows) {
    const index = row.day - first
    if (index < 0 || index >= STATS_DAYS) continue
    const origin = (COMMENT_ORIGINS as readonly string[]).includes(row.origin)
      ? (row.origin as CommentOrigin)
      : 'form'
    const counts = (bySource[origin] ??= new Array<number>(STATS_DAYS).fill(0))
    counts[index]! += row.n
    total += row.n
  }
  return { days, bySource, total }
}

/** The statements, exported so tests/db/stats-query-plan.test.ts checks the plan of what is sent. */
export const STATS_SQL = {
  commentsPerDay: `SELECT created_at / ${DAY} AS day, origin, count(*) AS n FROM comments
    WHERE status = 'approved' AND created_at >= ?1 AND deleted_at IS NULL
    GROUP BY day, origin`,
  responsesPerDay: `SELECT created_at / ${DAY} AS day, origin, count(*) AS n FROM responses
    WHERE created_at >= ?1 GROUP BY day, origin`,
  sharesByNetwork: `SELECT network, sum(count) AS clicks FROM share_clicks WHERE day >= ?1
    GROUP BY network ORDER BY clicks DESC, network`,
  // Per essay of the catalog (?3, a JSON array of slugs): equality seeks on the covering
  // comments_page_idx (essay_slug, status, created_at), no row reads. Author-deleted placeholders
  // count here: they were part of the discussion.
  mostDiscussed: `SELECT essay_slug AS slug, count(*) AS comments FROM comments
    WHERE essay_slug IN (SELECT value FROM json_each(?3)) AND status = 'approved' AND created_at >= ?1
    GROUP BY essay_slug ORDER BY comments DESC, essay_slug LIMIT ?2`,
}

export async function loadStats(
  db: D1Database,
  slugs: string[],
  now = Date.now(),
  top = 10,
): Promise<Stats> {
  const today = Math.floor(now / DAY)
  const first = today - (STATS_DAYS - 1)
  const since = first * DAY
  const [comments, responses, shares, essays] = await db.batch([
    db.prepare(STATS_SQL.commentsPerDay).bind(since),
    db.prepare(STATS_SQL.responsesPerDay).bind(since),
    db.prepare(STATS_SQL.sharesByNetwork).bind(dayText(first)),
    db.prepare(STATS_SQL.mostDiscussed).bind(since, top, JSON.stringify(slugs)),
  ])
  type DayRow = { day: number; origin: string; n: number }
  return {
    from: dayText(first),
    to: dayText(today),
    comments: series(comments!.results as DayRow[], first),
    responses: series(responses!.results as DayRow[], first),
    shares: shares!.results as { network: string; clicks: number }[],
    essays: essays!.results as { slug: string; comments: number }[],
  }
}
