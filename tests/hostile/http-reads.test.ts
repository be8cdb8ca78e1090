/** Malformed and oversized requests against the read routes: always a 4xx (or the page), never a 5xx. */
import { describe, expect, it } from 'vitest'
import { get, SEED_SLUG } from '../helpers/http'

const expectNo5xx = async (res: Response, label: string) => {
  expect(res.status, label).toBeLessThan(500)
  return res.text()
}

const ESSAY_TITLE = '<h1 class="p-name">Management Versus Leadership</h1>'
const NO_ESSAY = 'There is no essay at this address.'
const NOTHING_HERE = 'There is nothing at this address.'

/** The site's 404 page, with the message saying what was not found. */
function expectNotFoundPage(res: Response, html: string, message: string, label: string) {
  expect(res.status, label).toBe(404)
  expect(res.headers.get('Content-Type'), label).toMatch(/^text\/html/)
  expect(html, label).toContain(`<h1>Page not found</h1><p>${message}</p>`)
}

describe('hostile requests to read routes', () => {
  it('answers broken percent-encoding and invalid UTF-8 in the path with 404, not 500', async () => {
    for (const path of [
      '/essays/%',
      '/essays/%E0%A4%A',
      '/essays/%FF%FE',
      '/essays/%C0%AF',
      '/essays/%00',
      '/%ED%A0%80',
      `/essays/${SEED_SLUG}%2F..%2F..`,
      '/essays/..%2f..%2fetc%2fpasswd',
    ]) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      // Under /essays/ the essay route answers (no such essay); elsewhere the site's catch-all does.
      expectNotFoundPage(
        res,
        await res.text(),
        path.startsWith('/essays/') ? NO_ESSAY : NOTHING_HERE,
        path,
      )
    }
  })

  it('answers a 16 KB path and a 16 KB query string without a 5xx', async () => {
    const long = await get(`/essays/${'a'.repeat(16_384)}`)
    expectNotFoundPage(long, await expectNo5xx(long, 'long path'), NO_ESSAY, 'long path')
    const res = await get(`/essays/${SEED_SLUG}?${'q=%FF&'.repeat(2_700)}`)
    expect(res.status).toBe(200)
    // The essay itself: unknown query parameters are ignored.
    expect(await res.text()).toContain(ESSAY_TITLE)
  })

  it('ignores very long and odd headers', async () => {
    const res = await get(`/essays/${SEED_SLUG}`, {
      headers: {
        'X-Long': 'x'.repeat(32_000),
        'If-None-Match': '"' + 'a'.repeat(8_000) + '", W/"x", *,,,',
        Accept: 'text/html;q=abc, */*;;;',
        Cookie: '=; ; a=%FF; ' + 'b='.repeat(2_000),
      },
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(ESSAY_TITLE)
  })

  it('answers write methods on read routes with a 4xx and no side effects', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      for (const path of ['/', '/feed.xml', '/sitemap.xml']) {
        const res = await get(path, {
          method,
          body: '\xff\xfe{"a":',
          headers: { 'Content-Type': 'APPLICATION/JSON; charset=utf-8' },
        })
        expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400)
        expect(res.status, `${method} ${path}`).toBeLessThan(500)
        // No write route there: the site's 404 page, the body never read.
        expectNotFoundPage(res, await res.text(), NOTHING_HERE, `${method} ${path}`)
      }
    }
  })

  it('answers the JSON 404 for unknown API paths with odd methods and bodies', async () => {
    // URL parsing resolves the dot segment: this is POST /api/admin, which asks for the admin's credentials.
    const res = await get('/api/%FF/../admin', {
      method: 'POST',
      body: '[]',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toMatch(/^Bearer /)
    const data = (await res.json()) as { error: string }
    // The one error channel's API shape: { error, fields } (no per-field messages for a 401).
    expect(data).toEqual({ error: expect.any(String), fields: {} })
    expect(data.error).toMatch(/sign in/i)
    for (const path of ['/api/%FF/nothing-here', '/api/nothing']) {
      const unknown = await get(path, {
        method: 'POST',
        body: '[]',
        headers: { 'Content-Type': 'application/json' },
      })
      expect(unknown.status, path).toBe(404)
      expect(unknown.headers.get('Content-Type'), path).toMatch(/^application\/json/)
      expect(await unknown.json(), path).toMatchObject({ error: NOTHING_HERE })
    }
  })
})
