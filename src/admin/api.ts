import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { getConfig } from '../config'
import { database } from '../db/client'
import type { Comment } from '../db/schema'
import { shareClickTotals } from '../share/store'
import { auditJson, listAudit, recordAudit } from './audit'
import { currentAdmin, requireAdmin } from './auth'
import { refreshEssays } from './freshness'
import {
  commentsByEmail,
  countsByEssay,
  countsByStatus,
  editComment,
  eraseByEmail,
  findComment,
  isModerationAction,
  listComments,
  moderate,
  parentsOf,
  MODERATION_ACTIONS,
} from './store'
import type { AdminEnv } from './types'
import {
  commentId,
  essayTitle,
  parseCommentQuery,
  parseEdit,
  parseEmail,
  parseLimit,
} from './validate'

/** Moderators' JSON API, under /api/admin (mounted behind adminAuth). */

const MAX_BULK = 200

/** What moderators see of a comment: everything, including what the public never does (email, IP hash, user agent). */
export function commentJson(
  siteUrl: string,
  row: Comment,
  parent?: { id: string; authorName: string; body: string; status: string },
) {
  let spamSignals: unknown
  try {
    spamSignals = row.spamSignals ? JSON.parse(row.spamSignals) : null
  } catch {
    spamSignals = row.spamSignals
  }
  return {
    id: row.id,
    status: row.status,
    previousStatus: row.previousStatus,
    essay: {
      slug: row.essaySlug,
      title: essayTitle(row.essaySlug),
      url: `${siteUrl}/essays/${row.essaySlug}`,
    },
    parentId: row.parentId,
    parent: parent
      ? {
          id: parent.id,
          authorName: parent.authorName,
          excerpt: excerpt(parent.body),
          status: parent.status,
        }
      : null,
    depth: row.depth,
    authorName: row.authorName,
    authorEmail: row.authorEmail,
    authorUrl: row.authorUrl,
    body: row.body,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    ipHash: row.ipHash,
    userAgent: row.userAgent,
    spamSignals,
    source: row.source,
  }
}

export function excerpt(text: string, length = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const chars = [...flat]
  return chars.length > length ? `${chars.slice(0, length - 1).join('')}…` : flat
}

async function jsonBody(c: Context<AdminEnv>): Promise<unknown> {
  if (!/^application\/json\b/i.test(c.req.header('Content-Type') ?? ''))
    throw new HTTPException(415, { message: 'Send the request body as application/json.' })
  try {
    return await c.req.json()
  } catch {
    throw new HTTPException(400, { message: 'The request body is not valid JSON.' })
  }
}

async function commentWithParent(c: Context<AdminEnv>, id: string) {
  const db = database(c.env.DB)
  const row = await findComment(db, id)
  if (!row) throw new HTTPException(404, { message: `No comment with id ${JSON.stringify(id)}.` })
  const parents = await parentsOf(db, [row])
  return commentJson(
    getConfig(c.env).siteUrl,
    row,
    row.parentId ? parents.get(row.parentId) : undefined,
  )
}

