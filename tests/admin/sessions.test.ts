import { env } from 'cloudflare:test'
import { eq, gt } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { adminSessions, auditLog } from '../../src/db/schema'
import { keyedHash, randomId, signToken } from '../../src/lib/crypto'
import { get, visibleText } from '../helpers/http'
import { addComment, auditFor, db, findRow, formPost, signIn } from './fixtures'

/**
 * Browser sessions are rows in admin_sessions named by the signed cookie: signing out revokes the
 * row, so a copy of the cookie stops working at once; "sign out everywhere" revokes them all.
 */

async function expectSignedOut(cookie: string, csrf: string) {
  const page = await get('/admin', { headers: { Cookie: cookie } })
  expect(page.status).toBe(303)
  expect(page.headers.get('Location')).toMatch(/^\/admin\/login/)
  expect(await page.text()).not.toContain('Moderation')
  // A write with the copied cookie and its CSRF token: refused, and the handler never ran.
  const c = await addComment()
  const res = await formPost(
    `/admin/comments/${c.id}/approve`,
    { csrf, back: '/admin' },
    { Cookie: cookie },
  )
  expect(res.status).toBe(401)
  expect((await findRow(c.id))!.status).toBe('pending')
  expect(await auditFor(c.id)).toEqual([])
}

const lastAuditId = async () =>
  (await db().select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id).all()).at(-1)?.id ?? 0

describe('signing out ends the session server-side', () => {
  it('refuses a cookie copied before sign-out, after it', async () => {
    const { cookie, csrf } = await signIn()
    const copied = cookie
    expect((await get('/admin', { headers: { Cookie: copied } })).status).toBe(200)
    const out = await formPost('/admin/logout', { csrf }, { Cookie: cookie })
    expect(out.status).toBe(303)
    await expectSignedOut(copied, csrf)
  })

  it('sign-in stores a session row, and sign-out marks it revoked', async () => {
    const before = Date.now()
    const { cookie, csrf } = await signIn()
    const rows = await db()
      .select()
      .from(adminSessions)
      .where(gt(adminSessions.createdAt, before - 1))
    const mine = rows.at(-1)!
    expect(mine).toMatchObject({ actor: 'admin (browser session)', revokedAt: null })
    expect(mine.expiresAt - mine.createdAt).toBe(12 * 3600 * 1000)
    await formPost('/admin/logout', { csrf }, { Cookie: cookie })
    const after = await db().select().from(adminSessions).where(eq(adminSessions.id, mine.id)).get()
    expect(after!.revokedAt).toEqual(expect.any(Number))
  })

  it('"sign out everywhere" ends two separate sessions, and is audited', async () => {
    const first = await signIn()
    const second = await signIn()
    const page = await (await get('/admin', { headers: { Cookie: first.cookie } })).text()
    expect(page).toMatch(
      /<form method="post" action="\/admin\/sign-out-everywhere"[^>]*>\s*<input type="hidden" name="csrf" value="[^"]+"/,
    )
    expect(visibleText(page)).toContain('Sign out everywhere')
    const before = await lastAuditId()
    const res = await formPost(
      '/admin/sign-out-everywhere',
      { csrf: first.csrf },
      { Cookie: first.cookie },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/admin/login')
    expect(res.headers.get('Set-Cookie')).toMatch(/^__Host-admin_session=;.*Max-Age=0/)
    await expectSignedOut(first.cookie, first.csrf)
    await expectSignedOut(second.cookie, second.csrf)
    const audit = await db().select().from(auditLog).where(gt(auditLog.id, before))
    expect(audit).toMatchObject([
      { actor: 'admin (browser session)', action: 'sign-out-everywhere', commentId: null },
    ])
    expect(JSON.parse(audit[0]!.detail!).sessions).toBeGreaterThanOrEqual(2)
  })

  it('"sign out everywhere" needs the CSRF token and a same-origin post, like every dashboard form', async () => {
    const { cookie, csrf } = await signIn()
    const before = await lastAuditId()
    expect((await formPost('/admin/sign-out-everywhere', {}, { Cookie: cookie })).status).toBe(403)
    expect(
      (
        await formPost(
          '/admin/sign-out-everywhere',
          { csrf },
          { Cookie: cookie, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
        )
      ).status,
    ).toBe(403)
    expect((await get('/admin', { headers: { Cookie: cookie } })).status).toBe(200)
    expect(await db().select().from(auditLog).where(gt(auditLog.id, before))).toEqual([])
  })
})

describe('session rows', () => {
  async function cookieFor(sid: string) {
    const v = (await keyedHash(env.SECRET_KEY!, 'admin-session-version', env.ADMIN_TOKEN!)).slice(
      0,
      16,
    )
    const csrf = randomId()
    const value = await signToken(
      env.SECRET_KEY!,
      'admin-session',
      { sub: 'token', sid, csrf, v },
      12 * 3600,
    )
    return { cookie: `__Host-admin_session=${value}`, csrf }
  }

  it('does not honour an expired row, even under a cookie whose signature is still valid', async () => {
    const sid = randomId()
    const now = Date.now()
    await db()
      .insert(adminSessions)
      .values({
        id: sid,
        createdAt: now - 13 * 3600_000,
        expiresAt: now - 1000,
        actor: 'admin (browser session)',
      })
    const { cookie, csrf } = await cookieFor(sid)
    await expectSignedOut(cookie, csrf)
  })

  it('does not honour a validly signed cookie whose session id has no row', async () => {
    const { cookie, csrf } = await cookieFor(randomId())
    await expectSignedOut(cookie, csrf)
  })

  it('prunes expired rows at sign-in', async () => {
    const sid = randomId()
    const now = Date.now()
    await db()
      .insert(adminSessions)
      .values({
        id: sid,
        createdAt: now - 20 * 3600_000,
        expiresAt: now - 8 * 3600_000,
        actor: 'admin (browser session)',
      })
    await signIn()
    expect(
      await db().select().from(adminSessions).where(eq(adminSessions.id, sid)).get(),
    ).toBeUndefined()
  })

  it('honours a live row (the control)', async () => {
    const sid = randomId()
    const now = Date.now()
    await db()
      .insert(adminSessions)
      .values({
        id: sid,
        createdAt: now,
        expiresAt: now + 3600_000,
        actor: 'admin (browser session)',
      })
    const { cookie } = await cookieFor(sid)
    expect((await get('/admin', { headers: { Cookie: cookie } })).status).toBe(200)
  })
})
