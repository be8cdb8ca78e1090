import { describe, expect, it } from 'vitest'
import { get, SEED_SLUG, SITE } from '../helpers/http'

const essayUrl = `${SITE}/essays/${SEED_SLUG}`

describe('feeds, sitemap and robots.txt', () => {
  it.each([
    ['/feed.xml', 'application/rss+xml', `<link>${essayUrl}</link>`],
    [
      '/atom.xml',
      'application/atom+xml',
      `<link rel="alternate" type="text/html" href="${essayUrl}"/>`,
    ],
    ['/sitemap.xml', 'application/xml', `<loc>${essayUrl}</loc>`],
  ])('%s lists the essay with an absolute URL', async (path, type, expected) => {
    const res = await get(path)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe(`${type}; charset=utf-8`)
    expect(res.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+$/)
    const body = await res.text()
    expect(body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true)
    expect(body).toContain(expected)
  })

  it('/feed.json is a JSON Feed 1.1 with absolute URLs', async () => {
    const res = await get('/feed.json')
    expect(res.headers.get('Content-Type')).toBe('application/feed+json; charset=utf-8')
    const feed = (await res.json()) as {
      version: string
      feed_url: string
      items: Array<{ url: string; content_html: string }>
    }
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1')
    expect(feed.feed_url).toBe(`${SITE}/feed.json`)
    expect(feed.items[0]!.url).toBe(essayUrl)
    expect(feed.items[0]!.content_html).toContain('Peter Drucker')
  })

  it('/robots.txt points at the sitemap', async () => {
    const res = await get('/robots.txt')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(`Sitemap: ${SITE}/sitemap.xml`)
  })
})
