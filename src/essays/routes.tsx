import { Hono } from 'hono'
import { siteCatalog } from '../content/catalog'
import type { AppEnv } from '../env'
import { listingRoutes } from './listing-routes'
import { essayPage } from './page'

/**
 * The reader's pages: the home page and its pages, tags, the archive (src/essays/listing-routes.tsx)
 * and each essay's page (src/essays/page.tsx).
 */
export const essayRoutes = new Hono<AppEnv>()
  .route('/', listingRoutes(siteCatalog))
  .route('/', essayPage)
