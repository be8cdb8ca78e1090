import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { absoluteUrl } from '../config'
import type { AppEnv } from '../env'
import { redirects as generatedRedirects } from '../generated/content'
import { essayPath } from '../lib/urls'

// Permanent moves: browsers and search engines remember them, so a day of shared caching is plenty.
const REDIRECT_CACHE = 'public, max-age=86400'

function moved(c: Context<AppEnv>, path: string) {
  c.header('Cache-Control', REDIRECT_CACHE)
  return c.redirect(absoluteUrl(c.env, path), 301)
}

/**
 * Old WordPress links (from content/redirects.json, built into the worker) answered with 301s.
 * `home` runs on GET / only and costs one string search unless the query has ?p= or ?page_id=;
 * `router` is mounted after every feature, so it only sees paths nothing else answered.
 */
export function legacyRedirects(map: Record<string, string> = generatedRedirects) {
  const table = new Map(Object.entries(map))

  const home: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!c.req.url.includes('?')) return next()
    const p = c.req.query('p')
    const pageId = c.req.query('page_id')
    const slug =
      (p !== undefined ? table.get(`/?p=${p}`) : undefined) ??
      (pageId !== undefined ? table.get(`/?page_id=${pageId}`) : undefined)
    if (!slug) return next()
    return moved(c, essayPath(slug))
  }

  const router = new Hono<AppEnv>()
    .get('/feed/', (c) => moved(c, '/feed.xml'))
    .get('/feed', (c) => moved(c, '/feed.xml'))
    .get('*', async (c, next) => {
      const path = c.req.path
      // WordPress permalinks end in "/", but links in the wild often lose it.
      const slug = table.get(path) ?? table.get(path.endsWith('/') ? path.slice(0, -1) : `${path}/`)
      if (!slug) return next()
      return moved(c, essayPath(slug))
    })

  return { home, router }
}

export const { home: legacyHomeRedirect, router: legacyRoutes } = legacyRedirects()
