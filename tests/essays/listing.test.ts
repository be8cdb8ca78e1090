import { describe, expect, it } from 'vitest'
import { fakeBlog, fakeCatalog, fakeRange, listedSlugs } from './fake-catalog'

const SITE = 'https://blog.test'
const get = fakeBlog(fakeCatalog())

const headLink = (html: string, rel: string) =>
  html.match(new RegExp(`<link rel="${rel}" href="([^"]*)"/>`))?.[1]

async function page(path: string) {
  const res = await get(path)
  expect(res.status, path).toBe(200)
  expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
  expect(res.headers.get('Cache-Control')).toBe('public, max-age=60')
  return { res, html: await res.text() }
}

describe('the home page, paginated (45 essays, 20 a page)', () => {
  it('/ is page 1: the newest 20, canonical /, rel=next to /page/2 and no rel=prev', async () => {
    const { html } = await page('/')
    expect(listedSlugs(html)).toEqual(fakeRange(0, 19))
    expect(headLink(html, 'canonical')).toBe(`${SITE}/`)
    expect(headLink(html, 'next')).toBe(`${SITE}/page/2`)
    expect(headLink(html, 'prev')).toBeUndefined()
    expect(html).toContain('<a rel="next" href="/page/2">')
    expect(html).toContain('Page 1 of 3')
  })

  it('/page/2 has essays 21-40, prev / and next /page/3', async () => {
    const { html } = await page('/page/2')
    expect(listedSlugs(html)).toEqual(fakeRange(20, 39))
    expect(headLink(html, 'canonical')).toBe(`${SITE}/page/2`)
    expect(headLink(html, 'prev')).toBe(`${SITE}/`)
    expect(headLink(html, 'next')).toBe(`${SITE}/page/3`)
    expect(html).toContain('<a rel="prev" href="/">')
    expect(html).toContain('<h1>Essays, page 2</h1>')
  })

  it('/page/3 is the last: the oldest 5, prev only', async () => {
    const { html } = await page('/page/3')
    expect(listedSlugs(html)).toEqual(fakeRange(40, 44))
    expect(headLink(html, 'prev')).toBe(`${SITE}/page/2`)
    expect(headLink(html, 'next')).toBeUndefined()
  })

  it('/page/1 moves permanently to /', async () => {
    const res = await get('/page/1')
    expect(res.status).toBe(301)
    expect(res.headers.get('Location')).toBe(`${SITE}/`)
  })

  it.each(['/page/4', '/page/0', '/page/02', '/page/-1', '/page/x', '/page/2.5', '/page/9999999'])(
    '%s is the 404 page',
    async (path) => {
      const res = await get(path)
      expect(res.status).toBe(404)
      expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
      expect(await res.text()).toContain('Page not found')
    },
  )

  it.each(['/', '/page/2', '/tags', '/tags/all-things', '/tags/all-things/page/2', '/archive'])(
    '%s has a strong ETag and answers If-None-Match with 304',
    async (path) => {
      const { res } = await page(path)
      const etag = res.headers.get('ETag')
      expect(etag).toMatch(/^"[0-9a-f]{40}"$/)
      const again = await get(path, { headers: { 'If-None-Match': etag! } })
      expect(again.status).toBe(304)
      expect(await again.text()).toBe('')
    },
  )

  it('perPage from the catalogue sets the page size', async () => {
    const small = fakeBlog(fakeCatalog(undefined, { perPage: 7, feedItems: 20 }))
    const res = await small('/page/7')
    expect(listedSlugs(await res.text())).toEqual(fakeRange(42, 44))
    expect((await small('/page/8')).status).toBe(404)
  })
})

