import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { loadStats, STATS_DAYS } from '../../src/admin/stats'
import { get, SEED_SLUG, visibleText } from '../helpers/http'
import { addComment, signIn } from './fixtures'

/** The author's stats page: the numbers are the seeded rows' (window, statuses, sources), and every chart has text. */

const DAY = 86_400_000
// A window in the future no other test writes into: only this file's rows are counted by loadStats.
const NOW = Date.UTC(2091, 2, 31, 12)
const at = (daysAgo: number) => NOW - daysAgo * DAY

async function response(slug: string, origin: string, createdAt: number) {
  await env.DB.prepare(
    `INSERT INTO responses (source, essay_slug, kind, origin, created_at, updated_at) VALUES (?1, ?2, 'like', ?3, ?4, ?4)`,
  )
    .bind(`https://remote.example/${crypto.randomUUID()}`, slug, origin, createdAt)
    .run()
}

describe('loadStats', () => {
  it('counts approved, not deleted comments per UTC day and source, responses, shares and essays', async () => {
    const a = 'stats-alpha'
    const b = 'stats-beta'
    await addComment({ essaySlug: a, status: 'approved', createdAt: at(0), origin: 'form' })
    await addComment({ essaySlug: a, status: 'approved', createdAt: at(0), origin: 'fediverse' })
    await addComment({ essaySlug: a, status: 'approved', createdAt: at(1), origin: 'form' })
    await addComment({ essaySlug: b, status: 'approved', createdAt: at(89), origin: 'import' })
    // Not counted: held, spam, deleted by its author, and outside the 90 days.
    await addComment({ essaySlug: b, status: 'pending', createdAt: at(0) })
    await addComment({ essaySlug: b, status: 'spam', createdAt: at(0) })
    await addComment({ essaySlug: b, status: 'approved', createdAt: at(0), deletedAt: at(0) })
    await addComment({ essaySlug: b, status: 'approved', createdAt: at(90) })
    await response(a, 'webmention', at(2))
    await response(a, 'bluesky', at(2))
    await response(a, 'bluesky', at(95))
    await env.DB.prepare(
      `INSERT INTO share_clicks (essay_slug, network, day, count) VALUES
       (?1, 'mastodon', '2091-03-30', 4), (?1, 'email', '2091-03-31', 2), (?2, 'mastodon', '2091-03-01', 1),
       (?1, 'bluesky', '2090-12-01', 9)`,
    )
      .bind(a, b)
      .run()

    const stats = await loadStats(env.DB, [a, b, 'stats-none'], NOW)
    expect(stats.from).toBe('2091-01-01')
    expect(stats.to).toBe('2091-03-31')
    expect(stats.comments.days).toHaveLength(STATS_DAYS)
    expect(stats.comments.total).toBe(4)
    const last = STATS_DAYS - 1
    expect(stats.comments.bySource.form![last]).toBe(1)
    expect(stats.comments.bySource.form![last - 1]).toBe(1)
    expect(stats.comments.bySource.fediverse![last]).toBe(1)
    expect(stats.comments.bySource.import![0]).toBe(1)
    expect(Object.keys(stats.comments.bySource).sort()).toEqual(['fediverse', 'form', 'import'])
    expect(stats.responses.total).toBe(2)
    expect(stats.responses.bySource.bluesky![last - 2]).toBe(1)
    expect(stats.shares).toEqual([
      { network: 'mastodon', clicks: 5 },
      { network: 'email', clicks: 2 },
    ])
    expect(stats.essays).toEqual([
      { slug: a, comments: 3 },
      // The author-deleted placeholder counts here (part of the discussion), not per day.
      { slug: b, comments: 2 },
    ])
  })
})

describe('GET /admin/stats', () => {
  it('draws SVG charts with a title, a description and a table of the same numbers; no script', async () => {
    const { cookie } = await signIn()
    for (let i = 0; i < 30; i++)
      await addComment({
        essaySlug: SEED_SLUG,
        status: 'approved',
        createdAt: Date.now() - i * 1000,
      })
    const res = await get('/admin/stats', { headers: { Cookie: cookie } })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toContain('no-store')
    const html = await res.text()
    expect(html).not.toContain('<script')
    expect(html).toContain(
      '<svg viewBox="0 0 720 200" role="img" aria-labelledby="chart-comments-title chart-comments-desc"',
    )
    expect(html).toContain('<title id="chart-comments-title">Comments per day, by source</title>')
    expect(html).toMatch(/<desc id="chart-comments-desc">\d[\d,]* in 90 days; the busiest day/)
    expect(html).toContain('<title id="chart-essays-title">Most discussed essays</title>')
    const text = visibleText(html)
    expect(text).toContain('Show the numbers as a table')
    const row = html.match(
      /<th scope="row"><a href="\/essays\/management-versus-leadership">Management Versus Leadership<\/a><\/th><td>([\d,]+)<\/td>/,
    )
    expect(Number(row![1]!.replace(/,/g, ''))).toBeGreaterThanOrEqual(30)
    expect(html).toContain(`Management Versus Leadership: ${row![1]}`)
    // Signed out: no page.
    expect((await get('/admin/stats')).status).toBe(303)
  })
})
