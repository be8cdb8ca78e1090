import { Hono } from 'hono'
import { etag } from 'hono/etag'
import { requestId } from 'hono/request-id'
import { commentRoutes } from './comments/routes'
import type { AppEnv } from './env'
import { feedRoutes } from './essays/feeds'
import { essayRoutes } from './essays/routes'
import { notFound, onError } from './lib/errors'
import { legacyHomeRedirect, legacyRoutes } from './porting/redirects'
import { securityHeaders } from './lib/security'
import { shareRoutes } from './share/routes'

const app = new Hono<AppEnv>()

app.use('*', requestId())
app.use('*', securityHeaders())
// Strong ETags on every successful GET/HEAD, answering If-None-Match with 304.
app.use('*', etag())

// Old WordPress ?p=ID links: one string search on GET / unless the query asks for them.
app.get('/', legacyHomeRedirect)
app.route('/', essayRoutes)
app.route('/', commentRoutes)
app.route('/', feedRoutes)
app.route('/', shareRoutes)

// Last: old permalinks (/YYYY/MM/DD/slug/, /slug/, /feed/) only for paths no feature answered.
app.route('/', legacyRoutes)

app.notFound(notFound)
app.onError(onError)

export default app
