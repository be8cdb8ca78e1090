import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { getConfig } from '../config'
import type { AppEnv } from '../env'
import { site } from '../generated/content'
import { CACHE_SECONDS, publicCache } from '../lib/cache'
import { findEssay, listEssays } from './catalog'
import { EssayPage, IndexPage } from './pages'
import { essayMeta } from './seo'

export const essayRoutes = new Hono<AppEnv>()
  .get('/', (c) => {
    const { siteUrl } = getConfig(c.env)
    publicCache(c, CACHE_SECONDS.page)
    return c.html(
      <IndexPage
        meta={{ title: site.title, description: site.description, canonical: `${siteUrl}/`, siteUrl }}
        essays={listEssays().filter((essay) => !essay.page)}
      />,
    )
  })
  .get('/essays/:slug', (c) => {
    const essay = findEssay(c.req.param('slug'))
    if (!essay) throw new HTTPException(404, { message: 'There is no essay at this address.' })
    publicCache(c, CACHE_SECONDS.page)
    return c.html(<EssayPage meta={essayMeta(getConfig(c.env).siteUrl, essay)} essay={essay} />)
  })
