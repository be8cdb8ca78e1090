import { asc, sql } from 'drizzle-orm'
import { database } from '../db/client'
import { shareClicks } from '../db/schema'

/** UTC calendar day of an instant, 'YYYY-MM-DD': the unit clicks are counted in. */
export function utcDay(at: Date = new Date()): string {
  return at.toISOString().slice(0, 10)
}

/**
 * Counts one click on a share link. A single upsert: concurrent clicks on the same
 * (essay, network, day) add up inside SQLite instead of racing a read-modify-write.
 */
export async function recordShareClick(
  db: D1Database | D1DatabaseSession,
  essaySlug: string,
  network: string,
  day = utcDay(),
) {
  await database(db)
    .insert(shareClicks)
    .values({ essaySlug, network, day, count: 1 })
    .onConflictDoUpdate({
      target: [shareClicks.essaySlug, shareClicks.network, shareClicks.day],
      set: { count: sql`${shareClicks.count} + 1` },
    })
}

/** Clicks per essay and network over all days, for moderators (admin API). */
export async function shareClickTotals(
  db: D1Database | D1DatabaseSession,
): Promise<Array<{ essaySlug: string; network: string; clicks: number }>> {
  const rows = await database(db)
    .select({
      essaySlug: shareClicks.essaySlug,
      network: shareClicks.network,
      clicks: sql<number>`sum(${shareClicks.count})`.mapWith(Number),
    })
    .from(shareClicks)
    .groupBy(shareClicks.essaySlug, shareClicks.network)
    .orderBy(asc(shareClicks.essaySlug), asc(shareClicks.network))
  return rows
}

/** One essay's clicks on one network on one day (tests and diagnostics). */
export async function shareClicksOn(
  db: D1Database | D1DatabaseSession,
  essaySlug: string,
  network: string,
  day = utcDay(),
): Promise<number> {
  const row = await (db as D1Database)
    .prepare('SELECT count FROM share_clicks WHERE essay_slug = ? AND network = ? AND day = ?')
    .bind(essaySlug, network, day)
    .first<{ count: number }>()
  return row?.count ?? 0
}
