import { describe, expect, it } from 'vitest'
import { get, SEED_SLUG } from '../helpers/http'

const GET_PATHS = [
  '/',
  `/essays/${SEED_SLUG}`,
  '/feed.xml',
  '/atom.xml',
  '/feed.json',
  '/sitemap.xml',
  '/robots.txt',
]

describe('ETag, 304 and HEAD', () => {
  it.each(GET_PATHS)(
    '%s has a strong ETag and answers If-None-Match with 304 and no body',
    async (path) => {
      const first = await get(path)
      expect(first.status).toBe(200)
      const etag = first.headers.get('ETag')
      // Essay pages carry a per-view form token spliced into a shared copy: their validator is weak.
      expect(etag).toMatch(path.startsWith('/essays/') ? /^W\/"[0-9a-f]{40}"$/ : /^"[0-9a-f]{40}"$/)
      await first.arrayBuffer()

      const again = await get(path, { headers: { 'If-None-Match': etag! } })
      expect(again.status).toBe(304)
      expect(again.headers.get('ETag')).toBe(etag)
      expect(again.headers.get('Cache-Control')).toBe(first.headers.get('Cache-Control'))
      expect(await again.text()).toBe('')
    },
  )

  it('a stale ETag gets the full page', async () => {
    const res = await get('/', {
      headers: { 'If-None-Match': '"0000000000000000000000000000000000000000"' },
    })
    expect(res.status).toBe(200)
    expect((await res.text()).length).toBeGreaterThan(1000)
  })

  it.each(GET_PATHS)('HEAD %s answers like GET without a body', async (path) => {
    const head = await get(path, { method: 'HEAD' })
    const full = await get(path)
    expect(head.status).toBe(200)
    expect(head.headers.get('Content-Type')).toBe(full.headers.get('Content-Type'))
    expect(head.headers.get('ETag')).toBe(full.headers.get('ETag'))
    expect(await head.text()).toBe('')
  })

  it('HEAD of an unknown path is a 404', async () => {
    expect((await get('/nope', { method: 'HEAD' })).status).toBe(404)
  })
})

describe('security headers', () => {
  it.each([...GET_PATHS, '/does-not-exist'])(
    '%s carries a CSP and the usual hardening headers',
    async (path) => {
      const res = await get(path)
      const csp = res.headers.get('Content-Security-Policy') ?? ''
      expect(csp).toContain("default-src 'none'")
      expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/)
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("base-uri 'none'")
      expect(csp).not.toContain('unsafe-inline')
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff')
      expect(res.headers.get('X-Frame-Options')).toBe('DENY')
      expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('X-Request-Id')).toBeTruthy()
    },
  )

  it("the page's inline stylesheet is exactly the one the CSP hash allows", async () => {
    const res = await get('/')
    const html = await res.text()
    const css = html.match(/<style>([\s\S]*?)<\/style>/)![1]!
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(css))
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)))
    expect(res.headers.get('Content-Security-Policy')).toContain(`style-src 'sha256-${hash}'`)
  })
})
