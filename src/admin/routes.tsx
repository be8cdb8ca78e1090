import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { config } from '../config'
import { listEssays } from '../content/catalog'
import { database } from '../db/client'
import { scripts } from '../generated/content'
import { requireSecret, secretsEqual } from '../lib/crypto'
import { RequestError } from '../lib/errors'
import { namedField, parseOr, valid } from '../lib/schema'
import { listAudit } from './audit'
import { currentAdmin, requireAdmin } from './auth'
import { authorForms } from './author-routes'
import { formBody } from './body'
import { commentsPublished, essaysChanged } from './freshness'
import { moderate } from './moderate'
import { Dashboard } from './pages/dashboard'
import { LoginAttempt, LoginPage } from './pages/login'
import { StatsPage } from './pages/stats'
import { essayTitle } from './present'
import { endSession, readSession, revokeAllSessions, revokeSession, startSession } from './session'
import { loadStats } from './stats'
import { countsByEssay, countsByStatus, listComments, parentsOf } from './store'
import type { AdminEnv } from './types'
import { commentQuery, formActionParams, formBulk } from './validate'

/** The browser side of the admin, under /admin (mounted behind adminAuth): sign-in, the dashboard, form actions. */

const BACK = /^\/admin(?:\?[A-Za-z0-9_.~%&=+-]*)?$/
const ANCHOR = /^[A-Za-z0-9_:.-]{1,128}$/

/** Where to send the moderator after a form: only back into the dashboard, never to another site. */
function backTo(raw: unknown, anchor?: unknown): string {
  const back = typeof raw === 'string' && raw.length <= 2000 && BACK.test(raw) ? raw : '/admin'
  const id = typeof anchor === 'string' && ANCHOR.test(anchor) ? anchor : null
  return id ? `${back}#c-${id}` : back
}

export const adminLogin = new Hono<AdminEnv>()
  .get('/login', async (c) => {
    const { siteUrl, admin } = config(c.env)
    const next = backTo(c.req.query('next'))
    // Already signed in: straight on.
    if (admin.token && (await readSession(c, requireSecret(c.env), admin.token)))
      return c.redirect(next, 303)
    return c.html(<LoginPage siteUrl={siteUrl} next={next} tokenLogin={!!admin.token} />)
  })
  .post('/login', async (c) => {
    const { admin } = config(c.env)
    if (!admin.token)
      throw new HTTPException(403, {
        message: 'Sign-in with a token is not enabled here; use Cloudflare Access.',
      })
    const secret = requireSecret(c.env)
    const body = await formBody(c)
    const next = backTo(body.next)
    const sent = typeof body.token === 'string' ? body.token.trim() : ''
    // Nothing about which part was wrong; the error channel shows the form again (loginFormPage).
    if (!sent || sent.length > 1024 || !(await secretsEqual(sent, admin.token)))
      throw new RequestError(401, 'That token is not right.', { input: new LoginAttempt(next) })
    await startSession(c, secret, admin.token)
    return c.redirect(next, 303)
  })
  .post('/logout', async (c) => {
    // Reachable without a live session (the gate lets it through): revoke the row the cookie names, if it is ours.
    const { secretKey, admin } = config(c.env)
    if (admin.token && secretKey) await revokeSession(c, secretKey, admin.token)
    endSession(c)
    return c.redirect('/admin/login', 303)
  })

export const adminPages = new Hono<AdminEnv>()
  .use('*', requireAdmin)
  .get(
    '/',
    valid('query', commentQuery({ limit: 50, status: 'pending' }), { message: namedField }),
    async (c) => {
      const admin = currentAdmin(c)
      const query = c.req.valid('query')
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
          siteUrl={config(c.env).siteUrl}
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
          mailOn={config(c.env).mail !== null}
          script={scripts.admin?.code}
        />,
      )
    },
  )
  .get('/stats', async (c) =>
    c.html(
      <StatsPage
        siteUrl={config(c.env).siteUrl}
        stats={await loadStats(
          c.env.DB,
          listEssays().map((essay) => essay.slug),
        )}
      />,
    ),
  )
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
  // Reply as the author, pin, unpin: before /comments/:id/:action, which knows only the moderation actions.
  .route('/comments', authorForms)
  .post('/comments/bulk', async (c) => {
    const body = await formBody(c)
    const { action, ids } = parseOr(formBulk, body, { status: 400, message: namedField })
    const result = await moderate(database(c.env.DB), ids, action, currentAdmin(c).actor, {
      detail: JSON.stringify({ bulk: ids.length }),
    })
    commentsPublished(c, action, result.changed)
    await essaysChanged(
      c,
      result.changed.map((row) => row.essaySlug),
    )
    return c.redirect(backTo(body.back), 303)
  })
  .post(
    '/comments/:id/:action',
    valid('param', formActionParams, { status: 404, message: namedField }),
    async (c) => {
      const { id, action } = c.req.valid('param')
      const body = await formBody(c)
      const result = await moderate(database(c.env.DB), [id], action, currentAdmin(c).actor)
      commentsPublished(c, action, result.changed)
      await essaysChanged(
        c,
        result.changed.map((row) => row.essaySlug),
      )
      return c.redirect(backTo(body.back, body.next), 303)
    },
  )
