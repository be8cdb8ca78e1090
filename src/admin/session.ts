import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { database } from '../db/client'
import { adminSessions, auditLog } from '../db/schema'
import { keyedHash, randomId, signToken, verifyToken } from '../lib/crypto'
import { isLocalHttp } from '../lib/local'
import type { AdminEnv } from './types'

/**
 * The dashboard's browser session: a signed cookie made after the moderator types the admin token
 * once. It carries a per-session CSRF token, a short hash of the admin token (so rotating
 * ADMIN_TOKEN signs every browser out) and the id of a row in admin_sessions: the row is what makes
 * the cookie good, so signing out (revoking the row) ends the session even for a copy of the cookie.
 *
 * Rows are read and written on env.DB itself, never a read replica: a revocation must be seen by
 * the very next request.
 */

export const SESSION_SECONDS = 12 * 3600
const PURPOSE = 'admin-session'
const SESSION_ACTOR = 'admin (browser session)'

type AdminContext = Context<AdminEnv>

/** Plain http is allowed only for a developer's own machine; everywhere else the cookie is Secure. */
const overLocalHttp = (c: Context) => isLocalHttp(c.req.url)

// __Host- pins the cookie to this exact host, path / and Secure; it can't be used over http://localhost.
export const sessionCookieName = (c: Context) =>
  overLocalHttp(c) ? 'admin_session' : '__Host-admin_session'

async function tokenVersion(secret: string, adminToken: string): Promise<string> {
  return (await keyedHash(secret, 'admin-session-version', adminToken)).slice(0, 16)
}

/** A live session: not revoked, not expired. */
const live = (now: number) => and(isNull(adminSessions.revokedAt), gt(adminSessions.expiresAt, now))

/** Stores a new session row (pruning expired ones on the way) and sets the cookie naming it. */
export async function startSession(
  c: AdminContext,
  secret: string,
  adminToken: string,
  now = Date.now(),
): Promise<void> {
  const sid = randomId()
  const db = database(c.env.DB)
  await db.batch([
    // Opportunistic pruning: sign-ins are rare, and an expired row is refused anyway.
    db.delete(adminSessions).where(lte(adminSessions.expiresAt, now)),
    db.insert(adminSessions).values({
      id: sid,
      createdAt: now,
      expiresAt: now + SESSION_SECONDS * 1000,
      actor: SESSION_ACTOR,
    }),
  ])
  const value = await signToken(
    secret,
    PURPOSE,
    { sub: 'token', sid, csrf: randomId(), v: await tokenVersion(secret, adminToken) },
    SESSION_SECONDS,
    now,
  )
  setCookie(c, sessionCookieName(c), value, {
    httpOnly: true,
    secure: !overLocalHttp(c),
    sameSite: 'Strict',
    path: '/',
    maxAge: SESSION_SECONDS,
  })
}

/** Clears the cookie in this browser (the row, if any, is revoked by revokeSession). */
export function endSession(c: Context): void {
  deleteCookie(c, sessionCookieName(c), {
    path: '/',
    secure: !overLocalHttp(c),
    httpOnly: true,
    sameSite: 'Strict',
  })
}

export function hasSessionCookie(c: Context): boolean {
  return getCookie(c, sessionCookieName(c)) !== undefined
}

/** The cookie's payload when it is validly signed, unexpired, well-formed and minted for the current admin token. */
async function signedSession(
  c: Context,
  secret: string,
  adminToken: string,
): Promise<{ sid: string; csrf: string } | null> {
  const payload = await verifyToken<{ sub?: unknown; sid?: unknown; csrf?: unknown; v?: unknown }>(
    secret,
    PURPOSE,
    getCookie(c, sessionCookieName(c)),
  )
  if (
    !payload ||
    payload.sub !== 'token' ||
    typeof payload.csrf !== 'string' ||
    payload.csrf.length < 16 ||
    typeof payload.sid !== 'string' ||
    payload.sid.length < 16 ||
    payload.sid.length > 64
  )
    return null
  if (payload.v !== (await tokenVersion(secret, adminToken))) return null
  return { sid: payload.sid, csrf: payload.csrf }
}

/**
 * The session's CSRF token when the cookie is good and its row is live (not revoked, not expired);
 * else null. Cookies from before sessions had rows carry no id and are refused: sign in again.
 */
export async function readSession(
  c: AdminContext,
  secret: string,
  adminToken: string,
  now = Date.now(),
): Promise<{ csrf: string } | null> {
  const session = await signedSession(c, secret, adminToken)
  if (!session) return null
  const row = await database(c.env.DB)
    .select({ id: adminSessions.id })
    .from(adminSessions)
    .where(and(eq(adminSessions.id, session.sid), live(now)))
    .get()
  return row ? { csrf: session.csrf } : null
}

/** Sign-out: revokes the row this browser's cookie names, so no copy of the cookie works afterwards. */
export async function revokeSession(
  c: AdminContext,
  secret: string,
  adminToken: string,
  now = Date.now(),
): Promise<void> {
  const session = await signedSession(c, secret, adminToken)
  if (!session) return
  await database(c.env.DB)
    .update(adminSessions)
    .set({ revokedAt: now })
    .where(and(eq(adminSessions.id, session.sid), isNull(adminSessions.revokedAt)))
}

/**
 * "Sign out everywhere": revokes every live session, with one audit row counting them, in one
 * batch. Returns how many were ended.
 */
export async function revokeAllSessions(
  c: AdminContext,
  actor: string,
  now = Date.now(),
): Promise<number> {
  const db = database(c.env.DB)
  // Columns in audit_log's schema order: id, at, actor, action, comment_id, before_status, after_status, detail.
  const [, revoked] = await db.batch([
    db
      .insert(auditLog)
      .select(
        sql`SELECT NULL, ${now}, ${actor}, 'sign-out-everywhere', NULL, NULL, NULL, json_object('sessions', count(*)) FROM ${adminSessions} WHERE ${live(now)}`,
      ),
    db.update(adminSessions).set({ revokedAt: now }).where(live(now)),
  ])
  return revoked.meta.changes
}
