import { Hono, type Context } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import { absoluteUrl, config } from '../config'
import type { Catalog } from '../content/catalog'
import type { AppEnv } from '../env'
import { CACHE_SECONDS, publicCache } from '../lib/cache'
import { HTTPException } from 'hono/http-exception'
import { prepare, sendPrepared } from '../lib/prepared'
import { withCounts } from './listing-counts'
import { NOTHING_HERE } from '../lib/route-params'
import { homePath, tagPath } from '../lib/urls'
import { ArchivePage } from './archive'
import { HomePage, TagPage } from './listing'
import { checkPage, pageOf, pageParam } from './pagination'
import { TagIndexPage } from './tag-index'

const HTML = 'text/html; charset=UTF-8'
// "/page/1" is "/" under another name: a permanent move, shared for a day like the legacy ones.
const MOVED_CACHE = 'public, max-age=86400'

/** A page with no async component renders synchronously, so it can be prepared once per isolate. */
function render(page: JSX.Element): string {
  const html: unknown = page.toString()
  if (html instanceof Promise) throw new Error('a listing page must render synchronously')
  return String(html)
}

/**
 * A listing page: its body depends only on the catalogue (build-time content) and SITE_URL, so it
 * is rendered once per isolate with its strong ETag (src/lib/prepared.ts); the etag middleware
 * answers If-None-Match with 304.
 */
function sendPage(c: Context<AppEnv>, catalog: Catalog, what: string, page: () => JSX.Element) {
  const { siteUrl } = config(c.env)
  publicCache(c, CACHE_SECONDS.page)
  return sendPrepared(c, `${catalog.id} ${what} ${siteUrl}`, HTML, () => render(page()))
}

/** A listing with comment counts: the prepared page, then this minute's counts spliced in. */
async function sendCounted(
  c: Context<AppEnv>,
  catalog: Catalog,
  what: string,
  slugs: readonly string[],
  page: () => JSX.Element,
) {
  const { siteUrl } = config(c.env)
  publicCache(c, CACHE_SECONDS.page)
  const prepared = await prepare(`${catalog.id} ${what} ${siteUrl}`, () => render(page()))
  const { body, etag } = await withCounts(c, `${catalog.id} ${what}`, prepared, slugs)
  return c.body(body, 200, { 'Content-Type': HTML, ETag: etag })
}

function moved(c: Context<AppEnv>, path: string) {
  c.header('Cache-Control', MOVED_CACHE)
  return c.redirect(absoluteUrl(c.env, path), 301)
}

const slugsOf = (essays: readonly { slug: string }[]) => essays.map((essay) => essay.slug)

function knownTag(catalog: Catalog, slug: string) {
  const tag = catalog.tag(slug)
  if (!tag) throw new HTTPException(404, { message: NOTHING_HERE })
  return tag
}

/**
 * The home page's pages, tag pages, the tag index and the archive, over one catalogue: the site's
 * (src/essays/routes.tsx) or a test's. Page 1 lives at the list's own address; "/page/1" moves there.
 */
export function listingRoutes(catalog: Catalog) {
  // Past the last page is the 404 page; the page's slice is taken once, when it is prepared.
  const home = (c: Context<AppEnv>, page: number) => {
    checkPage(catalog.dated, page, catalog.perPage)
    const { siteUrl } = config(c.env)
    const paged = pageOf(catalog.dated, page, catalog.perPage)
    return sendCounted(c, catalog, `home ${page}`, slugsOf(paged.items), () => (
      <HomePage siteUrl={siteUrl} paged={paged} />
    ))
  }
  const tagPage = (c: Context<AppEnv>, slug: string, page: number) => {
    const tag = knownTag(catalog, slug)
    checkPage(tag.essays, page, catalog.perPage)
    const { siteUrl } = config(c.env)
    const paged = pageOf(tag.essays, page, catalog.perPage)
    return sendCounted(c, catalog, `tag ${tag.slug} ${page}`, slugsOf(paged.items), () => (
      <TagPage siteUrl={siteUrl} tag={tag} paged={paged} />
    ))
  }

  return new Hono<AppEnv>()
    .get('/', (c) => home(c, 1))
    .get('/page/:page', (c) => {
      const page = pageParam(c.req.param('page'))
      return page === 1 ? moved(c, homePath()) : home(c, page)
    })
    .get('/tags', (c) => {
      const { siteUrl } = config(c.env)
      return sendPage(c, catalog, 'tags', () => (
        <TagIndexPage siteUrl={siteUrl} tags={catalog.tags} />
      ))
    })
    .get('/tags/:tag', (c) => tagPage(c, c.req.param('tag'), 1))
    .get('/tags/:tag/page/:page', (c) => {
      const slug = knownTag(catalog, c.req.param('tag')).slug
      const page = pageParam(c.req.param('page'))
      return page === 1 ? moved(c, tagPath(slug)) : tagPage(c, slug, page)
    })
    .get('/archive', (c) => {
      const { siteUrl } = config(c.env)
      return sendPage(c, catalog, 'archive', () => (
        <ArchivePage siteUrl={siteUrl} essays={catalog.dated} />
      ))
    })
}
