import { responsesCompanion } from '../responses/slot'
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { commentSlots, commentView, forThisView, pageQuery } from '../comments/slots'
import { config } from '../config'
import { withBody } from '../content/bodies'
import type { Essay } from '../content/types'
import type { AppEnv } from '../env'
import { CACHE_SECONDS, privateNoStore, publicCache } from '../lib/cache'
import { defer } from '../lib/defer'
import { strongEtag } from '../lib/prepared'
import { essayParam, NOTHING_HERE, validQuery } from '../lib/route-params'
import { essayHtml } from './essay-html'
import { essayPageCacheKey, readCachedPage, storePage } from './page-cache'

/**
 * Cached pages differ per response only in their form token, so their validator is weak, computed
 * over the shared copy: byte-for-byte the responses differ, semantically they are the same page.
 * hono's etag() keeps an ETag that is already set and compares weakly for If-None-Match, so 304 works.
 */
const weak = (etag: string) => (etag.startsWith('W/') ? etag : `W/${etag}`)

/** A rendered page as this reader gets it; a freshly rendered page always has its token slot. */
async function finished(c: Context<AppEnv>, essay: Essay, html: string): Promise<string> {
  const page = await forThisView(c, essay, html)
  if (page === null) throw new Error('the essay page has no form token slot')
  return page
}

/**
 * GET of an essay page. Anonymous readers share one copy per page from the Cache API (at most
 * CACHE_SECONDS.page old); readers with anything personal (remember-me, a fresh bookmark,
 * ?replyto, a preview) get their own render, never stored in any shared cache.
 */
export const essayPage = new Hono<AppEnv>().get(
  '/essays/:slug',
  essayParam(),
  validQuery(pageQuery, { status: 404, message: NOTHING_HERE }),
  async (c) => {
    const { essay } = c.req.valid('param')
    const view = await commentView(c, c.req.valid('query'))
    const key = essayPageCacheKey(config(c.env).siteUrl, essay.slug, view.cpage)

    if (!view.personal) {
      const hit = await readCachedPage(key)
      const html = hit && (await forThisView(c, essay, hit.html))
      if (hit && html) {
        publicCache(c, CACHE_SECONDS.page)
        // Age lets browsers count the time spent here against max-age, so edge + browser stay within one TTL.
        c.header('Age', String(hit.age))
        c.header('ETag', weak(hit.etag))
        return c.html(html)
      }
    }

    // A large blog's body is a static asset (src/content/bodies.ts): read beside the comments' query.
    const [slots, full] = await Promise.all([
      // The Responses block's statement rides in the comments' batch: still one D1 round trip.
      commentSlots(c, essay, view, responsesCompanion(essay.slug)),
      withBody(c.env.ASSETS, essay),
    ])
    if (view.cpage !== null && slots.pages !== null && view.cpage > Math.max(1, slots.pages))
      throw new HTTPException(404, { message: NOTHING_HERE })
    const html = await essayHtml(c, full, slots)

    if (view.personal) privateNoStore(c)
    else {
      publicCache(c, CACHE_SECONDS.page)
      // The shared copy keeps the empty token slot; this response, like every hit, gets its own token.
      const etag = await strongEtag(html)
      c.header('ETag', weak(etag))
      defer(c, storePage(key, html, etag), 'storing an essay page')
    }
    return c.html(await finished(c, essay, html))
  },
)
