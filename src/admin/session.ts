import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { keyedHash, randomId, signToken, verifyToken } from '../lib/crypto'

/**
 * The dashboard's browser session: a signed cookie made after the moderator types the admin token
 * once. It carries a per-session CSRF token and a short hash of the admin token, so rotating
 * ADMIN_TOKEN signs every browser out.
 */

export const SESSION_SECONDS = 12 * 3600
const PURPOSE = 'admin-session'

/** Plain http is allowed only for a developer's own machine; everywhere else the cookie is Secure. */
export function isLocalHttp(c: Context): boolean {
  const url = new URL(c.req.url)
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
}

// __Host- pins the cookie to this exact host, path / and Secure; it can't be used over http://localhost.
export const sessionCookieName = (c: Context) =>
  isLocalHttp(c) ? 'admin_session' : '__Host-admin_session'

async function tokenVersion(secret: string, adminToken: string): Promise<string> {
  return (await keyedHash(secret, 'admin-session-version', adminToken)).slice(0, 16)
}

export async function startSession(c: Context, secret: string, adminToken: string): Promise<void> {
  const value = await signToken(
    secret,
    PURPOSE,
    { sub: 'token', csrf: randomId(), v: await tokenVersion(secret, adminToken) },
    SESSION_SECONDS,
  )
  setCookie(c, sessionCookieName(c), value, {
    httpOnly: true,
    secure: !isLocalHttp(c),
    sameSite: 'Strict',
    path: '/',
    maxAge: SESSION_SECONDS,
  })
}

export function endSession(c: Context): void {
  deleteCookie(c, sessionCookieName(c), {
    path: '/',
    secure: !isLocalHttp(c),
    httpOnly: true,
    sameSite: 'Strict',
  })
}

export function hasSessionCookie(c: Context): boolean {
  return getCookie(c, sessionCookieName(c)) !== undefined
}

/** The session's CSRF token when the cookie is validly signed, unexpired and minted for the current admin token; else null. */
export async function readSession(
  c: Context,
  secret: string,
  adminToken: string,
): Promise<{ csrf: string } | null> {
  const payload = await verifyToken<{ sub?: unknown; csrf?: unknown; v?: unknown }>(
    secret,
    PURPOSE,
    getCookie(c, sessionCookieName(c)),
  )
  if (
    !payload ||
    payload.sub !== 'token' ||
    typeof payload.csrf !== 'string' ||
    payload.csrf.length < 16
  )
    return null
  if (payload.v !== (await tokenVersion(secret, adminToken))) return null
  return { csrf: payload.csrf }
}
