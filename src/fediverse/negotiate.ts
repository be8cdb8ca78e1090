import { withBody } from '../content/bodies'
import type { MiddlewareHandler } from 'hono'
import { config } from '../config'
import { findEssay } from '../content/catalog'
import type { AppEnv } from '../env'
import { article } from './outbox'
import { activityJson } from './routes'
import { AS_CONTEXT, fediUrls, wantsActivityJson } from './urls'

/**
 * Content negotiation on essay URLs (registered in src/index.ts before the essay routes): a fediverse
 * server asking for ActivityStreams gets the essay's Article; everyone else gets the page, marked
 * `Vary: Accept`. The Article never goes through the essay page cache (src/essays/page-cache.ts), so
 * a cached page can never be answered for JSON, nor the JSON stored as the page.
 */
export const articleNegotiation = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const { siteUrl, fediverse } = config(c.env)
  if (fediverse && wantsActivityJson(c.req.header('Accept'))) {
    // Hono has decoded the path parameter already.
    const found = findEssay((c.req.param('slug') ?? '').normalize('NFC'))
    if (found && !found.draft && !found.page) {
      // A large blog keeps bodies in the static assets (src/content/bodies.ts).
      const essay = await withBody(c.env.ASSETS, found)
      c.header('Cache-Control', 'public, max-age=60')
      return activityJson(c, {
        '@context': AS_CONTEXT,
        ...article(fediUrls(siteUrl, fediverse), essay, siteUrl),
      })
    }
  }
  await next()
  c.res.headers.append('Vary', 'Accept')
}
