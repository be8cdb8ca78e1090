/**
 * Step 7: nothing lost. Every id the app answered 2xx with is a stored row. (wrk records the ids;
 * with autocannon only counts can be compared.) Rows stored for requests still in flight when the
 * load generator stopped have no answer: they are reported, and are not losses.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RUN_TAG } from './config'
import type { Route } from './routes'
import { IDS_FILE_PREFIX, type Rounds } from './rounds'
import type { BenchDb } from './runtimes'

export interface PostLost {
  accepted: number
  stored: number
  lost: number
  unanswered: number
}

/** Ids per `IN (...)`, under D1's 100 bound parameters per statement. */
const CHUNK = 90

/** null when no POST route was measured. */
export async function checkNothingLost(
  routes: Route[],
  rounds: Rounds,
  db: BenchDb,
  tmp: string,
): Promise<PostLost | null> {
  const post = routes.find((r) => r.method === 'POST' && !r.unavailable)
  if (!post) return null
  const appRuns = rounds[post.name]!.app
  const accepted = appRuns.reduce((s, x) => s + x.requests - x.non2xx, 0)
  // Only the measured app runs (phase m) count: warm-up rows are tagged w.
  const row = await db
    .prepare(`SELECT COUNT(*) AS n FROM comments WHERE author_email LIKE ?1`)
    .bind(`bench-${RUN_TAG}-m%`)
    .first<{ n: number }>()
  const stored = row?.n ?? 0
  const idFiles = readdirSync(tmp).filter((f) => f.startsWith(IDS_FILE_PREFIX))
  if (!idFiles.length) {
    return {
      accepted,
      stored,
      lost: Math.max(0, accepted - stored),
      unanswered: Math.max(0, stored - accepted),
    }
  }
  const ids = [
    ...new Set(
      idFiles.flatMap((f) => readFileSync(join(tmp, f), 'utf8').split('\n').filter(Boolean)),
    ),
  ]
  let found = 0
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK)
    const r = await db
      .prepare(`SELECT COUNT(*) AS n FROM comments WHERE id IN (${chunk.map(() => '?').join(',')})`)
      .bind(...chunk)
      .first<{ n: number }>()
    found += r?.n ?? 0
  }
  return { accepted: ids.length, stored, lost: ids.length - found, unanswered: stored - found }
}
