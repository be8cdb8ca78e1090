import { runCron } from '../jobs'
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { config } from '../config'
import type { AppVariables, Env } from '../env'
import { checkAddress } from '../lib/email-address'
import { Layout } from '../views/layout'
import { mailOn } from './settings'
import { forgetAddress } from './store'

/**
 * /admin/outbox, behind the app's /admin/* gate (src/index.ts puts adminAuth in front, with CSRF for
 * browser forms): the last 100 messages (to, subject, status, attempts; on a developer's machine the
 * text too, its links clickable, so a confirmation can be clicked without any mail account), the
 * dead-letter list, and a moderator's "unsubscribe this address" (recorded in the audit log).
 * Admin pages are English, like the rest of the admin.
 */

/** The identity the admin gate sets (src/admin/auth.ts); read by shape, so mail never imports admin. */
type GateEnv = {
  Bindings: Env
  Variables: AppVariables & { admin?: { actor: string; csrf: string | null } }
}

interface OutboxRow {
  id: string
  kind: string
  toEmail: string
  subject: string
  bodyText: string | null
  status: string
  attempts: number
  error: string | null
  createdAt: number
}

interface DeadRow {
  id: number
  body: string
  attempts: number
  error: string | null
  at: number
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g

/** Plain text with its URLs as links (JSX escapes the rest). */
function Linked(props: { text: string }) {
  const parts: unknown[] = []
  let last = 0
  for (const match of props.text.matchAll(URL_IN_TEXT)) {
    parts.push(props.text.slice(last, match.index))
    parts.push(<a href={match[0]}>{match[0]}</a>)
    last = match.index + match[0].length
  }
  parts.push(props.text.slice(last))
  return <pre class="admin-body">{parts}</pre>
}

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'

/** The request's ExecutionContext, or one that runs background work inline (tests calling the app). */
function executionContext(c: Context<GateEnv>): ExecutionContext {
  try {
    return c.executionCtx
  } catch {
    return { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext
  }
}

function identity(c: Context<GateEnv>) {
  const admin = c.get('admin')
  // Second lock: whatever the mounting, no identity, no page.
  if (!admin) throw new HTTPException(401, { message: 'Sign in first.' })
  if (!mailOn(c.env))
    throw new HTTPException(404, { message: 'Mail is off (MAIL_FROM is not set).' })
  return admin
}

export const outboxRoutes = new Hono<GateEnv>()
  .get('/', async (c) => {
    const admin = identity(c)
    const [outbox, dead] = await c.env.DB.batch([
      c.env.DB.prepare(
        `SELECT id, kind, to_email AS toEmail, subject, body_text AS bodyText, status, attempts, error,
           created_at AS createdAt FROM mail_outbox ORDER BY created_at DESC, id LIMIT 100`,
      ),
      c.env.DB.prepare(
        'SELECT id, body, attempts, error, at FROM mail_dead_letters ORDER BY id DESC LIMIT 100',
      ),
    ])
    const rows = outbox!.results as unknown as OutboxRow[]
    const deadRows = dead!.results as unknown as DeadRow[]
    const siteUrl = config(c.env).siteUrl
    const keepBodies = mailOn(c.env)!.keepBodies
    return c.html(
      <Layout
        meta={{
          title: 'Outbox',
          description: 'Mail sent by the blog',
          canonical: `${siteUrl}/admin/outbox`,
          siteUrl,
          noindex: true,
        }}
      >
        <div class="admin">
          <p>
            <a href="/admin">Back to moderation</a>
          </p>
          <h1>Outbox</h1>
          <p class="note">
            The last 100 messages.{' '}
            {keepBodies
              ? 'On this machine nothing is sent: the text is shown here, links and all.'
              : 'Delivery status only; message bodies are not kept.'}
          </p>
          <ol class="admin-queue" id="outbox">
            {rows.map((row) => (
              <li class="admin-comment" id={`mail-${row.id}`}>
                <h2>{row.subject}</h2>
                <dl class="admin-meta">
                  <dt>To</dt>
                  <dd>{row.toEmail}</dd>
                  <dt>Kind</dt>
                  <dd>{row.kind}</dd>
                  <dt>Status</dt>
                  <dd class={`status status-${row.status}`}>{row.status}</dd>
                  <dt>Attempts</dt>
                  <dd>{row.attempts}</dd>
                  <dt>Queued</dt>
                  <dd>{when(row.createdAt)}</dd>
                  {row.error && (
                    <>
                      <dt>Error</dt>
                      <dd>{row.error}</dd>
                    </>
                  )}
                </dl>
                {row.bodyText !== null && <Linked text={row.bodyText} />}
              </li>
            ))}
          </ol>
          {rows.length === 0 && <p>No mail yet.</p>}
          <h2 id="dead-letters">Dead letters</h2>
          <p class="note">Messages that failed 5 times. They are not retried.</p>
          {deadRows.length === 0 ? (
            <p>None.</p>
          ) : (
            <ol class="admin-queue">
              {deadRows.map((row) => (
                <li class="admin-comment">
                  <code>{row.body}</code> · {row.attempts} attempts · {when(row.at)}
                  {row.error && <> · {row.error}</>}
                </li>
              ))}
            </ol>
          )}
          <h2 id="run-tasks">Background tasks</h2>
          <p>
            The Cron Trigger runs them every 5 minutes in production (digests, cleanup, fediverse
            announcements, Webmentions, Bluesky); locally nothing fires them by itself.
          </p>
          <form method="post" action="/admin/outbox/run-tasks">
            <input type="hidden" name="csrf" value={admin.csrf ?? ''} />
            <button type="submit">Run them now</button>
          </form>
          <h2 id="unsubscribe">Unsubscribe an address</h2>
          <form method="post" action="/admin/outbox/unsubscribe">
            <input type="hidden" name="csrf" value={admin.csrf ?? ''} />
            <label for="unsubscribe-email">Email</label>{' '}
            <input id="unsubscribe-email" name="email" type="email" class="field" required />{' '}
            <button type="submit">Unsubscribe from everything</button>
          </form>
        </div>
      </Layout>,
    )
  })
  // The cron's tasks on demand (src/jobs.ts), the same code the Cron Trigger runs: for `npm start`,
  // where wrangler's dev server does not fire crons (and its /cdn-cgi/handler/scheduled reaches the
  // static-assets router, not this worker), and for a moderator who wants a digest out now.
  .post('/run-tasks', async (c) => {
    identity(c)
    const controller = { cron: 'manual', scheduledTime: Date.now(), noRetry() {} }
    await runCron(controller as ScheduledController, c.env, executionContext(c))
    return c.redirect('/admin/outbox', 303)
  })
  .post('/unsubscribe', async (c) => {
    const admin = identity(c)
    const body = await c.req.parseBody()
    const checked = checkAddress(typeof body.email === 'string' ? body.email : '')
    if (!checked.ok)
      throw new HTTPException(422, {
        message: `email is not a plain address (${checked.problem}).`,
      })
    await forgetAddress(c.env.DB, checked.address, admin.actor)
    return c.redirect('/admin/outbox', 303)
  })
