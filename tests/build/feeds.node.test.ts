import { parseFeed } from '@rowanmanning/feed-parser'
import { XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { atomFeed, jsonFeed, rssFeed, sitemap } from '../../src/essays/feeds'

const SITE = 'https://blog.example'
const ESSAY = `${SITE}/essays/management-versus-leadership`

describe('feeds parse in a standard feed reader library', () => {
  it.each([
    ['RSS 2.0', rssFeed, 'rss'],
    ['Atom', atomFeed, 'atom'],
  ])('%s', (_, build, type) => {
    const feed = parseFeed(build(SITE))
    expect(feed.meta.type).toBe(type)
    expect(feed.title).toBe('Management Versus Leadership')
    expect(feed.items).toHaveLength(1)
    expect(feed.items[0]!.url).toBe(ESSAY)
    expect(feed.items[0]!.title).toBe('Management Versus Leadership')
    expect(feed.items[0]!.published?.toISOString()).toBe('2023-01-01T00:00:00.000Z')
    expect(feed.items[0]!.content).toContain('Management is doing things right')
  })

  it('JSON Feed 1.1 round-trips through JSON with absolute URLs', () => {
    const feed = JSON.parse(JSON.stringify(jsonFeed(SITE)))
    expect(feed.items.map((item: { url: string }) => item.url)).toEqual([ESSAY])
    expect(feed.home_page_url).toBe(`${SITE}/`)
  })

  it('the sitemap is valid XML listing absolute URLs', () => {
    const xml = sitemap(SITE)
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(xml).toContain(`<loc>${ESSAY}</loc>`)
    expect(xml).toContain(`<loc>${SITE}/</loc>`)
  })
})
