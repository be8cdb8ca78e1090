import { Hono } from 'hono'
import { commentsApi } from './api/comments'
import { privacyApi } from './api/privacy'
import { reportsApi } from './api/reports'
import { authorApi } from './author-routes'
import { requireAdmin } from './auth'
import type { AdminEnv } from './types'

/**
 * The moderators' JSON API, under /api/admin (mounted behind adminAuth): comments (list, read,
 * moderate, edit, delete), privacy requests (export and erase by email), stats and the audit log.
 * The full comment export is src/admin/export/routes.ts, mounted at /api/admin/export.
 */
export const adminApi = new Hono<AdminEnv>()
  .use('*', requireAdmin)
  // Before commentsApi: its /comments/:id/:action would refuse reply, pin and unpin as unknown actions.
  .route('/comments', authorApi)
  .route('/', commentsApi)
  .route('/', privacyApi)
  .route('/', reportsApi)
