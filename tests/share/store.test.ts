import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { recordShareClick, shareClickTotals, shareClicksOn, utcDay } from '../../src/share/store'

const unique = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}`

describe('share click store', () => {
  it('counts clicks per essay, network and UTC day with an upsert', async () => {
    const slug = unique('store')
    await recordShareClick(env.DB, slug, 'bluesky', '2024-05-01')
    await recordShareClick(env.DB, slug, 'bluesky', '2024-05-01')
    await recordShareClick(env.DB, slug, 'bluesky', '2024-05-02')
    await recordShareClick(env.DB, slug, 'x', '2024-05-01')
    expect(await shareClicksOn(env.DB, slug, 'bluesky', '2024-05-01')).toBe(2)
    expect(await shareClicksOn(env.DB, slug, 'bluesky', '2024-05-02')).toBe(1)
    expect(await shareClicksOn(env.DB, slug, 'reddit', '2024-05-01')).toBe(0)
  })

  it('totals clicks per essay and network across days, for the admin API', async () => {
    const slug = unique('totals')
    await Promise.all([
      recordShareClick(env.DB, slug, 'reddit', '2024-01-01'),
      recordShareClick(env.DB, slug, 'reddit', '2024-01-02'),
      recordShareClick(env.DB, slug, 'email', '2024-01-02'),
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
    await recordShareClick(session, slug, 'x')
    const totals = await shareClickTotals(session)
    expect(totals).toContainEqual({ essaySlug: slug, network: 'x', clicks: 1 })
  })

  it('days are UTC calendar days', () => {
    expect(utcDay(new Date('2024-03-01T23:59:59.999-05:00'))).toBe('2024-03-02')
    expect(utcDay(new Date('2024-03-01T00:00:00Z'))).toBe('2024-03-01')
  })
})
