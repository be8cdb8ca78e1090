import { Hono } from 'hono'
import { commentsApi } from './api/comments'
import { privacyApi } from './api/privacy'
import { reportsApi } from './api/reports'
import { requireAdmin } from './auth'
import type { AdminEnv } from './types'

/**
 * The moderators' JSON API, under /api/admin (mounted behind adminAuth): comments (list, read,
 * moderate, edit, delete), privacy requests (export and erase by email), stats and the audit log.
 * The full comment export is src/admin/export/routes.ts, mounted at /api/admin/export.
 */
export const adminApi = new Hono<AdminEnv>()
  .use('*', requireAdmin)
  .route('/', commentsApi)
  .route('/', privacyApi)
  .route('/', reportsApi)