export const adminApi = new Hono<AdminEnv>()
  .use('*', requireAdmin)
  .get('/comments', async (c) => {
    const query = parseCommentQuery(c.req.query(), { limit: 50 })
    const db = database(c.env.DB)
    const { rows, nextCursor } = await listComments(db, query)
    const parents = await parentsOf(db, rows)
    const siteUrl = getConfig(c.env).siteUrl
    return c.json({
      comments: rows.map((row) =>
        commentJson(siteUrl, row, row.parentId ? parents.get(row.parentId) : undefined),
      ),
      nextCursor,
    })
  })
  .post('/comments/bulk', async (c) => {
    const body = await jsonBody(c)
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new HTTPException(400, { message: 'Send { "ids": [...], "action": "..." }.' })
    const { ids, action } = body as { ids?: unknown; action?: unknown }
    if (!isModerationAction(action))
      throw new HTTPException(400, {
        message: `action must be one of ${MODERATION_ACTIONS.join(', ')}.`,
      })
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_BULK)
      throw new HTTPException(400, {
        message: `ids must be an array of 1 to ${MAX_BULK} comment ids.`,
      })
    if (!ids.every((id): id is string => typeof id === 'string'))
      throw new HTTPException(400, { message: 'ids must all be strings.' })
    if (new Set(ids).size !== ids.length)
      throw new HTTPException(400, { message: 'ids must not repeat an id.' })
    for (const id of ids) commentId(id)
    const admin = currentAdmin(c)
    const result = await moderate(database(c.env.DB), ids, action, admin.actor, {
      detail: JSON.stringify({ bulk: ids.length }),
    })
    await refreshEssays(
      c.env,
      result.changed.map((row) => row.essaySlug),
    )
    return c.json({
      action,
      changed: result.changed.map((row) => row.id),
      unchanged: result.unchanged,
    })
  })
  .get('/comments/:id', async (c) =>
    c.json({ comment: await commentWithParent(c, commentId(c.req.param('id'))) }),
  )
  .post('/comments/:id/:action', async (c) => {
    const id = commentId(c.req.param('id'))
    const action = c.req.param('action')
    if (!isModerationAction(action) || action === 'delete')
      throw new HTTPException(404, {
        message: `Unknown action ${JSON.stringify(action.slice(0, 40))}: use approve, spam, trash or restore.`,
      })
    const result = await moderate(database(c.env.DB), [id], action, currentAdmin(c).actor)
    await refreshEssays(
      c.env,
      result.changed.map((row) => row.essaySlug),
    )
    return c.json({ changed: result.changed.length > 0, comment: await commentWithParent(c, id) })
  })
  .patch('/comments/:id', async (c) => {
    const id = commentId(c.req.param('id'))
    const body = await jsonBody(c)
    const db = database(c.env.DB)
    const current = await findComment(db, id)
    if (!current)
      throw new HTTPException(404, { message: `No comment with id ${JSON.stringify(id)}.` })
    const edit = parseEdit(body, current)
    const { before, after } = await editComment(db, id, edit, currentAdmin(c).actor)
    if (after !== before) await refreshEssays(c.env, [after.essaySlug])
    return c.json({ changed: after !== before, comment: await commentWithParent(c, id) })
  })
  .delete('/comments/:id', async (c) => {
    const id = commentId(c.req.param('id'))
    const result = await moderate(database(c.env.DB), [id], 'delete', currentAdmin(c).actor)
    await refreshEssays(
      c.env,
      result.changed.map((row) => row.essaySlug),
    )
    return c.json({ deleted: id })
  })
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
  .get('/export', async (c) => {
    const email = parseEmail(c.req.query('email'))
    const db = database(c.env.DB)
    const rows = await commentsByEmail(db, email)
    // Reading someone's data is itself worth a trace; the log records the count, not the address.
    await recordAudit(db, {
      actor: currentAdmin(c).actor,
      action: 'export',
      detail: JSON.stringify({ comments: rows.length }),
    })
    const siteUrl = getConfig(c.env).siteUrl
    c.header('Content-Disposition', 'attachment; filename="comments-export.json"')
    return c.json({
      email,
      exportedAt: new Date().toISOString(),
      comments: rows.map((row) => commentJson(siteUrl, row)),
    })
  })
  .post('/erase', async (c) => {
    const body = await jsonBody(c)
    const email = parseEmail(
      typeof body === 'object' && body !== null ? (body as { email?: unknown }).email : undefined,
    )
    const result = await eraseByEmail(database(c.env.DB), email, currentAdmin(c).actor)
    await refreshEssays(c.env, result.slugs)
    return c.json({ erased: result.ids.length, ids: result.ids })
  })
  .get('/audit', async (c) => {
    const cursor = c.req.query('cursor')
    if (cursor !== undefined && !/^[1-9]\d{0,15}$/.test(cursor))
      throw new HTTPException(400, {
        message: 'cursor is not valid: use the nextCursor value of a previous page.',
      })
    const comment = c.req.query('comment')
    const { entries, nextCursor } = await listAudit(database(c.env.DB), {
      before: cursor === undefined ? undefined : Number(cursor),
      commentId: comment ? commentId(comment) : undefined,
      limit: parseLimit(c.req.query('limit'), 50),
    })
    return c.json({ entries: entries.map(auditJson), nextCursor })
  })
