import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { config } from '../config'
import { siteCatalog, type Catalog } from '../content/catalog'
import type { AppEnv } from '../env'
import { CACHE_SECONDS, publicCache } from '../lib/cache'
import { sendPrepared } from '../lib/prepared'
import { NOTHING_HERE, pageNumber } from '../lib/route-params'
import { parseOr } from '../lib/schema'
import { archivePath, essayPath, homePath, sitemapPath, tagPath, tagsPath } from '../lib/urls'
import { XML_DECLARATION, xml } from '../lib/xml'

/** The sitemap protocol's limit of URLs per file; past it /sitemap.xml becomes an index of files. */
export const SITEMAP_LIMIT = 50_000

const XML_TYPE = 'application/xml; charset=utf-8'

interface SitemapUrl {
  /** Site-relative. */
  path: string
  lastmod: string
}

/** Pages 1..N of a newest-first list, each with the newest change among its essays. */
function listPages(
  catalog: Catalog,
  list: Catalog['dated'],
  path: (page: number) => string,
): SitemapUrl[] {
  const urls: SitemapUrl[] = []
  const pages = Math.max(1, Math.ceil(list.length / catalog.perPage))
  for (let page = 1; page <= pages; page++) {
    const essays = list.slice((page - 1) * catalog.perPage, page * catalog.perPage)
    urls.push({ path: path(page), lastmod: catalog.lastUpdated(essays.length ? essays : list) })
  }
  return urls
}

/** Every page kind: home pages, essays (and standalone pages), the tag index, tag pages, archive. */
export function sitemapUrls(catalog: Catalog): SitemapUrl[] {
  const everything = catalog.lastUpdated()
  return [
    ...listPages(catalog, catalog.dated, homePath),
    ...catalog.all.map((essay) => ({ path: essayPath(essay.slug), lastmod: essay.updated })),
    { path: tagsPath, lastmod: everything },
    ...catalog.tags.flatMap((tag) =>
      listPages(catalog, tag.essays, (page) => tagPath(tag.slug, page)),
    ),
    { path: archivePath, lastmod: everything },
  ]
}

function urlset(siteUrl: string, urls: readonly SitemapUrl[]): string {
  return (
    XML_DECLARATION +
    xml`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map(
      (url) => xml`
  <url><loc>${siteUrl}${url.path}</loc><lastmod>${url.lastmod}</lastmod></url>`,
    )}
</urlset>
`
  )
}

function sitemapIndex(siteUrl: string, children: ReadonlyArray<readonly SitemapUrl[]>): string {
  return (
    XML_DECLARATION +
    xml`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${children.map(
      (urls, index) => xml`
  <sitemap><loc>${siteUrl}${sitemapPath(index + 1)}</loc><lastmod>${urls.reduce(
    (latest, url) => (url.lastmod > latest ? url.lastmod : latest),
    '1970-01-01T00:00:00.000Z',
  )}</lastmod></sitemap>`,
    )}
</sitemapindex>
`
  )
}

/** The URLs in files of at most `limit`; one file when they fit. */
function split(catalog: Catalog, limit: number): SitemapUrl[][] {
  const urls = sitemapUrls(catalog)
  const files: SitemapUrl[][] = []
  for (let start = 0; start < urls.length; start += limit)
    files.push(urls.slice(start, start + limit))
  return files.length ? files : [[]]
}

/** /sitemap.xml: every URL, or past `limit` URLs the index of its child files. */
export function sitemap(siteUrl: string, catalog = siteCatalog, limit = SITEMAP_LIMIT): string {
  const files = split(catalog, limit)
  return files.length === 1 ? urlset(siteUrl, files[0]!) : sitemapIndex(siteUrl, files)
}

/** /sitemaps/N.xml: the Nth child file, or null when the sitemap has no such file. */
export function sitemapChild(
  siteUrl: string,
  child: number,
  catalog = siteCatalog,
  limit = SITEMAP_LIMIT,
): string | null {
  const files = split(catalog, limit)
  const urls = files.length > 1 ? files[child - 1] : undefined
  return urls ? urlset(siteUrl, urls) : null
}

const childNumber = (file: string | undefined) => {
  const name = file?.endsWith('.xml') ? file.slice(0, -'.xml'.length) : undefined
  return parseOr(pageNumber, name, { status: 404, message: NOTHING_HERE }) as number
}

/** The sitemap and its child files, prepared once per isolate. */
export function sitemapRoutes(catalog: Catalog, limit = SITEMAP_LIMIT) {
  // How many files there are depends only on the catalogue: counted once, so asking for a child
  // that does not exist costs no rendering and fills no cache.
  let fileCount: number | undefined
  const files = () => (fileCount ??= split(catalog, limit).length)
  return new Hono<AppEnv>()
    .get('/sitemap.xml', (c) => {
      publicCache(c, CACHE_SECONDS.sitemap)
      const { siteUrl } = config(c.env)
      return sendPrepared(c, `${catalog.id} sitemap ${limit} ${siteUrl}`, XML_TYPE, () =>
        sitemap(siteUrl, catalog, limit),
      )
    })
    .get('/sitemaps/:file', (c) => {
      const child = childNumber(c.req.param('file'))
      if (files() === 1 || child > files()) throw new HTTPException(404, { message: NOTHING_HERE })
      publicCache(c, CACHE_SECONDS.sitemap)
      const { siteUrl } = config(c.env)
      return sendPrepared(c, `${catalog.id} sitemap ${limit} ${child} ${siteUrl}`, XML_TYPE, () =>
        sitemapChild(siteUrl, child, catalog, limit)!,
      )
    })
}
