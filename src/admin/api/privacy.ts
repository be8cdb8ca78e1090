import { Hono } from 'hono'
import { database } from '../../db/client'
import { namedField, parseOr, valid } from '../../lib/schema'
import { recordAudit } from '../audit'
import { currentAdmin, requireAdmin } from '../auth'
import { jsonBody } from '../body'
import { essaysChanged } from '../freshness'
import { commentJson } from '../present'
import { commentsByEmail, eraseByEmail, subscriptionsByEmail } from '../privacy'
import type { AdminEnv } from '../types'
import { emailQuery, eraseBody } from '../validate'

/** Privacy requests, under /api/admin (behind adminAuth): a reader's comments by email, exported or erased. */

export const privacyApi = new Hono<AdminEnv>()
  .use('*', requireAdmin)
  .get('/export', valid('query', emailQuery, { message: namedField }), async (c) => {
    const { email } = c.req.valid('query')
    const db = database(c.env.DB)
    const rows = await commentsByEmail(db, email)
    const subscriptions = await subscriptionsByEmail(db, email)
    // Reading someone's data is itself worth a trace; the log records the count, not the address.
    await recordAudit(db, {
      actor: currentAdmin(c).actor,
      action: 'export',
      detail: JSON.stringify({ comments: rows.length, subscriptions: subscriptions.length }),
    })
    c.header('Content-Disposition', 'attachment; filename="comments-export.json"')
    return c.json({
      email,
      exportedAt: new Date().toISOString(),
      comments: rows.map((row) => commentJson(c.env, row)),
      subscriptions: subscriptions.map((row) => ({
        kind: row.kind,
        essaySlug: row.essaySlug || null,
        createdAt: new Date(row.createdAt).toISOString(),
        confirmedAt: row.confirmedAt === null ? null : new Date(row.confirmedAt).toISOString(),
      })),
    })
  })
  .post('/erase', async (c) => {
    const { email } = parseOr(eraseBody, await jsonBody(c), { status: 400, message: namedField })
    const result = await eraseByEmail(database(c.env.DB), email, currentAdmin(c).actor)
    await essaysChanged(c, result.slugs)
    return c.json({
      erased: result.ids.length,
      ids: result.ids,
      unsubscribed: result.subscriptions,
    })
  })
