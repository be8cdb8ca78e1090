import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { STATS_SQL } from '../../src/admin/stats'

/**
 * The stats page's comment queries seek the 90-day window on comments_queue_idx (status, created_at)
 * instead of scanning the table: at 100,000 comments they cost the window's rows only.
 */
async function plan(sql: string, params: unknown[]) {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>()
  return results.map((row) => row.detail).join('\n')
}

describe('stats query plans', () => {
  const since = Date.now() - 90 * 86_400_000
  it('comments per day seeks the window on the queue index', async () => {
    const detail = await plan(STATS_SQL.commentsPerDay, [since])
    expect(detail).toMatch(
      /SEARCH comments USING INDEX comments_queue_idx \(status=\? AND created_at>\?\)/,
    )
    expect(detail).not.toMatch(/SCAN comments/)
  })
  it('the most discussed essays read the covering page index only, per essay', async () => {
    const detail = await plan(STATS_SQL.mostDiscussed, [since, 10, '["a","b"]'])
    expect(detail).toMatch(
      /SEARCH comments USING COVERING INDEX comments_page_idx \(essay_slug=\? AND status=\? AND created_at>\?\)/,
    )
    expect(detail).not.toMatch(/SCAN comments/)
  })
})
