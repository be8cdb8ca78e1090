import { Hono } from 'hono'
import { config } from '../config'
import type { AppEnv } from '../env'
import { site } from '../generated/content'
import { CACHE_SECONDS, publicCache } from '../lib/cache'
import { sendPrepared } from '../lib/prepared'
import { essayPath } from '../lib/urls'
import { XML_DECLARATION, xml } from '../lib/xml'
import { lastUpdated, listEssays } from '../content/catalog'

const essayUrl = (siteUrl: string, slug: string) => siteUrl + essayPath(slug)
const rfc822 = (iso: string) => new Date(iso).toUTCString()

export function rssFeed(siteUrl: string): string {
  const items = listEssays().map(
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
    <title>${site.title}</title>
    <link>${siteUrl}/</link>
    <description>${site.description}</description>
    <language>${site.lang}</language>
    <copyright>${site.copyright}</copyright>
    <lastBuildDate>${rfc822(lastUpdated())}</lastBuildDate>
    <atom:link href="${siteUrl}/feed.xml" rel="self" type="application/rss+xml"/>${items}
  </channel>
</rss>
`
  )
}

export function atomFeed(siteUrl: string): string {
  const entries = listEssays().map(
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
  <title>${site.title}</title>
  <subtitle>${site.description}</subtitle>
  <link rel="alternate" type="text/html" href="${siteUrl}/"/>
  <link rel="self" type="application/atom+xml" href="${siteUrl}/atom.xml"/>
  <id>${siteUrl}/</id>
  <updated>${lastUpdated()}</updated>
  <author><name>${site.author}</name></author>
  <rights>${site.copyright}</rights>${entries}
</feed>
`
  )
}

export function jsonFeed(siteUrl: string) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: site.title,
    home_page_url: `${siteUrl}/`,
    feed_url: `${siteUrl}/feed.json`,
    description: site.description,
    language: site.lang,
    authors: [{ name: site.author }],
    items: listEssays().map((essay) => ({
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

export function sitemap(siteUrl: string): string {
  const urls = [
    xml`
  <url><loc>${siteUrl}/</loc><lastmod>${lastUpdated()}</lastmod></url>`,
    ...listEssays().map(
      (essay) => xml`
  <url><loc>${essayUrl(siteUrl, essay.slug)}</loc><lastmod>${essay.updated}</lastmod></url>`,
    ),
  ]
  return (
    XML_DECLARATION +
    xml`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}
</urlset>
`
  )
}

/** Site-wide feeds, sitemap and robots.txt. Built from the bundled essays; only the origin comes from env. */
export const feedRoutes = new Hono<AppEnv>()
  .get('/feed.xml', (c) => {
    publicCache(c, CACHE_SECONDS.feed)
    const { siteUrl } = config(c.env)
    return sendPrepared(c, `rss ${siteUrl}`, 'application/rss+xml; charset=utf-8', () =>
      rssFeed(siteUrl),
    )
  })
  .get('/atom.xml', (c) => {
    publicCache(c, CACHE_SECONDS.feed)
    const { siteUrl } = config(c.env)
    return sendPrepared(c, `atom ${siteUrl}`, 'application/atom+xml; charset=utf-8', () =>
      atomFeed(siteUrl),
    )
  })
  .get('/feed.json', (c) => {
    publicCache(c, CACHE_SECONDS.feed)
    const { siteUrl } = config(c.env)
    return sendPrepared(c, `jsonfeed ${siteUrl}`, 'application/feed+json; charset=utf-8', () =>
      JSON.stringify(jsonFeed(siteUrl)),
    )
  })
  .get('/sitemap.xml', (c) => {
    publicCache(c, CACHE_SECONDS.sitemap)
    const { siteUrl } = config(c.env)
    return sendPrepared(c, `sitemap ${siteUrl}`, 'application/xml; charset=utf-8', () =>
      sitemap(siteUrl),
    )
  })
  .get('/robots.txt', (c) => {
    publicCache(c, CACHE_SECONDS.sitemap)
    const siteUrl = config(c.env).siteUrl
    return c.text(
      `User-agent: *\nDisallow: /admin\nDisallow: /api/admin\nDisallow: /share/\n\nSitemap: ${siteUrl}/sitemap.xml\n`,
    )
  })
