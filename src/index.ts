import { Hono } from 'hono'
import { etag } from 'hono/etag'
import { requestId } from 'hono/request-id'
import { adminApi } from './admin/api'
import { exportRoutes } from './admin/export/routes'
import { adminAuth } from './admin/auth'
import { notifyHeldComment } from './admin/notify'
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
import { on } from './events'
import { runCron, runQueue } from './jobs'
import { defer } from './lib/defer'
import { errorHandler, notFound } from './lib/errors'
import { securityHeaders } from './lib/security'
import { searchFormPage, searchRoutes } from './search/routes'
import { mastodonPickerPage } from './share/mastodon-page'
import { shareRoutes } from './share/routes'

// How features react to each other (src/events.ts): they never import each other for this.
on('comment.held', (c, comment) =>
  notifyHeldComment(
    c.env,
    { waitUntil: (task) => defer(c, task, 'held-comment notification') },
    comment,
  ),
)
on('essays.changed', (c, { slugs }) => refreshEssayPages(c, slugs))

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
app.get('/', legacyHomeRedirect)
app.route('/', essayRoutes)
app.route('/', commentRoutes)
app.route('/', feedRoutes)
app.route('/', shareRoutes)
app.route('/', searchRoutes)

app.route('/admin', adminLogin)
app.route('/admin', adminPages)
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
