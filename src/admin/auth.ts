import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { config } from '../config'
import type { Env } from '../env'
import { keyedHash, requireSecret, secretsEqual } from '../lib/crypto'
import { isApiRequest, RequestError } from '../lib/errors'
import { verifyAccessJwt } from './access'
import { endSession, hasSessionCookie, readSession } from './session'
import type { AdminEnv, AdminIdentity } from './types'

/**
 * One gate for /admin/* and /api/admin/*. It fails closed at every step: nothing configured → 503;
 * a credential that is presented but wrong → 401 without trying the others; a browser write
 * without a same-origin signal and the session's CSRF token → 403. Handlers run only after it set
 * `admin`, and the routers check that again (requireAdmin), so an unguarded mount still refuses.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
// Reachable without a credential (but not when admin is unconfigured): the way in and the way out.
const PUBLIC_PATHS = new Set(['/admin/login', '/admin/logout'])

/**
 * 503 unless at least one way to sign in is configured (config(env) has already logged a token too
 * short to use, or Access settings it could not use).
 */
export function assertAdminConfigured(env: Env) {
  const { admin } = config(env)
  if (!admin.token && !admin.access)
    throw new HTTPException(503, { message: 'admin is not configured' })
}

/** 401; API clients are told the scheme to use (the error channel answers no-store). */
function unauthorized(c: Context<AdminEnv>, message: string): never {
  throw new RequestError(401, message, {
    headers: isApiRequest(c) ? { 'WWW-Authenticate': 'Bearer realm="admin"' } : {},
  })
}

/** The Origin (or, failing that, Sec-Fetch-Site) says this request came from our own pages. */
export function sameOrigin(c: Context<AdminEnv>): boolean {
  const site = c.req.header('Sec-Fetch-Site')
  if (site !== undefined && site !== 'same-origin') return false
  const origin = c.req.header('Origin')
  if (origin !== undefined) {
    const allowed = new Set([new URL(c.req.url).origin])
    try {
      allowed.add(new URL(config(c.env).siteUrl).origin)
    } catch {
      // SITE_URL broken (config throws ConfigError): only the request's own origin counts.
    }
    return allowed.has(origin)
  }
  return site === 'same-origin'
}

/** No browser signal of a cross-site request. Scripts (curl, CI) send neither header and pass. */
function notCrossSite(c: Context<AdminEnv>): boolean {
  if (c.req.header('Origin') === undefined && c.req.header('Sec-Fetch-Site') === undefined)
    return true
  return sameOrigin(c)
}

/** The CSRF token an Access-authenticated moderator's forms carry: bound to their email and our secret. */
export async function accessCsrfToken(env: Env, email: string): Promise<string> {
  return keyedHash(requireSecret(env), 'admin-access-csrf', email)
}

async function formCsrf(c: Context<AdminEnv>): Promise<string | undefined> {
  const header = c.req.header('X-CSRF-Token')
  if (header) return header
  const type = c.req.header('Content-Type') ?? ''
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return undefined
  // parseBody caches the body, so the handler can read it again.
  const body = await c.req.parseBody()
  const value = body.csrf
  return typeof value === 'string' ? value : undefined
}

async function identify(c: Context<AdminEnv>): Promise<AdminIdentity | null> {
  const env = c.env
  const { token, access } = config(env).admin

  const authorization = c.req.header('Authorization')
  if (authorization !== undefined) {
    const match = /^Bearer[ ]+([^\s]{1,1024})\s*$/i.exec(authorization)
    if (!token || !match || !(await secretsEqual(match[1]!, token)))
      unauthorized(c, 'The bearer token is not valid.')
    return { actor: 'admin token', via: 'token', csrf: null }
  }

  const assertion = c.req.header('Cf-Access-Jwt-Assertion')
  if (access && assertion !== undefined) {
    const identity = await verifyAccessJwt(assertion, access)
    if (!identity) unauthorized(c, 'The Cloudflare Access assertion is not valid.')
    return {
      actor: identity.email,
      via: 'access',
      csrf: await accessCsrfToken(env, identity.email),
    }
  }

  // The session cookie is for the dashboard only: the JSON API takes no ambient credential.
  if (!isApiRequest(c) && token && hasSessionCookie(c)) {
    const session = await readSession(c, requireSecret(env), token)
    if (!session) {
      endSession(c)
      return null
    }
    return { actor: 'admin (browser session)', via: 'session', csrf: session.csrf }
  }
  return null
}

// Applied here, before the gate reads a form for its CSRF field, so no admin body is ever read unbounded.
const limitBody = bodyLimit({
  maxSize: 256 * 1024,
  onError: () => {
    throw new HTTPException(413, { message: 'The request body is too large.' })
  },
})

export function adminAuth(): MiddlewareHandler<AdminEnv> {
  return (c, next) =>
    limitBody(c, async () => {
      const res = await gate(c, next)
      if (res instanceof Response) c.res = res
    })
}

const gate: MiddlewareHandler<AdminEnv> = async (c, next) => {
  c.header('Cache-Control', 'private, no-store')
  c.header('X-Robots-Tag', 'noindex, nofollow')
  assertAdminConfigured(c.env)
  const unsafe = !SAFE_METHODS.has(c.req.method)

  if (PUBLIC_PATHS.has(c.req.path)) {
    if (unsafe && !sameOrigin(c))
      throw new HTTPException(403, { message: 'Cross-site request refused.' })
    return next()
  }

  const identity = await identify(c)
  if (!identity) {
    const tokenLogin = config(c.env).admin.token !== null
    if (!isApiRequest(c) && (c.req.method === 'GET' || c.req.method === 'HEAD') && tokenLogin) {
      const url = new URL(c.req.url)
      return c.redirect(`/admin/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303)
    }
    unauthorized(c, tokenLogin ? 'Sign in first.' : 'Sign in through Cloudflare Access.')
  }

  if (unsafe && identity.via !== 'token') {
    if (isApiRequest(c)) {
      // Access JWTs arrive with the browser's Access cookie, so they are ambient: refuse any cross-site sign.
      if (!notCrossSite(c)) throw new HTTPException(403, { message: 'Cross-site request refused.' })
    } else {
      if (!sameOrigin(c)) throw new HTTPException(403, { message: 'Cross-site request refused.' })
      const sent = await formCsrf(c)
      if (!sent || !identity.csrf || !(await secretsEqual(sent, identity.csrf))) {
        throw new HTTPException(403, {
          message: 'This form has expired. Reload the page and try again.',
        })
      }
    }
  }

  c.set('admin', identity)
  await next()
}

/** Second lock inside each admin router: no identity, no handler, whatever the mounting. */
export const requireAdmin: MiddlewareHandler<AdminEnv> = async (c, next) => {
  if (!c.get('admin') && !PUBLIC_PATHS.has(c.req.path)) unauthorized(c, 'Sign in first.')
  await next()
}

export function currentAdmin(c: Context<AdminEnv>): AdminIdentity {
  const admin = c.get('admin')
  if (!admin) unauthorized(c, 'Sign in first.')
  return admin
}