describe('tag pages', () => {
  it('/tags/all-things: the newest 20 with the tag, canonical, next, and its feeds linked', async () => {
    const { html } = await page('/tags/all-things')
    expect(listedSlugs(html)).toEqual(fakeRange(0, 19))
    expect(html).toContain('<h1>Essays tagged “All Things”</h1>')
    expect(headLink(html, 'canonical')).toBe(`${SITE}/tags/all-things`)
    expect(headLink(html, 'next')).toBe(`${SITE}/tags/all-things/page/2`)
    expect(html).toContain(
      `<link rel="alternate" type="application/rss+xml" title="Management Versus Leadership: All Things (RSS)" href="${SITE}/tags/all-things/feed.xml"/>`,
    )
    expect(html).toContain(
      `<link rel="alternate" type="application/atom+xml" title="Management Versus Leadership: All Things (Atom)" href="${SITE}/tags/all-things/atom.xml"/>`,
    )
  })

  it('/tags/even-ones/page/2 has only the tag’s essays: the 3 oldest even ones', async () => {
    const { html } = await page('/tags/even-ones/page/2')
    expect(listedSlugs(html)).toEqual(['fake-40', 'fake-42', 'fake-44'])
    expect(headLink(html, 'canonical')).toBe(`${SITE}/tags/even-ones/page/2`)
    expect(headLink(html, 'prev')).toBe(`${SITE}/tags/even-ones`)
    expect(headLink(html, 'next')).toBeUndefined()
  })

  it('/tags/all-things/page/1 moves permanently to /tags/all-things', async () => {
    const res = await get('/tags/all-things/page/1')
    expect(res.status).toBe(301)
    expect(res.headers.get('Location')).toBe(`${SITE}/tags/all-things`)
  })

  it.each([
    '/tags/no-such-tag',
    '/tags/no-such-tag/page/2',
    '/tags/All-Things',
    '/tags/even-ones/page/3',
    '/tags/even-ones/page/00',
    '/tags/no-such-tag/feed.xml',
    '/tags/no-such-tag/atom.xml',
  ])('%s is the 404 page', async (path) => {
    const res = await get(path)
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('Page not found')
  })

  it('/tags lists every tag once with its count, by name, each linked to its page', async () => {
    const { html } = await page('/tags')
    expect(headLink(html, 'canonical')).toBe(`${SITE}/tags`)
    const tags = [
      ...html.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a> <span class="meta">([^<]+)<\/span>/g),
    ]
    expect(tags.map((m) => [m[1], m[2], m[3]])).toEqual([
      ['/tags/all-things', 'All Things', '45 essays'],
      ['/tags/even-ones', 'Even Ones', '23 essays'],
    ])
  })
})

describe('the archive', () => {
  it('/archive: year and month headings newest first, every essay once with its date', async () => {
    const { html } = await page('/archive')
    expect(headLink(html, 'canonical')).toBe(`${SITE}/archive`)
    const years = [...html.matchAll(/<h2 id="year-(\d{4})">/g)].map((m) => m[1])
    expect(years).toEqual(['2024', '2023', '2022'])
    const months = [...html.matchAll(/<h3 id="month-([\d-]+)">([^<]+)<\/h3>/g)]
    expect(months[0]!.slice(1)).toEqual(['2024-02', 'February 2024'])
    expect(months.map((m) => m[1])).toEqual([...months.map((m) => m[1]!)].sort().reverse())
    const links = [
      ...html.matchAll(
        /<li><a href="\/essays\/([^"]+)">[^<]+<\/a> <span class="meta"><time datetime="([^"]+)">/g,
      ),
    ]
    expect(links.map((m) => m[1])).toEqual(fakeRange(0, 44))
    expect(links[0]![2]).toBe('2024-02-20T00:00:00.000Z')
    // Each essay sits under its own month's heading.
    const sections = html.split('<h3 id="month-').slice(1)
    for (const section of sections) {
      const month = section.slice(0, 7)
      for (const [, date] of section.matchAll(/<time datetime="([^"]+)"/g))
        expect(date!.slice(0, 7)).toBe(month)
    }
  })
})
