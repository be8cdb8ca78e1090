import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { getConfig } from '../config'
import { database } from '../db/client'
import { listEssays } from '../content/catalog'
import { scripts } from '../generated/content'
import { requireSecret, secretsEqual } from '../lib/crypto'
import { listAudit } from './audit'
import { adminToken, currentAdmin, requireAdmin } from './auth'
import { Dashboard, LoginPage } from './dashboard'
import { refreshEssays } from './freshness'
import { endSession, readSession, revokeAllSessions, revokeSession, startSession } from './session'
import {
  countsByEssay,
  countsByStatus,
  isModerationAction,
  listComments,
  moderate,
  parentsOf,
} from './store'
import type { AdminEnv } from './types'
import { commentId, essayTitle, parseCommentQuery } from './validate'

/** The browser side of the admin, under /admin (mounted behind adminAuth): sign-in, the dashboard, form actions. */

const BACK = /^\/admin(?:\?[A-Za-z0-9_.~%&=+-]*)?$/

/** Where to send the moderator after a form: only back into the dashboard, never to another site. */
function backTo(raw: unknown, anchor?: unknown): string {
  const back = typeof raw === 'string' && raw.length <= 2000 && BACK.test(raw) ? raw : '/admin'
  const id = typeof anchor === 'string' && /^[A-Za-z0-9_:.-]{1,128}$/.test(anchor) ? anchor : null
  return id ? `${back}#c-${id}` : back
}

async function form(
  c: Context<AdminEnv>,
): Promise<Record<string, string | File | (string | File)[]>> {
  const type = c.req.header('Content-Type') ?? ''
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type))
    throw new HTTPException(415, { message: 'Send the form as application/x-www-form-urlencoded.' })
  return c.req.parseBody({ all: true })
}

export const adminLogin = new Hono<AdminEnv>()
  .get('/login', async (c) => {
    const siteUrl = getConfig(c.env).siteUrl
    const token = adminToken(c.env)
    const next = backTo(c.req.query('next'))
    // Already signed in: straight on.
    if (token && (await readSession(c, requireSecret(c.env), token))) return c.redirect(next, 303)
    return c.html(<LoginPage siteUrl={siteUrl} next={next} tokenLogin={!!token} />)
  })
  .post('/login', async (c) => {
    const token = adminToken(c.env)
    if (!token)
      throw new HTTPException(403, {
        message: 'Sign-in with a token is not enabled here; use Cloudflare Access.',
      })
    const secret = requireSecret(c.env)
    const body = await form(c)
    const next = backTo(body.next)
    const sent = typeof body.token === 'string' ? body.token.trim() : ''
    if (!sent || sent.length > 1024 || !(await secretsEqual(sent, token))) {
      return c.html(
        <LoginPage
          siteUrl={getConfig(c.env).siteUrl}
          next={next}
          tokenLogin
          error="That token is not right."
        />,
        401,
      )
    }
    await startSession(c, secret, token)
    return c.redirect(next, 303)
  })
  .post('/logout', async (c) => {
    // Reachable without a live session (the gate lets it through): revoke the row the cookie names, if it is ours.
    const token = adminToken(c.env)
    const secret = c.env.SECRET_KEY
    if (token && secret && secret.length >= 16) await revokeSession(c, secret, token)
    endSession(c)
    return c.redirect('/admin/login', 303)
  })

export const adminPages = new Hono<AdminEnv>()
  .use('*', requireAdmin)
  .get('/', async (c) => {
    const admin = currentAdmin(c)
    const raw = c.req.query()
    const query = parseCommentQuery(raw, { limit: 50, status: 'pending' })
    const db = database(c.env.DB)
    const [{ rows, nextCursor }, counts, byEssay, audit] = await Promise.all([
      listComments(db, query),
      countsByStatus(db),
      countsByEssay(db),
      listAudit(db, { limit: 20 }),
    ])
    const parents = await parentsOf(db, rows)
    const essays = new Map(listEssays().map((essay) => [essay.slug, essay.title]))
    for (const slug of byEssay.keys()) if (!essays.has(slug)) essays.set(slug, essayTitle(slug))
    const url = new URL(c.req.url)
    return c.html(
      <Dashboard
        siteUrl={getConfig(c.env).siteUrl}
        csrf={admin.csrf ?? ''}
        actor={admin.actor}
        canSignOut={admin.via === 'session'}
        query={query}
        back={backTo(url.pathname + url.search)}
        rows={rows}
        parents={parents}
        nextCursor={nextCursor}
        counts={counts}
        essays={[...essays].map(([slug, title]) => ({ slug, title }))}
        audit={audit.entries}
        script={scripts.admin?.code}
      />,
    )
  })
  .post('/sign-out-everywhere', async (c) => {
    const admin = currentAdmin(c)
    await revokeAllSessions(c, admin.actor)
    // This browser's own session went with the rest; an Access or token user is still signed in.
    if (admin.via === 'session') {
      endSession(c)
      return c.redirect('/admin/login', 303)
    }
    return c.redirect('/admin', 303)
  })
  .post('/comments/bulk', async (c) => {
    const body = await form(c)
    const action = body.action
    if (!isModerationAction(action))
      throw new HTTPException(400, { message: 'Choose an action for the selected comments.' })
    const raw = body.ids === undefined ? [] : Array.isArray(body.ids) ? body.ids : [body.ids]
    const ids = [...new Set(raw.filter((id): id is string => typeof id === 'string'))]
    if (ids.length === 0)
      throw new HTTPException(400, { message: 'Select at least one comment first.' })
    if (ids.length > 200)
      throw new HTTPException(400, { message: 'Select at most 200 comments at a time.' })
    for (const id of ids) commentId(id)
    const result = await moderate(database(c.env.DB), ids, action, currentAdmin(c).actor, {
      detail: JSON.stringify({ bulk: ids.length }),
    })
    await refreshEssays(
      c.env,
      result.changed.map((row) => row.essaySlug),
    )
    return c.redirect(backTo(body.back), 303)
  })
  .post('/comments/:id/:action', async (c) => {
    const id = commentId(c.req.param('id'))
    const action = c.req.param('action')
    if (!isModerationAction(action))
      throw new HTTPException(404, { message: 'There is no such action.' })
    const body = await form(c)
    const result = await moderate(database(c.env.DB), [id], action, currentAdmin(c).actor)
    await refreshEssays(
      c.env,
      result.changed.map((row) => row.essaySlug),
    )
    return c.redirect(backTo(body.back, body.next), 303)
  })
