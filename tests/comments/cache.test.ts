import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { signRemembered } from '../../src/comments/cookies'
import { purgeEssayPages } from '../../src/essays/page-cache'
import { get } from '../helpers/http'
import {
  approve,
  fetchWithEnv,
  locationId,
  pageToken,
  postForm,
  postJson,
  SEED_SLUG,
  setCookies,
  validComment,
} from './helpers'

/**
 * env.DB wrapped to count statements and D1 round trips, sessions included: a batch is one round
 * trip however many statements it carries; a statement run on its own (all/first/run/raw) is one.
 */
function countingDb() {
  const counter = { statements: 0, roundTrips: 0 }
  const RUNS = new Set(['all', 'first', 'run', 'raw'])
  // The real batch needs the real statements: each proxy maps back to its target.
  const unwrap = new WeakMap<object, object>()
  const statement = <T extends object>(target: T): T => {
    const proxied = new Proxy(target, {
      get(obj, prop) {
        const value = Reflect.get(obj, prop) as unknown
        if (typeof value !== 'function') return value
        if (prop === 'bind')
          return (...args: unknown[]) =>
            statement((value as (...a: unknown[]) => object).apply(obj, args))
        if (RUNS.has(String(prop)))
          return (...args: unknown[]) => (
            counter.roundTrips++,
            (value as (...a: unknown[]) => unknown).apply(obj, args)
          )
        return (value as (...a: unknown[]) => unknown).bind(obj)
      },
    })
    unwrap.set(proxied, target)
    return proxied
  }
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, prop) {
        const value = Reflect.get(obj, prop) as unknown
        if (typeof value !== 'function') return value
        if (prop === 'prepare' || prop === 'exec')
          return (...args: unknown[]) => {
            counter.statements++
            const result = (value as (...a: unknown[]) => unknown).apply(obj, args)
            if (prop === 'exec') {
              counter.roundTrips++
              return result
            }
            return statement(result as object)
          }
        if (prop === 'batch')
          return (statements: object[]) =>
            // Its statements were counted when prepared.
            (
              counter.roundTrips++,
              (value as (...a: unknown[]) => unknown).call(
                obj,
                statements.map((one) => unwrap.get(one) ?? one),
              )
            )
        if (prop === 'withSession')
          return (...args: unknown[]) =>
            wrap((value as (...a: unknown[]) => object).apply(obj, args))
        return (value as (...a: unknown[]) => unknown).bind(obj)
      },
    })
  return { db: wrap(env.DB), counter }
}

const page = (path: string, headers: Record<string, string> = {}) =>
  new Request(`https://blog.test${path}`, { headers })

