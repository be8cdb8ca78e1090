import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { get, metaContent, SEED_SLUG, SITE, visibleText } from '../helpers/http'

describe('GET /', () => {
  it('lists the essays newest first with title, date, description and reading time', async () => {
    const res = await get('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    const text = visibleText(html)
    expect(html).toContain(`href="/essays/${SEED_SLUG}"`)
    expect(text).toContain('Management Versus Leadership')
    expect(text).toContain('January 1, 2023')
    expect(text).toMatch(/\d+ min read/)
    expect(text).toContain('Managers and leaders are both critical')
  })
})

describe('GET /essays/:slug', () => {
  it('shows every line of the seed essay verbatim, the © line, and the comment and share areas', async () => {
    const res = await get(`/essays/${SEED_SLUG}`)
    expect(res.status).toBe(200)
    const text = visibleText(await res.text())
    const seedLines = env.SEED_TEXT.split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
    expect(seedLines.length).toBeGreaterThan(8)
    for (const line of seedLines) expect(text, line).toContain(line)
  })

  it('sets the Drucker quote as a blockquote with curly quotes', async () => {
    const html = await (await get(`/essays/${SEED_SLUG}`)).text()
    expect(html).toMatch(
      /<blockquote>\s*<p>“Management is doing things right; leadership is doing the right things\.”<\/p>\s*<\/blockquote>/,
    )
    expect(html).toContain('Don’t get me wrong—managers')
  })

  it('carries canonical, Open Graph, Twitter, JSON-LD Article, lang, viewport and feed links', async () => {
    const html = await (await get(`/essays/${SEED_SLUG}`)).text()
    expect(html).toContain(`<html lang="en">`)
    expect(html).toContain(`<meta name="viewport" content="width=device-width, initial-scale=1"/>`)
    expect(html).toContain(`<link rel="canonical" href="${SITE}/essays/${SEED_SLUG}"/>`)
    expect(html).toContain(`<link rel="alternate" type="application/rss+xml"`)
    expect(html).toContain(`href="${SITE}/feed.xml"`)
    expect(metaContent(html, 'og:title')).toBe('Management Versus Leadership')
    expect(metaContent(html, 'og:type')).toBe('article')
    expect(metaContent(html, 'og:url')).toBe(`${SITE}/essays/${SEED_SLUG}`)
    expect(metaContent(html, 'twitter:card')).toMatch(/^summary/)
    const jsonLd = JSON.parse(
      html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]!,
    )
    expect(jsonLd).toMatchObject({
      '@type': 'Article',
      headline: 'Management Versus Leadership',
      datePublished: '2023-01-01T00:00:00.000Z',
      dateModified: '2023-01-01T00:00:00.000Z',
      author: { name: expect.any(String) },
    })
  })

  it('answers an unknown slug with a real HTML 404 page', async () => {
    const res = await get('/essays/no-such-essay')
    expect(res.status).toBe(404)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toContain('<h1>Page not found</h1>')
    expect(html).toContain('<meta name="robots" content="noindex"/>')
  })

  it('answers any unknown path with the 404 page, and unknown API paths with JSON', async () => {
    const page = await get('/wp-login.php')
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('Page not found')
    const api = await get('/api/nothing-here')
    expect(api.status).toBe(404)
    expect(api.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(await api.json()).toEqual({
      error: expect.stringMatching(/nothing at this address/),
      fields: {},
    })
  })
})
