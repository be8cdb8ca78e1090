/** Malformed and oversized requests against the read routes: always a 4xx (or the page), never a 5xx. */
import { describe, expect, it } from 'vitest'
import { get, SEED_SLUG } from '../helpers/http'

const expectNo5xx = async (res: Response, label: string) => {
  expect(res.status, label).toBeLessThan(500)
  await res.arrayBuffer()
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
      await res.arrayBuffer()
    }
  })

  it('answers a 16 KB path and a 16 KB query string without a 5xx', async () => {
    await expectNo5xx(await get(`/essays/${'a'.repeat(16_384)}`), 'long path')
    const res = await get(`/essays/${SEED_SLUG}?${'q=%FF&'.repeat(2_700)}`)
    expect(res.status).toBe(200)
    await res.arrayBuffer()
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
    await res.arrayBuffer()
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
        await res.arrayBuffer()
      }
    }
  })

  it('answers the JSON 404 for unknown API paths with odd methods and bodies', async () => {
    const res = await get('/api/%FF/../admin', {
      method: 'POST',
      body: '[]',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(await res.json()).toEqual({ error: expect.any(String) })
  })
})
