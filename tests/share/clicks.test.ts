/** Share clicks through the worker: one per reader (keyed IP hash, IPv6 by /64) per essay, network and UTC day. */
import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { shareClickTotals, utcDay } from '../../src/share/store'
import { SEED_SLUG } from '../helpers/http'
import { fetchAndSettle, readerHashOf, readerIp, readerRows, shareClicksOn } from './helpers'

const share = (network: string, ip?: string) =>
  fetchAndSettle(`/share/${SEED_SLUG}/${network}`, { ip })

const totalFor = async (network: string) =>
  (await shareClickTotals(env.DB)).find(
    (row) => row.essaySlug === SEED_SLUG && row.network === network,
  )?.clicks ?? 0

/** Pins the worker's clock (it runs in this isolate); only Date is faked, so D1 and waitUntil run as usual. */
function clockAt(iso: string) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(iso))
}

afterEach(() => {
  vi.useRealTimers()
})

describe('share clicks: one per reader per essay, network and day', () => {
  it('counts a reader once however often they click', async () => {
    const ip = readerIp()
    const before = await shareClicksOn(env.DB, SEED_SLUG, 'telegram')
    for (let i = 0; i < 3; i++) expect((await share('telegram', ip)).status).toBe(302)
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'telegram')).toBe(before + 1)
    expect(await readerRows(await readerHashOf(ip))).toEqual([
      { day: utcDay(), essaySlug: SEED_SLUG, network: 'telegram' },
    ])
  })

  it('counts two readers as two clicks', async () => {
    const before = await shareClicksOn(env.DB, SEED_SLUG, 'whatsapp')
    const [first, second] = [readerIp(), readerIp()]
    await share('whatsapp', first)
    await share('whatsapp', second)
    await share('whatsapp', first)
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'whatsapp')).toBe(before + 2)
  })

  it('counts IPv4 readers by their whole address', async () => {
    const before = await shareClicksOn(env.DB, SEED_SLUG, 'pinterest')
    const octet = () => Math.floor(Math.random() * 254) + 1
    const [a, b] = [`198.51.${octet()}.${octet()}`, `203.0.${octet()}.${octet()}`]
    await share('pinterest', a)
    await share('pinterest', a)
    await share('pinterest', b)
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'pinterest')).toBe(before + 2)
  })

  it('counts a reader once per network: sharing the essay elsewhere is another click', async () => {
    const ip = readerIp()
    const before = {
      x: await shareClicksOn(env.DB, SEED_SLUG, 'x'),
      reddit: await shareClicksOn(env.DB, SEED_SLUG, 'reddit'),
      mastodon: await shareClicksOn(env.DB, SEED_SLUG, 'mastodon'),
    }
    await share('x', ip)
    await share('reddit', ip)
    await share('x', ip)
    // The Mastodon picker's redirect is the same kind of click.
    await fetchAndSettle(`/share/${SEED_SLUG}/mastodon?instance=mastodon.social`, { ip })
    await fetchAndSettle(`/share/${SEED_SLUG}/mastodon?instance=hachyderm.io`, { ip })
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'x')).toBe(before.x + 1)
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'reddit')).toBe(before.reddit + 1)
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'mastodon')).toBe(before.mastodon + 1)
  })

  it('counts the same reader again on the next UTC day', async () => {
    const ip = readerIp()
    clockAt('2020-02-10T23:59:30Z')
    await share('linkedin', ip)
    await share('linkedin', ip)
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'linkedin', '2020-02-10')).toBe(1)
    clockAt('2020-02-11T00:00:30Z')
    await share('linkedin', ip)
    await share('linkedin', ip)
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'linkedin', '2020-02-10')).toBe(1)
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'linkedin', '2020-02-11')).toBe(1)
    expect(await readerRows(await readerHashOf(ip))).toEqual([
      { day: '2020-02-10', essaySlug: SEED_SLUG, network: 'linkedin' },
      { day: '2020-02-11', essaySlug: SEED_SLUG, network: 'linkedin' },
    ])
  })

  it("prunes reader rows older than yesterday as clicks arrive, keeping the days' counts", async () => {
    const old = 'old-reader-' + crypto.randomUUID()
    const kept = 'kept-reader-' + crypto.randomUUID()
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO share_click_readers (day, essay_slug, network, reader_hash) VALUES ('2020-03-18', ?, 'x', ?)",
      ).bind(SEED_SLUG, old),
      env.DB.prepare(
        "INSERT INTO share_click_readers (day, essay_slug, network, reader_hash) VALUES ('2020-03-19', ?, 'x', ?)",
      ).bind(SEED_SLUG, kept),
      env.DB.prepare(
        "INSERT INTO share_clicks (essay_slug, network, day, count) VALUES (?, 'x', '2020-03-18', 7)",
      ).bind(SEED_SLUG),
    ])
    clockAt('2020-03-20T12:00:00Z')
    await share('x', readerIp())
    expect(await readerRows(old)).toEqual([])
    expect(await readerRows(kept)).toEqual([
      { day: '2020-03-19', essaySlug: SEED_SLUG, network: 'x' },
    ])
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'x', '2020-03-18')).toBe(7)
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'x', '2020-03-20')).toBe(1)
  })

  it('does not count a request without CF-Connecting-IP (no reader to count), and still redirects', async () => {
    const before = await shareClicksOn(env.DB, SEED_SLUG, 'bluesky')
    const res = await share('bluesky')
    expect(res.status).toBe(302)
    expect(new URL(res.headers.get('Location')!).host).toBe('bsky.app')
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'bluesky')).toBe(before)
  })

  it('keeps the totals the admin reads to one per reader', async () => {
    const before = { hackernews: await totalFor('hackernews'), email: await totalFor('email') }
    const [first, second] = [readerIp(), readerIp()]
    for (const ip of [first, second, first, second, first]) await share('hackernews', ip)
    await share('email', first)
    await share('email', first)
    expect(await totalFor('hackernews')).toBe(before.hackernews + 2)
    expect(await totalFor('email')).toBe(before.email + 1)
  })
})
