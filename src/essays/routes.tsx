import { Hono } from 'hono'
import { config } from '../config'
import { listEssays } from '../content/catalog'
import type { AppEnv } from '../env'
import { site } from '../generated/content'
import { CACHE_SECONDS, publicCache } from '../lib/cache'
import { essayPage } from './page'
import { IndexPage } from './pages'

/** The home page (the list of essays) and each essay's page (src/essays/page.tsx). */
export const essayRoutes = new Hono<AppEnv>()
  .get('/', (c) => {
    const { siteUrl } = config(c.env)
    publicCache(c, CACHE_SECONDS.page)
    return c.html(
      <IndexPage
        meta={{
          title: site.title,
          description: site.description,
          canonical: `${siteUrl}/`,
          siteUrl,
        }}
        essays={listEssays().filter((essay) => !essay.page)}
      />,
    )
  })
  .route('/', essayPage)
