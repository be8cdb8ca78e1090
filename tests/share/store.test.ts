import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  oldestReaderDayKept,
  pruneDue,
  pruneShareClickReaders,
  recordShareClick,
  shareClickTotals,
  utcDay,
} from '../../src/share/store'
import { shareClicksOn } from './helpers'

const unique = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}`

/** A click by a reader of its own unless one is named. */
const click = (essaySlug: string, network: string, day: string, readerHash = unique('reader')) =>
  recordShareClick(env.DB, { essaySlug, network, day, readerHash })

const readerCount = async (slug: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM share_click_readers WHERE essay_slug = ?')
    .bind(slug)
    .first<{ n: number }>())!.n

describe('share click store', () => {
  it('counts clicks per essay, network and UTC day', async () => {
    const slug = unique('store')
    await click(slug, 'bluesky', '2024-05-01')
    await click(slug, 'bluesky', '2024-05-01')
    await click(slug, 'bluesky', '2024-05-02')
    await click(slug, 'x', '2024-05-01')
    expect(await shareClicksOn(env.DB, slug, 'bluesky', '2024-05-01')).toBe(2)
    expect(await shareClicksOn(env.DB, slug, 'bluesky', '2024-05-02')).toBe(1)
    expect(await shareClicksOn(env.DB, slug, 'reddit', '2024-05-01')).toBe(0)
  })

  it("counts a reader's click once per essay, network and day: changes() inside the D1 batch sees the reader insert", async () => {
    const slug = unique('once')
    const reader = unique('reader')
    expect(await click(slug, 'x', '2024-06-01', reader)).toBe(true)
    expect(await click(slug, 'x', '2024-06-01', reader)).toBe(false)
    // A write just before, outside the batch, must not make the duplicate look new.
    await env.DB.prepare(
      'INSERT INTO share_clicks (essay_slug, network, day, count) VALUES (?, ?, ?, 0)',
    )
      .bind(slug, 'unrelated', '2024-06-01')
      .run()
    expect(await click(slug, 'x', '2024-06-01', reader)).toBe(false)
    expect(await shareClicksOn(env.DB, slug, 'x', '2024-06-01')).toBe(1)
    // Another network, another day, another reader: each a click of its own.
    expect(await click(slug, 'reddit', '2024-06-01', reader)).toBe(true)
    expect(await click(slug, 'x', '2024-06-02', reader)).toBe(true)
    expect(await click(slug, 'x', '2024-06-01')).toBe(true)
    expect(await shareClicksOn(env.DB, slug, 'x', '2024-06-01')).toBe(2)
    expect(await shareClicksOn(env.DB, slug, 'reddit', '2024-06-01')).toBe(1)
    expect(await shareClicksOn(env.DB, slug, 'x', '2024-06-02')).toBe(1)
    expect(await readerCount(slug)).toBe(4)
  })

  it('counts one click when the same reader arrives many times at once', async () => {
    const slug = unique('race')
    const reader = unique('reader')
    const counted = await Promise.all(
      Array.from({ length: 20 }, () => click(slug, 'email', '2024-06-03', reader)),
    )
    expect(counted.filter(Boolean)).toHaveLength(1)
    expect(await shareClicksOn(env.DB, slug, 'email', '2024-06-03')).toBe(1)
    expect(await readerCount(slug)).toBe(1)
  })

  it('totals clicks per essay and network across days, for the admin API', async () => {
    const slug = unique('totals')
    const reader = unique('reader')
    await Promise.all([
      click(slug, 'reddit', '2024-01-01', reader),
      click(slug, 'reddit', '2024-01-01', reader),
      click(slug, 'reddit', '2024-01-02', reader),
      click(slug, 'email', '2024-01-02'),
    ])
    const mine = (await shareClickTotals(env.DB)).filter((row) => row.essaySlug === slug)
    expect(mine).toEqual([
      { essaySlug: slug, network: 'email', clicks: 1 },
      { essaySlug: slug, network: 'reddit', clicks: 2 },
    ])
  })

  it('works over a read-replica session too', async () => {
    const slug = unique('session')
    const session = env.DB.withSession('first-primary')
    const readerHash = unique('reader')
    const day = utcDay()
    expect(
      await recordShareClick(session, { essaySlug: slug, network: 'x', day, readerHash }),
    ).toBe(true)
    expect(
      await recordShareClick(session, { essaySlug: slug, network: 'x', day, readerHash }),
    ).toBe(false)
    const totals = await shareClickTotals(session)
    expect(totals).toContainEqual({ essaySlug: slug, network: 'x', clicks: 1 })
  })

  it('prunes reader rows older than yesterday and leaves the click counts alone', async () => {
    const slug = unique('prune')
    for (const day of ['1999-12-30', '1999-12-31', '2000-01-01'])
      await click(slug, 'x', day, unique('reader'))
    expect(oldestReaderDayKept('2000-01-01')).toBe('1999-12-31')
    expect(await pruneShareClickReaders(env.DB, '2000-01-01')).toBeGreaterThanOrEqual(1)
    const { results } = await env.DB.prepare(
      'SELECT day FROM share_click_readers WHERE essay_slug = ? ORDER BY day',
    )
      .bind(slug)
      .all<{ day: string }>()
    expect(results.map((row) => row.day)).toEqual(['1999-12-31', '2000-01-01'])
    expect(await shareClicksOn(env.DB, slug, 'x', '1999-12-30')).toBe(1)
  })

  it('asks for a prune once per day per isolate', () => {
    expect(pruneDue('1970-01-05')).toBe(true)
    expect(pruneDue('1970-01-05')).toBe(false)
    expect(pruneDue('1970-01-06')).toBe(true)
  })

  it('days are UTC calendar days', () => {
    expect(utcDay(new Date('2024-03-01T23:59:59.999-05:00'))).toBe('2024-03-02')
    expect(utcDay(new Date('2024-03-01T00:00:00Z'))).toBe('2024-03-01')
    expect(oldestReaderDayKept('2024-03-01')).toBe('2024-02-29')
  })
})
