import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { config } from '../config'
import type { AppEnv } from '../env'
import { site } from '../generated/content'
import { keyedHash, verifyToken } from '../lib/crypto'
import { isLocalHttp } from '../lib/local'

/**
 * A moderator signed in to the admin, seen from the essay page: their form posts as the site's
 * author (content/site.json `author`), published at once, marked "Author", audited. Comments may
 * not import src/admin, so this reads the admin's browser session the way src/admin/session.ts
 * writes it (the cookie's name, signing purpose and fields, and a live admin_sessions row on the
 * primary, so a sign-out is seen at once). If that format changes, this must follow; the test
 * (tests/comments/author-reply.test.ts) signs in through /admin/login, so it would fail.
 * The cookie is SameSite=Strict: a cross-site form never carries it.
 */
export interface Moderator {
  /** Who signed in, for the audit log (admin_sessions.actor). */
  actor: string
  /** The name the reply is published under. */
  authorName: string
}

const cookieName = (c: Context) =>
  isLocalHttp(c.req.url) ? 'admin_session' : '__Host-admin_session'

export async function signedInModerator(c: Context<AppEnv>): Promise<Moderator | null> {
  const value = getCookie(c, cookieName(c))
  if (!value) return null
  const { secretKey, admin } = config(c.env)
  if (!secretKey || !admin.token) return null
  const payload = await verifyToken<{ sub?: unknown; sid?: unknown; v?: unknown }>(
    secretKey,
    'admin-session',
    value,
  )
  if (!payload || payload.sub !== 'token' || typeof payload.sid !== 'string') return null
  const version = (await keyedHash(secretKey, 'admin-session-version', admin.token)).slice(0, 16)
  if (payload.v !== version) return null
  const row = await c.env.DB.prepare(
    'SELECT actor FROM admin_sessions WHERE id = ?1 AND revoked_at IS NULL AND expires_at > ?2',
  )
    .bind(payload.sid, Date.now())
    .first<{ actor: string }>()
  return row ? { actor: row.actor, authorName: site.author } : null
}
