import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { config } from '../config'
import { withBodies } from '../content/bodies'
import { siteCatalog, type Catalog, type Tag } from '../content/catalog'
import type { Essay } from '../content/types'
import type { AppEnv } from '../env'
import { site } from '../generated/content'
import { CACHE_SECONDS, publicCache } from '../lib/cache'
import { sendPrepared } from '../lib/prepared'
import { NOTHING_HERE } from '../lib/route-params'
import { essayPath, homePath, tagFeedPath, tagPath } from '../lib/urls'
import { XML_DECLARATION, xml } from '../lib/xml'
import { t } from '../views/i18n'
import { sitemapRoutes } from './sitemap'

const essayUrl = (siteUrl: string, slug: string) => siteUrl + essayPath(slug)
const rfc822 = (iso: string) => new Date(iso).toUTCString()

/** What one feed carries: the site's, or one tag's. Items are the newest `feedItems` essays. */
export interface FeedSource {
  title: string
  description: string
  essays: readonly Essay[]
  /** The HTML page this feed follows, and the feeds' own paths (site-relative). */
  homePath: string
  rssPath: string
  atomPath: string
  updated: string
}

export function siteFeed(catalog: Catalog = siteCatalog): FeedSource {
  const essays = catalog.dated.slice(0, catalog.feedItems)
  return {
    title: site.title,
    description: site.description,
    essays,
    homePath: homePath(),
    rssPath: '/feed.xml',
    atomPath: '/atom.xml',
    updated: catalog.lastUpdated(essays),
  }
}

export function tagFeed(catalog: Catalog, tag: Tag): FeedSource {
  const essays = tag.essays.slice(0, catalog.feedItems)
  return {
    title: `${site.title}: ${tag.name}`,
    description: t().tagFeedDescription({ tag: tag.name, site: site.title }),
    essays,
    homePath: tagPath(tag.slug),
    rssPath: tagFeedPath(tag.slug, 'rss'),
    atomPath: tagFeedPath(tag.slug, 'atom'),
    updated: catalog.lastUpdated(essays),
  }
}

export function rssFeed(siteUrl: string, feed: FeedSource = siteFeed()): string {
  const items = feed.essays.map(
    (essay) => xml`
    <item>
      <title>${essay.title}</title>
      <link>${essayUrl(siteUrl, essay.slug)}</link>
      <guid isPermaLink="true">${essayUrl(siteUrl, essay.slug)}</guid>
      <pubDate>${rfc822(essay.date)}</pubDate>
      <dc:creator>${essay.author}</dc:creator>
      <description>${essay.description}</description>
      <content:encoded>${essay.html}</content:encoded>${essay.tags.map(
        (tag) => xml`
      <category>${tag}</category>`,
      )}
    </item>`,
  )
  return (
    XML_DECLARATION +
    xml`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${feed.title}</title>
    <link>${siteUrl}${feed.homePath}</link>
    <description>${feed.description}</description>
    <language>${site.lang}</language>
    <copyright>${site.copyright}</copyright>
    <lastBuildDate>${rfc822(feed.updated)}</lastBuildDate>
    <atom:link href="${siteUrl}${feed.rssPath}" rel="self" type="application/rss+xml"/>${items}
  </channel>
</rss>
`
  )
}

export function atomFeed(siteUrl: string, feed: FeedSource = siteFeed()): string {
  const entries = feed.essays.map(
    (essay) => xml`
  <entry>
    <title>${essay.title}</title>
    <link rel="alternate" type="text/html" href="${essayUrl(siteUrl, essay.slug)}"/>
    <id>${essayUrl(siteUrl, essay.slug)}</id>
    <published>${essay.date}</published>
    <updated>${essay.updated}</updated>
    <author><name>${essay.author}</name></author>
    <summary>${essay.description}</summary>
    <content type="html">${essay.html}</content>${essay.tags.map(
      (tag) => xml`
    <category term="${tag}"/>`,
    )}
  </entry>`,
  )
  return (
    XML_DECLARATION +
    xml`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${site.lang}">
  <title>${feed.title}</title>
  <subtitle>${feed.description}</subtitle>
  <link rel="alternate" type="text/html" href="${siteUrl}${feed.homePath}"/>
  <link rel="self" type="application/atom+xml" href="${siteUrl}${feed.atomPath}"/>
  <id>${siteUrl}${feed.homePath}</id>
  <updated>${feed.updated}</updated>
  <author><name>${site.author}</name></author>
  <rights>${site.copyright}</rights>${entries}
</feed>
`
  )
}

