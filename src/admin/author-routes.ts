import { Hono, type Context } from 'hono'
import * as v from 'valibot'
import { config } from '../config'
import { database } from '../db/client'
import { site } from '../generated/content'
import { commentFields, namedField, parseOr, valid } from '../lib/schema'
import { currentAdmin, requireAdmin } from './auth'
import { pinComment, replyAsAuthor, unpinComment } from './author'
import { formBody, jsonBody } from './body'
import { commentsPublished, essaysChanged } from './freshness'
import { commentJson } from './present'
import { findComment } from './store'
import type { AdminEnv } from './types'
import { commentIdParam } from './validate'

/**
 * The author's reply and the pin, as dashboard forms (under /admin/comments) and JSON (under
 * /api/admin/comments). Mounted before the generic /comments/:id/:action routes, which would
 * answer "no such action" for these names.
 */

const byId = valid('param', v.object({ id: commentIdParam }), { status: 404, message: namedField })

// The readers' own body rule (65,525 bytes, no control characters), named as the field sent.
const replyBody = v.object({ body: commentFields.body }, 'Send { "body": "…" }.')

const author = (c: Context<AdminEnv>) => ({
  actor: currentAdmin(c).actor,
  authorName: site.author,
  authorUrl: `${config(c.env).siteUrl}/`,
})

async function reply(c: Context<AdminEnv>, id: string, raw: unknown) {
  const { body } = parseOr(replyBody, raw, { status: 422, message: namedField })
  const result = await replyAsAuthor(c.env.DB, { parentId: id, body, ...author(c) })
  await essaysChanged(c, [result.essaySlug])
  // Announced like any approval: mail tells the people answered, the fediverse sends the reply to a
  // federated comment's author. A held question this reply approved is announced too.
  const parent = result.approvedParent ? await findComment(database(c.env.DB), id) : undefined
  commentsPublished(c, 'approve', [
    ...(parent ? [{ id, essaySlug: result.essaySlug, parentId: parent.parentId }] : []),
    { id: result.id, essaySlug: result.essaySlug, parentId: id },
  ])
  return result
}

async function pin(c: Context<AdminEnv>, id: string, on: boolean) {
  const { actor } = author(c)
  const result = on
    ? await pinComment(c.env.DB, id, actor)
    : await unpinComment(c.env.DB, id, actor)
  if (result.changed) await essaysChanged(c, [result.essaySlug])
  return result
}

/** Where a dashboard form goes back to: the dashboard itself, at the comment acted on. */
const BACK = /^\/admin(?:\?[A-Za-z0-9_.~%&=+-]*)?$/
const backTo = (raw: unknown, id: string) =>
  `${typeof raw === 'string' && raw.length <= 2000 && BACK.test(raw) ? raw : '/admin'}#c-${id}`

export const authorForms = new Hono<AdminEnv>()
  .use('*', requireAdmin)
  .post('/:id/reply', byId, async (c) => {
    const { id } = c.req.valid('param')
    const form = await formBody(c)
    await reply(c, id, { body: form.body })
    return c.redirect(backTo(form.back, id), 303)
  })
  .post('/:id/pin', byId, async (c) => {
    const { id } = c.req.valid('param')
    const form = await formBody(c)
    await pin(c, id, true)
    return c.redirect(backTo(form.back, id), 303)
  })
  .post('/:id/unpin', byId, async (c) => {
    const { id } = c.req.valid('param')
    const form = await formBody(c)
    await pin(c, id, false)
    return c.redirect(backTo(form.back, id), 303)
  })

export const authorApi = new Hono<AdminEnv>()
  .use('*', requireAdmin)
  .post('/:id/reply', byId, async (c) => {
    const result = await reply(c, c.req.valid('param').id, await jsonBody(c))
    const row = (await findComment(database(c.env.DB), result.id))!
    return c.json({ approvedParent: result.approvedParent, comment: commentJson(c.env, row) }, 201)
  })
  .post('/:id/pin', byId, async (c) => {
    const result = await pin(c, c.req.valid('param').id, true)
    return c.json({
      changed: result.changed,
      pinned: true,
      unpinned: 'unpinned' in result ? result.unpinned : [],
    })
  })
  .post('/:id/unpin', byId, async (c) => {
    const result = await pin(c, c.req.valid('param').id, false)
    return c.json({ changed: result.changed, pinned: false })
  })
