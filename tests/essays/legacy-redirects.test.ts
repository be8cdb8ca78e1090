import { env } from 'cloudflare:test'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../../src/env'
import { legacyRedirects } from '../../src/essays/legacy-redirects'
import { get, SEED_SLUG, SITE } from '../helpers/http'

describe('old WordPress links in the deployed worker (content/redirects.json)', () => {
  it.each([
    '/2023/01/01/management-versus-leadership/',
    '/2023/01/management-versus-leadership/',
    '/management-versus-leadership/',
    '/management-versus-leadership',
  ])('%s answers 301 to the essay', async (path) => {
    const res = await get(path)
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(`${SITE}/essays/${SEED_SLUG}`)
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400')
    const essay = await get(`/essays/${SEED_SLUG}`)
    expect(essay.status).toBe(200)
  })

  it('/feed/ and /feed answer 301 to /feed.xml', async () => {
    for (const path of ['/feed/', '/feed']) {
      const res = await get(path)
      expect(res.status).toBe(301)
      expect(res.headers.get('location')).toBe(`${SITE}/feed.xml`)
    }
  })

  it('leaves the home page, unknown ?p= ids and other query strings alone', async () => {
    for (const path of ['/', '/?p=999999', '/?utm_source=x', '/?p=']) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toContain('text/html')
      expect(res.headers.get('location')).toBeNull()
    }
  })

  it('unknown old-looking paths are still 404, and live routes are not shadowed', async () => {
    expect((await get('/2023/01/01/no-such-post/')).status).toBe(404)
    expect((await get('/no-such-page/')).status).toBe(404)
    expect((await get('/feed.xml')).status).toBe(200)
  })
})

describe('legacyRedirects with a given map', () => {
  const map = {
    '/?p=123': 'hiring-and-firing',
    '/?page_id=2': 'about',
    '/2019/03/14/hiring-and-firing/': 'hiring-and-firing',
    '/café-culture/': 'cafe-culture',
  }
  const { home, router } = legacyRedirects(map)
  const app = new Hono<AppEnv>()
  let homeHits = 0
  app.get('/', home)
  app.get('/', (c) => {
    homeHits++
    return c.text('home')
  })
  app.route('/', router)
  const request = (path: string) =>
    app.request(`https://blog.test${path}`, { redirect: 'manual' }, env)

  it('answers /?p=ID and /?page_id=ID from the map, before the home page runs', async () => {
    const before = homeHits
    const res = await request('/?p=123')
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe('https://blog.test/essays/hiring-and-firing')
    expect((await request('/?page_id=2')).headers.get('location')).toBe(
      'https://blog.test/essays/about',
    )
    expect((await request('/?p=123&utm_source=feed')).status).toBe(301)
    expect(homeHits).toBe(before)
  })

  it('falls through to the home page for anything else', async () => {
    const res = await request('/?p=124')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('home')
    expect(await (await request('/')).text()).toBe('home')
  })

  it('matches percent-encoded paths by their decoded form, with or without the trailing slash', async () => {
    for (const path of [
      '/caf%C3%A9-culture/',
      '/caf%c3%a9-culture',
      '/2019/03/14/hiring-and-firing',
    ]) {
      const res = await request(path)
      expect(res.status, path).toBe(301)
    }
    expect((await request('/caf%C3%A9-culture/')).headers.get('location')).toBe(
      'https://blog.test/essays/cafe-culture',
    )
    expect((await request('/2019/03/15/hiring-and-firing/')).status).toBe(404)
  })
})
