import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import * as v from 'valibot'
import { database } from '../../db/client'
import { namedField, parseOr, valid } from '../../lib/schema'
import { currentAdmin, requireAdmin } from '../auth'
import { jsonBody } from '../body'
import { commentsPublished, essaysChanged } from '../freshness'
import { moderate } from '../moderate'
import { commentJson } from '../present'
import { editComment, findComment, listComments, parentsOf } from '../store'
import type { AdminEnv } from '../types'
import { apiActionParams, apiBulk, commentIdParam, commentQuery, parseEdit } from '../validate'

/** The moderators' JSON API for comments, under /api/admin/comments (behind adminAuth). */

const byId = valid('param', v.object({ id: commentIdParam }), { status: 404, message: namedField })

async function commentWithParent(c: Context<AdminEnv>, id: string) {
  const db = database(c.env.DB)
  const row = await findComment(db, id)
  if (!row) throw new HTTPException(404, { message: `No comment with id ${JSON.stringify(id)}.` })
  const parents = await parentsOf(db, [row])
  return commentJson(c.env, row, row.parentId ? parents.get(row.parentId) : undefined)
}

export const commentsApi = new Hono<AdminEnv>()
  .use('*', requireAdmin)
  .get(
    '/comments',
    valid('query', commentQuery({ limit: 50 }), { message: namedField }),
    async (c) => {
      const db = database(c.env.DB)
      const { rows, nextCursor } = await listComments(db, c.req.valid('query'))
      const parents = await parentsOf(db, rows)
      return c.json({
        comments: rows.map((row) =>
          commentJson(c.env, row, row.parentId ? parents.get(row.parentId) : undefined),
        ),
        nextCursor,
      })
    },
  )
  .post('/comments/bulk', async (c) => {
    const { ids, action } = parseOr(apiBulk, await jsonBody(c), {
      status: 400,
      message: namedField,
    })
    const result = await moderate(database(c.env.DB), ids, action, currentAdmin(c).actor, {
      detail: JSON.stringify({ bulk: ids.length }),
    })
    commentsPublished(c, action, result.changed)
    await essaysChanged(
      c,
      result.changed.map((row) => row.essaySlug),
    )
    return c.json({
      action,
      changed: result.changed.map((row) => row.id),
      unchanged: result.unchanged,
    })
  })
  .get('/comments/:id', byId, async (c) =>
    c.json({ comment: await commentWithParent(c, c.req.valid('param').id) }),
  )
  .post(
    '/comments/:id/:action',
    valid('param', apiActionParams, { status: 404, message: namedField }),
    async (c) => {
      const { id, action } = c.req.valid('param')
      const result = await moderate(database(c.env.DB), [id], action, currentAdmin(c).actor)
      commentsPublished(c, action, result.changed)
      await essaysChanged(
        c,
        result.changed.map((row) => row.essaySlug),
      )
      return c.json({ changed: result.changed.length > 0, comment: await commentWithParent(c, id) })
    },
  )
  .patch('/comments/:id', byId, async (c) => {
    const { id } = c.req.valid('param')
    const edit = parseEdit(await jsonBody(c))
    const { before, after } = await editComment(database(c.env.DB), id, edit, currentAdmin(c).actor)
    if (after !== before) await essaysChanged(c, [after.essaySlug])
    return c.json({ changed: after !== before, comment: await commentWithParent(c, id) })
  })
  .delete('/comments/:id', byId, async (c) => {
    const { id } = c.req.valid('param')
    const result = await moderate(database(c.env.DB), [id], 'delete', currentAdmin(c).actor)
    await essaysChanged(
      c,
      result.changed.map((row) => row.essaySlug),
    )
    return c.json({ deleted: id })
  })
