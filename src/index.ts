import { Hono } from 'hono'
import { etag } from 'hono/etag'
import { requestId } from 'hono/request-id'
import { adminApi } from './admin/api'
import { exportRoutes } from './admin/export/routes'
import { adminAuth } from './admin/auth'
import { notifyHeldComment, oneClickLinks } from './admin/notify'
import { oneClickRoutes } from './admin/one-click'
import { loginFormPage } from './admin/pages/login'
import { adminLogin, adminPages } from './admin/routes'
import { commentEditPage } from './comments/edit'
import { commentRoutes } from './comments/routes'
import type { AppEnv } from './env'
import { feedRoutes } from './essays/feeds'
import { commentFormPage } from './essays/form-page'
import { refreshEssayPages } from './essays/freshness'
import { legacyHomeRedirect, legacyRoutes } from './essays/legacy-redirects'
import { essayRoutes } from './essays/routes'
import { pollBluesky } from './bluesky/poll'
import { on } from './events'
import { announceEssays } from './fediverse/announce'
import { blocksApi, blocksPage } from './fediverse/blocks'
import { deliveryConsumer, QUEUE_NAME as FEDIVERSE_QUEUE } from './fediverse/delivery'
import { articleNegotiation } from './fediverse/negotiate'
import { sendAuthorReply } from './fediverse/replies-out'
import { fediverseRoutes } from './fediverse/routes'
import { onCron, onQueue, runCron, runQueue } from './jobs'
import { config } from './config'
import { requireSecret } from './lib/crypto'
import { defer } from './lib/defer'
import { errorHandler, notFound } from './lib/errors'
import { securityHeaders } from './lib/security'
import { consumeDeadMail, consumeMail } from './mail/consumer'
import { mailCron } from './mail/cron'
import { outboxRoutes } from './mail/outbox'
import { mailHeldComment, onCommentPosted, onCommentPublished } from './mail/reactions'
import { mailRoutes } from './mail/routes'
import { MAIL_DLQ, MAIL_QUEUE, mailOn } from './mail/settings'
import { searchFormPage, searchRoutes } from './search/routes'
import { mastodonPickerPage } from './share/mastodon-page'
import { shareRoutes } from './share/routes'
import { webmentionAdmin } from './webmention/admin'
import { WEBMENTION_QUEUE } from './webmention/messages'
import { planWebmentions } from './webmention/outbound'
import { webmentionConsumer } from './webmention/queue'
import { advertiseWebmention, webmentionRoutes } from './webmention/routes'

// How features react to each other (src/events.ts): they never import each other for this.
on('comment.held', (c, comment) =>
  notifyHeldComment(
    c.env,
    { waitUntil: (task) => defer(c, task, 'held-comment notification') },
    comment,
  ),
)
on('essays.changed', (c, { slugs }) => refreshEssayPages(c, slugs))
// Mail: the checkbox and the replies it asks for; held comments to MODERATOR_EMAIL, with one-click
// links made here (the admin owns them; mail only carries them, so neither imports the other).
on('comment.posted', onCommentPosted)
on('comment.published', onCommentPublished)
// Fediverse: the author's reply to a federated comment goes to that account's inbox as a Note.
on('comment.published', async (c, { id }) => {
  await sendAuthorReply(c.env, id)
})
on('comment.held', async (c, comment) => {
  const { admin } = config(c.env)
  if (!mailOn(c.env)?.moderatorEmail || (!admin.token && !admin.access)) return
  const links = await oneClickLinks(c.env, requireSecret(c.env), comment.id)
  await mailHeldComment(c, comment, links)
})

// Background work (src/jobs.ts): the mail queue, its dead letters, and mail's share of the cron.
onQueue(MAIL_QUEUE, (batch, env) => consumeMail(batch, env))
onQueue(MAIL_DLQ, (batch, env) => consumeDeadMail(batch, env))
onCron('mail', async (env) => {
  await mailCron(env)
})

// Background work (src/jobs.ts): Webmention verification and sending share one queue.
onQueue(WEBMENTION_QUEUE, webmentionConsumer)
onCron('webmention-send', (env) => planWebmentions(env).then(() => undefined))
onCron('bluesky-replies', (env, ctx) => pollBluesky(env, ctx).then(() => undefined))
// Background work (src/jobs.ts): fediverse deliveries, and announcing new/changed/removed essays.
onQueue(FEDIVERSE_QUEUE, deliveryConsumer)
onCron('fediverse announcements', async (env) => {
  await announceEssays(env)
})

const app = new Hono<AppEnv>()

app.use('*', requestId())
app.use('*', securityHeaders())
// Strong ETags on every successful GET/HEAD, answering If-None-Match with 304.
app.use('*', etag())

// The admin gate, registered before any admin route exists so nothing under these paths can answer
// without it ('/admin/*' also matches '/admin' itself).
app.use('/admin/*', adminAuth())
app.use('/api/admin/*', adminAuth())

// Old WordPress ?p=ID links: one string search on GET / unless the query asks for them.
// Essay pages name their Webmention endpoint in a Link header (and a <link> in their head).
app.use('/essays/:slug', advertiseWebmention())

app.get('/', legacyHomeRedirect)
// An essay URL asked for ActivityStreams answers its Article; the HTML page gets Vary: Accept.
app.use('/essays/:slug', articleNegotiation())
app.route('/', essayRoutes)
app.route('/', commentRoutes)
app.route('/', feedRoutes)
app.route('/', shareRoutes)
app.route('/', searchRoutes)
app.route('/', webmentionRoutes)
app.route('/', mailRoutes)

// Behind the /admin/* gate above: mail's Outbox and dead letters.
app.route('/admin/outbox', outboxRoutes)
app.route('/admin', adminLogin)
app.route('/admin', adminPages)
app.route('/admin', webmentionAdmin)
// WebFinger, NodeInfo, the actor, its collections and inbox (404/503 without FEDIVERSE_PRIVATE_KEY).
app.route('/', fediverseRoutes)

app.route('/admin', adminLogin)
app.route('/admin', adminPages)
// Behind the /admin/* and /api/admin/* gates above: blocked fediverse accounts and instances.
app.route('/admin/fediverse', blocksPage)
app.route('/api/admin/fediverse', blocksApi)
// Behind the /api/admin/* gate above: full comment export (JSON or WXR), streamed.
app.route('/api/admin/export', exportRoutes)
app.route('/api/admin', adminApi)
// One-click links from notifications: the signed token is the credential, so they live outside /admin.
app.route('/moderate', oneClickRoutes)

// Last: old permalinks (/YYYY/MM/DD/slug/, /slug/, /feed/) only for paths no feature answered.
app.route('/', legacyRoutes)

app.notFound(notFound)
// Every refusal is thrown; a refused form comes back as its page with the input kept (the comment
// form as its essay page, a refused Mastodon server as the picker, a wrong token as the sign-in
// form, an unusable search as the search page).
app.onError(
  errorHandler({
    inputPages: [
      commentFormPage,
      commentEditPage,
      mastodonPickerPage,
      loginFormPage,
      searchFormPage,
    ],
  }),
)

// Exported for tests (`app.request`); the worker's entry points are below.
export { app }

// Queue consumers and cron tasks are registered in ./jobs.ts style, like events: onQueue / onCron above.
export default {
  fetch: app.fetch,
  queue: runQueue,
  scheduled: runCron,
} satisfies ExportedHandler<Env>
