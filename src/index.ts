import { Hono } from 'hono'
import { etag } from 'hono/etag'
import { requestId } from 'hono/request-id'
import { adminApi } from './admin/api'
import { adminAuth } from './admin/auth'
import { oneClickRoutes } from './admin/one-click'
import { adminLogin, adminPages } from './admin/routes'
import { commentRoutes } from './comments/routes'
import type { AppEnv } from './env'
import { feedRoutes } from './essays/feeds'
import { essayRoutes } from './essays/routes'
import { notFound, onError } from './lib/errors'
import { exportRoutes } from './porting/export-routes'
import { legacyHomeRedirect, legacyRoutes } from './porting/redirects'
import { securityHeaders } from './lib/security'
import { shareRoutes } from './share/routes'

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
app.onError(onError)

export default app
