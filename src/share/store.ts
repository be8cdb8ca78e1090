import { asc, sql } from 'drizzle-orm'
import { database } from '../db/client'
import { shareClicks } from '../db/schema'

type Db = D1Database | D1DatabaseSession

/** UTC calendar day of an instant, 'YYYY-MM-DD': the unit clicks are counted in. */
export function utcDay(at: Date = new Date()): string {
  return at.toISOString().slice(0, 10)
}

export interface ShareClick {
  essaySlug: string
  network: string
  /** keyedHash(secret, 'ip', readerAddress(ip)): the same reader key the comments use. */
  readerHash: string
  /** UTC day the click happened on (utcDay). */
  day: string
}

/**
 * Counts a click only when it is this reader's first for the essay and network on this day, so a
 * script repeating one GET adds one click, not one per request. One batch (one transaction, run in
 * order on one connection): the reader row is inserted unless it exists, and the count goes up only
 * when that insert changed a row, read by `changes()`, which reports the previous statement. Two
 * concurrent clicks from one reader cannot both count, and no click is counted without its reader row.
 * True when the click was counted.
 */
export async function recordShareClick(db: Db, click: ShareClick): Promise<boolean> {
  const { essaySlug, network, readerHash, day } = click
  const [reader] = await db.batch([
    db
      .prepare(
        `INSERT INTO share_click_readers (day, essay_slug, network, reader_hash) VALUES (?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .bind(day, essaySlug, network, readerHash),
    // The WHERE also settles SQLite's INSERT ... SELECT ... ON CONFLICT parsing ambiguity.
    db
      .prepare(
        `INSERT INTO share_clicks (essay_slug, network, day, count) SELECT ?, ?, ?, 1 WHERE changes() = 1
         ON CONFLICT (essay_slug, network, day) DO UPDATE SET count = count + 1`,
      )
      .bind(essaySlug, network, day),
  ])
  return reader?.meta.changes === 1
}

/** Reader rows are only needed for today; yesterday's are kept for clicks that straddle midnight. */
export const READER_DAYS_KEPT = 2

/** The oldest day whose reader rows are kept when `today` is today. */
export function oldestReaderDayKept(today: string): string {
  const at = new Date(`${today}T00:00:00Z`)
  at.setUTCDate(at.getUTCDate() - (READER_DAYS_KEPT - 1))
  return utcDay(at)
}

/** Deletes reader rows from before the days kept; the click totals are untouched. Rows deleted. */
export async function pruneShareClickReaders(db: Db, today: string): Promise<number> {
  const result = await db
    .prepare('DELETE FROM share_click_readers WHERE day < ?')
    .bind(oldestReaderDayKept(today))
    .run()
  return result.meta.changes
}

let prunedOn: string | undefined

/**
 * True the first time it is asked on each day, per isolate: the prune then runs at most once a day
 * per isolate, which keeps the table to about two days of readers at no cost to most clicks.
 */
export function pruneDue(today: string): boolean {
  if (prunedOn === today) return false
  prunedOn = today
  return true
}

/** Clicks per essay and network over all days, for moderators (admin API). */
export async function shareClickTotals(
  db: Db,
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
