import { Hono } from 'hono'
import { database } from '../../db/client'
import { namedField, valid } from '../../lib/schema'
import { shareClickTotals } from '../../share/store'
import { auditJson, listAudit } from '../audit'
import { requireAdmin } from '../auth'
import { essayTitle } from '../present'
import { countsByEssay, countsByStatus } from '../store'
import type { AdminEnv } from '../types'
import { auditQuery } from '../validate'

/**
 * What moderators read about the site, under /api/admin (behind adminAuth): counts and the audit log.
 * Share clicks are the share feature's data, read through its store (admin -> share, one direction:
 * share knows nothing of the admin).
 */

export const reportsApi = new Hono<AdminEnv>()
  .use('*', requireAdmin)
  .get('/stats', async (c) => {
    const db = database(c.env.DB)
    const [byStatus, byEssay, shares] = await Promise.all([
      countsByStatus(db),
      countsByEssay(db),
      shareClickTotals(c.env.DB),
    ])
    const sharesByEssay = new Map<string, { total: number; networks: Record<string, number> }>()
    for (const row of shares) {
      let entry = sharesByEssay.get(row.essaySlug)
      if (!entry) sharesByEssay.set(row.essaySlug, (entry = { total: 0, networks: {} }))
      entry.networks[row.network] = row.clicks
      entry.total += row.clicks
    }
    const total = Object.values(byStatus).reduce((sum, n) => sum + n, 0)
    return c.json({
      comments: {
        byStatus: { ...byStatus, total },
        byEssay: [...byEssay].map(([slug, counts]) => ({
          slug,
          title: essayTitle(slug),
          ...counts,
        })),
      },
      shares: {
        total: shares.reduce((sum, row) => sum + row.clicks, 0),
        byEssay: [...sharesByEssay].map(([slug, entry]) => ({
          slug,
          title: essayTitle(slug),
          ...entry,
        })),
      },
    })
  })
  .get('/audit', valid('query', auditQuery, { message: namedField }), async (c) => {
    const { cursor, comment, limit } = c.req.valid('query')
    const { entries, nextCursor } = await listAudit(database(c.env.DB), {
      before: cursor,
      commentId: comment,
      limit,
    })
    return c.json({ entries: entries.map(auditJson), nextCursor })
  })
