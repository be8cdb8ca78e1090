import { describe, expect, it } from 'vitest'
import { sitemap, sitemapUrls } from '../../src/essays/sitemap'
import { fakeBlog, fakeCatalog, fakeRange } from './fake-catalog'

const SITE = 'https://blog.test'
const catalog = fakeCatalog()
const get = fakeBlog(catalog)

const rssItems = (xml: string) =>
  [...xml.matchAll(/<item>\s*<title>[^<]*<\/title>\s*<link>[^<]*\/essays\/([^<]+)<\/link>/g)].map(
    (m) => m[1],
  )
const atomEntries = (xml: string) =>
  [
    ...xml.matchAll(
      /<entry>\s*<title>[^<]*<\/title>\s*<link rel="alternate" type="text\/html" href="[^"]*\/essays\/([^"]+)"/g,
    ),
  ].map((m) => m[1])
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!)

describe('feeds carry the newest feedItems essays, with full content', () => {
  it('/feed.xml, /atom.xml and /feed.json: the newest 20 of 45', async () => {
    const rss = await (await get('/feed.xml')).text()
    expect(rssItems(rss)).toEqual(fakeRange(0, 19))
    expect(rss).toContain(
      '<content:encoded>&lt;p&gt;The whole text of fake essay 0.&lt;/p&gt;</content:encoded>',
    )
    const atom = await (await get('/atom.xml')).text()
    expect(atomEntries(atom)).toEqual(fakeRange(0, 19))
    const json = (await (await get('/feed.json')).json()) as {
      items: Array<{ url: string; content_html: string }>
    }
    expect(json.items.map((item) => item.url)).toEqual(
      fakeRange(0, 19).map((slug) => `${SITE}/essays/${slug}`),
    )
    expect(json.items[19]!.content_html).toBe('<p>The whole text of fake essay 19.</p>')
  })

  it('feedItems from the catalogue sets the length', async () => {
    const short = fakeBlog(fakeCatalog(undefined, { perPage: 20, feedItems: 3 }))
    expect(rssItems(await (await short('/feed.xml')).text())).toEqual(fakeRange(0, 2))
  })

  it('a tag’s RSS and Atom feeds: its newest 20 essays, titled and self-linked as the tag', async () => {
    const res = await get('/tags/even-ones/feed.xml')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('application/rss+xml; charset=utf-8')
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=300')
    const rss = await res.text()
    expect(rssItems(rss)).toEqual(Array.from({ length: 20 }, (_, i) => `fake-${i * 2}`))
    expect(rss).toContain('<title>Management Versus Leadership: Even Ones</title>')
    expect(rss).toContain(`<link>${SITE}/tags/even-ones</link>`)
    expect(rss).toContain(`<atom:link href="${SITE}/tags/even-ones/feed.xml" rel="self"`)

    const atomRes = await get('/tags/even-ones/atom.xml')
    expect(atomRes.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8')
    const atom = await atomRes.text()
    expect(atomEntries(atom)).toEqual(Array.from({ length: 20 }, (_, i) => `fake-${i * 2}`))
    expect(atom).toContain(
      `<link rel="self" type="application/atom+xml" href="${SITE}/tags/even-ones/atom.xml"/>`,
    )
  })

  it('a tag feed has a strong ETag and answers If-None-Match with 304', async () => {
    const first = await get('/tags/all-things/atom.xml')
    const etag = first.headers.get('ETag')
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/)
    expect(
      (await get('/tags/all-things/atom.xml', { headers: { 'If-None-Match': etag! } })).status,
    ).toBe(304)
  })
})

describe('the sitemap covers every page kind', () => {
  const expected = [
    `${SITE}/`,
    `${SITE}/page/2`,
    `${SITE}/page/3`,
    ...fakeRange(0, 44).map((slug) => `${SITE}/essays/${slug}`),
    `${SITE}/tags`,
    `${SITE}/tags/all-things`,
    `${SITE}/tags/all-things/page/2`,
    `${SITE}/tags/all-things/page/3`,
    `${SITE}/tags/even-ones`,
    `${SITE}/tags/even-ones/page/2`,
    `${SITE}/archive`,
  ]

  it('one urlset under the limit: home pages, essays, tag index, tag pages, archive', async () => {
    const res = await get('/sitemap.xml')
    expect(res.status).toBe(200)
    const xml = await res.text()
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    expect(locs(xml)).toEqual(expected)
    expect(xml).toContain(
      `<url><loc>${SITE}/page/3</loc><lastmod>${catalog.dated[40]!.updated}</lastmod></url>`,
    )
    expect((await get('/sitemaps/1.xml')).status).toBe(404)
  })

  it('past the limit, /sitemap.xml is an index of child sitemaps that together hold every URL once', async () => {
    const split = fakeBlog(catalog, { sitemapLimit: 20 })
    const index = await (await split('/sitemap.xml')).text()
    expect(index).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    expect(index).not.toContain('<urlset')
    const children = locs(index)
    expect(children).toEqual([1, 2, 3].map((n) => `${SITE}/sitemaps/${n}.xml`))
    const all: string[] = []
    for (const child of children) {
      const res = await split(new URL(child).pathname)
      expect(res.status).toBe(200)
      expect(res.headers.get('Content-Type')).toBe('application/xml; charset=utf-8')
      const urls = locs(await res.text())
      expect(urls.length).toBeLessThanOrEqual(20)
      all.push(...urls)
    }
    expect(all).toEqual(expected)
    for (const path of ['/sitemaps/4.xml', '/sitemaps/0.xml', '/sitemaps/1', '/sitemaps/x.xml'])
      expect((await split(path)).status, path).toBe(404)
  })

  it('the default limit is the protocol’s 50,000 URLs', () => {
    expect(sitemapUrls(catalog)).toHaveLength(expected.length)
    expect(sitemap(SITE, catalog)).toContain('<urlset')
    expect(sitemap(SITE, catalog, expected.length)).toContain('<urlset')
    expect(sitemap(SITE, catalog, expected.length - 1)).toContain('<sitemapindex')
  })
})