export function jsonFeed(siteUrl: string, feed: FeedSource = siteFeed()) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: `${siteUrl}${feed.homePath}`,
    feed_url: `${siteUrl}/feed.json`,
    description: feed.description,
    language: site.lang,
    authors: [{ name: site.author }],
    items: feed.essays.map((essay) => ({
      id: essayUrl(siteUrl, essay.slug),
      url: essayUrl(siteUrl, essay.slug),
      title: essay.title,
      summary: essay.description,
      content_html: essay.html,
      date_published: essay.date,
      date_modified: essay.updated,
      authors: [{ name: essay.author }],
      tags: essay.tags,
    })),
  }
}

const RSS = 'application/rss+xml; charset=utf-8'
const ATOM = 'application/atom+xml; charset=utf-8'
const JSON_FEED = 'application/feed+json; charset=utf-8'

/**
 * The site's feeds, each tag's feeds, the sitemap and robots.txt, over one catalogue. Built from
 * the bundled essays once per isolate; only the origin comes from env.
 */
export function feedRoutesFor(catalog: Catalog, options: { sitemapLimit?: number } = {}) {
  const tagOf = (slug: string) => {
    const tag = catalog.tag(slug)
    if (!tag) throw new HTTPException(404, { message: NOTHING_HERE })
    return tag
  }
  /** Full-content feeds: a large blog's bodies come from the assets, once, when the feed is prepared. */
  const sendFeed = (
    c: Context<AppEnv>,
    key: string,
    type: string,
    source: FeedSource,
    render: (siteUrl: string, feed: FeedSource) => string,
  ) => {
    publicCache(c, CACHE_SECONDS.feed)
    const { siteUrl } = config(c.env)
    return sendPrepared(c, `${catalog.id} ${key} ${siteUrl}`, type, async () =>
      render(siteUrl, { ...source, essays: await withBodies(c.env.ASSETS, source.essays) }),
    )
  }
  const json = (siteUrl: string, feed: FeedSource) => JSON.stringify(jsonFeed(siteUrl, feed))
  return new Hono<AppEnv>()
    .get('/feed.xml', (c) => sendFeed(c, 'rss', RSS, siteFeed(catalog), rssFeed))
    .get('/atom.xml', (c) => sendFeed(c, 'atom', ATOM, siteFeed(catalog), atomFeed))
    .get('/feed.json', (c) => sendFeed(c, 'jsonfeed', JSON_FEED, siteFeed(catalog), json))
    .get('/tags/:tag/feed.xml', (c) => {
      const tag = tagOf(c.req.param('tag'))
      return sendFeed(c, `rss tag ${tag.slug}`, RSS, tagFeed(catalog, tag), rssFeed)
    })
    .get('/tags/:tag/atom.xml', (c) => {
      const tag = tagOf(c.req.param('tag'))
      return sendFeed(c, `atom tag ${tag.slug}`, ATOM, tagFeed(catalog, tag), atomFeed)
    })
    .route('/', sitemapRoutes(catalog, options.sitemapLimit))
    .get('/robots.txt', (c) => {
      publicCache(c, CACHE_SECONDS.sitemap)
      const siteUrl = config(c.env).siteUrl
      return c.text(
        `User-agent: *\nDisallow: /admin\nDisallow: /api/admin\nDisallow: /share/\n\nSitemap: ${siteUrl}/sitemap.xml\n`,
      )
    })
}

export const feedRoutes = feedRoutesFor(siteCatalog)
export { sitemap } from './sitemap'