describe('essay page cache (Cache API, 60 s, purged on publish)', () => {
  // Two statements since issue 16 (the comments page and the Responses list), in one batch: one round trip.
  it('a miss costs one D1 round trip (two statements in one batch); a hit costs none and carries Age', async () => {
    await purgeEssayPages('https://blog.test', SEED_SLUG)
    const { db, counter } = countingDb()
    const miss = await fetchWithEnv(
      { DB: db as unknown as string },
      page(`/essays/${SEED_SLUG}?cpage=1`),
    )
    expect(miss.status).toBe(200)
    expect(miss.headers.get('Cache-Control')).toBe('public, max-age=60')
    expect(counter.statements).toBe(2)
    expect(counter.roundTrips).toBe(1)
    const missBody = await miss.text()

    const hit = await fetchWithEnv(
      { DB: db as unknown as string },
      page(`/essays/${SEED_SLUG}?cpage=1`),
    )
    expect(counter.statements).toBe(2)
    expect(counter.roundTrips).toBe(1)
    expect(hit.headers.get('Age')).toMatch(/^\d+$/)
    expect(hit.headers.get('Cache-Control')).toBe('public, max-age=60')
    expect(hit.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
    // The same page, except that each view carries its own form token.
    const hitBody = await hit.text()
    expect(pageToken(hitBody)).not.toBe(pageToken(missBody))
    expect(hitBody.replace(pageToken(hitBody), '')).toBe(missBody.replace(pageToken(missBody), ''))
  })

  it('personal requests (preview, replyto, remember-me, bookmark) bypass the cache and are private, no-store; each costs one round trip', async () => {
    for (const [path, headers] of [
      [`/essays/${SEED_SLUG}?replyto=x`, {}],
      [`/essays/${SEED_SLUG}?unapproved=x&moderation-hash=y`, {}],
      [
        `/essays/${SEED_SLUG}`,
        {
          Cookie: `comment_author=${await signRemembered(env.SECRET_KEY!, { name: 'A', email: 'a@example.com', website: '', ids: [] })}`,
        },
      ],
      [`/essays/${SEED_SLUG}`, { Cookie: 'd1_bookmark=00000001-00000002-00000003' }],
    ] as const) {
      const { db, counter } = countingDb()
      const res = await fetchWithEnv({ DB: db as unknown as string }, page(path, headers))
      expect(res.status, path).toBe(200)
      expect(res.headers.get('Cache-Control'), path).toBe('private, no-store')
      expect(res.headers.get('Age')).toBeNull()
      expect(counter.statements, path).toBe(2)
      expect(counter.roundTrips, path).toBe(1)
    }
  })

  it('an approval is invisible to anonymous readers of a cached page until purgeEssayPages (or the 60 s TTL); the author sees it at once via the bookmark cookie', async () => {
    const res = await postForm(validComment())
    const id = locationId(res)
    const bookmark = setCookies(res)
      .find((line) => line.startsWith('d1_bookmark='))!
      .split(';')[0]!
    await purgeEssayPages('https://blog.test', SEED_SLUG)
    const before = await (await get(`/essays/${SEED_SLUG}`)).text()
    expect(before).not.toContain(`comment-${id}`)

    await env.DB.prepare("UPDATE comments SET status = 'approved' WHERE id = ?").bind(id).run()
    expect(await (await get(`/essays/${SEED_SLUG}`)).text()).not.toContain(`id="comment-${id}"`)
    expect(
      await (await get(`/essays/${SEED_SLUG}`, { headers: { Cookie: bookmark } })).text(),
    ).toContain(`id="comment-${id}"`)

    await approve(id) // purges
    expect(await (await get(`/essays/${SEED_SLUG}`)).text()).toContain(`id="comment-${id}"`)
  })

  it('an auto-published comment (open policy) purges the page itself', async () => {
    await get(`/essays/${SEED_SLUG}`)
    const published = await fetchWithEnv(
      { MODERATION_POLICY: 'open' },
      new Request(`https://blog.test/api/essays/${SEED_SLUG}/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '192.0.2.200' },
        body: JSON.stringify(validComment()),
      }),
    )
    expect(published.status).toBe(201)
    const { id } = (await published.json()) as { id: string }
    expect(await (await get(`/essays/${SEED_SLUG}`)).text()).toContain(`id="comment-${id}"`)
  })

  it('ETag and 304 still work on cached pages', async () => {
    const first = await get(`/essays/${SEED_SLUG}`)
    const etag = first.headers.get('ETag')!
    // Weak: every response carries its own form token, so the validator is over the shared copy.
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/)
    const again = await get(`/essays/${SEED_SLUG}`, { headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)
  })

  it('API and comments feed are publicly cacheable for 60 s', async () => {
    await postJson(validComment())
    expect((await get(`/api/essays/${SEED_SLUG}/comments`)).headers.get('Cache-Control')).toBe(
      'public, max-age=60',
    )
    expect((await get(`/essays/${SEED_SLUG}/comments.xml`)).headers.get('Cache-Control')).toBe(
      'public, max-age=60',
    )
  })
})

describe('a storage failure never answers 2xx', () => {
  /** D1 whose writes fail, as during an outage; reads still work. */
  function failingWrites() {
    const wrap = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(obj, prop) {
          const value = Reflect.get(obj, prop) as unknown
          if (typeof value !== 'function') return value
          if (prop === 'prepare')
            return (query: string) => {
              if (/^\s*INSERT/i.test(query)) throw new Error('D1_ERROR: simulated outage')
              return (value as (q: string) => unknown).call(obj, query)
            }
          if (prop === 'withSession')
            return (...args: unknown[]) =>
              wrap((value as (...a: unknown[]) => object).apply(obj, args))
          return (value as (...a: unknown[]) => unknown).bind(obj)
        },
      })
    return wrap(env.DB)
  }

  it('the form comes back with 503, the message and every typed value', async () => {
    const { fieldValue, mintFormToken, rowsByEmail } = await import('./helpers')
    const comment = { ...validComment(), website: 'https://example.com/x' }
    const body = new URLSearchParams({ ...comment, token: await mintFormToken() })
    const res = await fetchWithEnv(
      { DB: failingWrites() as unknown as string },
      new Request(`https://blog.test/essays/${SEED_SLUG}/comments`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'CF-Connecting-IP': '192.0.2.9',
        },
        body,
      }),
    )
    expect(res.status).toBe(503)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const html = await res.text()
    expect(html).toContain('Your comment could not be saved just now, so it was not posted.')
    for (const field of ['name', 'email', 'website', 'body'] as const)
      expect(fieldValue(html, field)).toBe(comment[field])
    expect(await rowsByEmail(comment.email)).toHaveLength(0)
  })

  it('the API answers 503 JSON', async () => {
    const res = await fetchWithEnv(
      { DB: failingWrites() as unknown as string },
      new Request(`https://blog.test/api/essays/${SEED_SLUG}/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(validComment()),
      }),
    )
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: string }).error).toMatch(/could not be saved/)
  })
})
