/**
 * Share-click counting is an anonymous D1 write path (GET /share/:slug/:network): a script must not be
 * able to inflate the counts or the table, and a reader over the rate limit still gets the redirect.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import { SEED_SLUG } from '../helpers/http'
import { fetchAndSettle, readerHashOf, readerIp, readerRows, shareClicksOn } from '../share/helpers'

/** env.DB behind a proxy that records every method called on it: proof that D1 was never touched. */
function watchedDb() {
  const calls: string[] = []
  const db = new Proxy(env.DB, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        calls.push(String(property))
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { db, calls }
}

/** A SHARE_LIMITER that refuses every key, as the binding does for a reader over 30 per 60 s. */
function refusingLimiter() {
  return { limit: vi.fn(async (_options: { key: string }) => ({ success: false })) }
}

describe('share clicks under abuse', () => {
  it('50 GETs from one IP, all at once, add one click', async () => {
    const ip = readerIp()
    const before = await shareClicksOn(env.DB, SEED_SLUG, 'reddit')
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => fetchAndSettle(`/share/${SEED_SLUG}/reddit`, { ip })),
    )
    for (const res of responses) {
      expect(res.status).toBe(302)
      expect(new URL(res.headers.get('Location')!).host).toBe('www.reddit.com')
      expect(res.headers.get('Cache-Control')).toBe('no-store')
    }
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'reddit')).toBe(before + 1)
    expect(await readerRows(await readerHashOf(ip))).toHaveLength(1)
  })

  it('rotating addresses inside one IPv6 /64 is still one reader', async () => {
    const prefix = readerIp().split('::')[0]!
    const addresses = [`${prefix}::1`, `${prefix}:0:0:0:abcd`, `${prefix}:ffff:1:2:3`]
    const before = await shareClicksOn(env.DB, SEED_SLUG, 'threads')
    for (const ip of addresses) await fetchAndSettle(`/share/${SEED_SLUG}/threads`, { ip })
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'threads')).toBe(before + 1)
    expect(new Set(await Promise.all(addresses.map(readerHashOf))).size).toBe(1)
  })

  it('over SHARE_LIMITER: still a 302 to the network with no-store, the click not counted, no D1 call at all', async () => {
    const ip = readerIp()
    const limiter = refusingLimiter()
    const { db, calls } = watchedDb()
    const before = await shareClicksOn(env.DB, SEED_SLUG, 'facebook')
    const res = await fetchAndSettle(`/share/${SEED_SLUG}/facebook`, {
      ip,
      env: { ...env, DB: db, SHARE_LIMITER: limiter },
    })
    expect(res.status).toBe(302)
    expect(new URL(res.headers.get('Location')!).host).toBe('www.facebook.com')
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(res.headers.get('Retry-After')).toBeNull()
    // Asked once, keyed by the reader hash (never the raw address).
    expect(limiter.limit).toHaveBeenCalledTimes(1)
    expect(limiter.limit).toHaveBeenCalledWith({ key: await readerHashOf(ip) })
    expect(calls).toEqual([])
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'facebook')).toBe(before)
    expect(await readerRows(await readerHashOf(ip))).toEqual([])
  })

  it('the watched DB does see the write when the limiter lets the reader through (control)', async () => {
    const { db, calls } = watchedDb()
    const allowing = { limit: vi.fn(async () => ({ success: true })) }
    await fetchAndSettle(`/share/${SEED_SLUG}/facebook`, {
      ip: readerIp(),
      env: { ...env, DB: db, SHARE_LIMITER: allowing },
    })
    expect(allowing.limit).toHaveBeenCalledTimes(1)
    expect(calls).toContain('batch')
  })

  it('the real SHARE_LIMITER (30 per 60 s, run by Miniflare) stops D1 writes from a flooding reader', async () => {
    const ip = readerIp()
    const { db, calls } = watchedDb()
    const before = await shareClicksOn(env.DB, SEED_SLUG, 'telegram')
    // Sequential, so every request reaches the limiter in order; 61 requests span at most one
    // window boundary, so at most 2 x 30 are let through whatever the clock does.
    for (let i = 0; i < 61; i++) {
      const res = await fetchAndSettle(`/share/${SEED_SLUG}/telegram`, {
        ip,
        env: { ...env, DB: db },
      })
      expect(res.status).toBe(302)
    }
    const writes = calls.filter((call) => call === 'batch').length
    expect(writes).toBeGreaterThanOrEqual(1)
    expect(writes).toBeLessThanOrEqual(60)
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'telegram')).toBe(before + 1)
  })

  it('over SHARE_LIMITER on the Mastodon picker: redirected to the server, not counted', async () => {
    const ip = readerIp()
    const { db, calls } = watchedDb()
    const res = await fetchAndSettle(`/share/${SEED_SLUG}/mastodon?instance=mastodon.social`, {
      ip,
      env: { ...env, DB: db, SHARE_LIMITER: refusingLimiter() },
    })
    expect(res.status).toBe(302)
    expect(new URL(res.headers.get('Location')!).origin).toBe('https://mastodon.social')
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(calls).toEqual([])
    expect(await readerRows(await readerHashOf(ip))).toEqual([])
  })

  it('HEAD neither asks the limiter nor touches D1', async () => {
    const limiter = refusingLimiter()
    const { db, calls } = watchedDb()
    const res = await fetchAndSettle(`/share/${SEED_SLUG}/x`, {
      ip: readerIp(),
      init: { method: 'HEAD' },
      env: { ...env, DB: db, SHARE_LIMITER: limiter },
    })
    expect(res.status).toBe(302)
    expect(limiter.limit).not.toHaveBeenCalled()
    expect(calls).toEqual([])
  })
})
