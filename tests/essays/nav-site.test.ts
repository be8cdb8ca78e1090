import { describe, expect, it } from 'vitest'
import { get, SEED_SLUG, SITE } from '../helpers/http'

/** The real build (one essay, tagged leadership and management) through the worker's own routes. */
describe('navigation on the real site', () => {
  it('the essay page’s tags link to their tag pages', async () => {
    const html = await (await get(`/essays/${SEED_SLUG}`)).text()
    expect(html).toContain('<li><a href="/tags/leadership" rel="tag">leadership</a></li>')
    expect(html).toContain('<li><a href="/tags/management" rel="tag">management</a></li>')
  })

  it.each([
    ['/tags/leadership', `${SITE}/tags/leadership`],
    ['/tags', `${SITE}/tags`],
    ['/archive', `${SITE}/archive`],
    ['/', `${SITE}/`],
  ])(
    '%s lists the seed essay with its canonical link and no rel=prev/next',
    async (path, canonical) => {
      const res = await get(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('Cache-Control')).toBe('public, max-age=60')
      expect(res.headers.get('ETag')).toMatch(/^"[0-9a-f]{40}"$/)
      const html = await res.text()
      expect(html).toContain(`<link rel="canonical" href="${canonical}"/>`)
      expect(html).not.toMatch(/rel="(?:prev|next)"/)
      expect(html).toContain(
        path === '/tags' ? 'href="/tags/leadership"' : `href="/essays/${SEED_SLUG}"`,
      )
    },
  )

  it('the header links to the tag index and the archive', async () => {
    const html = await (await get('/')).text()
    expect(html).toContain('<a href="/tags">Tags</a>')
    expect(html).toContain('<a href="/archive">Archive</a>')
  })

  it.each(['/page/2', '/tags/nope', '/tags/leadership/page/2', '/sitemaps/1.xml'])(
    '%s is the 404 page on a one-essay blog',
    async (path) => {
      const res = await get(path)
      expect(res.status).toBe(404)
      expect(await res.text()).toContain('Page not found')
    },
  )

  it('the sitemap has the tag index, tag pages and archive', async () => {
    const xml = await (await get('/sitemap.xml')).text()
    for (const path of ['/tags', '/tags/leadership', '/tags/management', '/archive'])
      expect(xml).toContain(`<loc>${SITE}${path}</loc>`)
  })

  it('/tags/leadership/feed.xml is the tag’s RSS feed with the seed essay', async () => {
    const res = await get('/tags/leadership/feed.xml')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(`<link>${SITE}/essays/${SEED_SLUG}</link>`)
  })
})
