import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { keyedHash, randomId, signToken } from '../../src/lib/crypto'
import { get, SITE } from '../helpers/http'
import { adminSessions } from '../../src/db/schema'
import {
  addComment,
  api,
  auditFor,
  bearer,
  db,
  fetchWith,
  findRow,
  formPost,
  signIn,
} from './fixtures'

/** A protected write that must not happen: the comment stays pending and unaudited. */
async function expectUntouched(id: string) {
  expect((await findRow(id))!.status).toBe('pending')
  expect(await auditFor(id)).toEqual([])
}

async function sessionCookie(
  payload: Record<string, unknown>,
  options: { now?: number; purpose?: string } = {},
) {
  const v = (await keyedHash(env.SECRET_KEY!, 'admin-session-version', env.ADMIN_TOKEN!)).slice(
    0,
    16,
  )
  // Sessions are rows in admin_sessions: each made-up cookie names a live one, so it fails only for its own flaw.
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
  const value = await signToken(
    env.SECRET_KEY!,
    options.purpose ?? 'admin-session',
    { sub: 'token', sid, csrf: randomId(), v, ...payload },
    12 * 3600,
    options.now,
  )
  return `__Host-admin_session=${value}`
}

describe('admin is closed when not configured', () => {
  it('answers 503 "admin is not configured" everywhere, login included, JSON on /api and HTML on /admin', async () => {
    const c = await addComment()
    for (const overrides of [
      { ADMIN_TOKEN: undefined },
      { ADMIN_TOKEN: 'short-token' },
      { ADMIN_TOKEN: undefined, ACCESS_TEAM_DOMAIN: 'team' },
      { ADMIN_TOKEN: undefined, ACCESS_TEAM_DOMAIN: 'evil.example.com', ACCESS_AUD: 'aud' },
    ]) {
      const label = JSON.stringify(overrides)
      const apiRes = await fetchWith(overrides, `/api/admin/comments/${c.id}/approve`, {
        method: 'POST',
        headers: bearer(),
      })
      expect(apiRes.status, label).toBe(503)
      expect(await apiRes.json()).toEqual({ error: 'admin is not configured', fields: {} })
      const page = await fetchWith(overrides, '/admin', { headers: bearer() })
      expect(page.status, label).toBe(503)
      expect(page.headers.get('Content-Type')).toMatch(/^text\/html/)
      expect(await page.text()).toContain('admin is not configured')
      expect((await fetchWith(overrides, '/admin/login')).status, label).toBe(503)
      const login = await fetchWith(overrides, '/admin/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE },
        body: new URLSearchParams({ token: env.ADMIN_TOKEN! }),
      })
      expect(login.status, label).toBe(503)
      expect(login.headers.get('Set-Cookie')).toBeNull()
      expect(
        (
          await fetchWith(overrides, '/moderate/anything', {
            method: 'POST',
            headers: { Origin: SITE },
          })
        ).status,
        label,
      ).toBe(503)
    }
    await expectUntouched(c.id)
  })

  it('refuses to sign browsers in without SECRET_KEY (503), and the API still works with the token', async () => {
    const login = await fetchWith({ SECRET_KEY: undefined }, '/admin/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE },
      body: new URLSearchParams({ token: env.ADMIN_TOKEN! }),
    })
    expect(login.status).toBe(503)
    expect(login.headers.get('Set-Cookie')).toBeNull()
  })
})

describe('bearer token', () => {
  it('refuses missing, wrong, different-length and malformed credentials, and the handler never runs', async () => {
    const c = await addComment()
    const token = env.ADMIN_TOKEN!
    const wrongSameLength = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    for (const headers of [
      {},
      { Authorization: `Bearer ${wrongSameLength}` },
      { Authorization: `Bearer ${token}x` },
      { Authorization: `Bearer ${token.slice(0, 8)}` },
      { Authorization: 'Bearer ' },
      { Authorization: `Basic ${btoa(`admin:${token}`)}` },
      { Authorization: token },
      { Authorization: `Bearer ${token} ${token}` },
      { Cookie: (await signIn()).cookie },
    ] as Record<string, string>[]) {
      const res = await get(`/api/admin/comments/${c.id}/approve`, { method: 'POST', headers })
      expect(res.status, JSON.stringify(headers).slice(0, 60)).toBe(401)
      expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="admin"')
      expect(res.headers.get('Cache-Control')).toBe('no-store')
      expect(((await res.json()) as { error: string }).error).toBeTruthy()
    }
    await expectUntouched(c.id)
    const list = await get('/api/admin/comments?status=pending', {
      headers: { Authorization: `Bearer ${wrongSameLength}` },
    })
    expect(list.status).toBe(401)
    expect(await list.text()).not.toContain(c.authorEmail)
  })

  it('lets the right token through (scheme case-insensitive) and records it as the actor', async () => {
    const c = await addComment()
    const res = await get(`/api/admin/comments/${c.id}/approve`, {
      method: 'POST',
      headers: { Authorization: `bearer ${env.ADMIN_TOKEN}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('X-Robots-Tag')).toContain('noindex')
    expect(await auditFor(c.id)).toMatchObject([{ actor: 'admin token', action: 'approve' }])
  })

  it('does not fall back to a session cookie when a wrong bearer token is also sent', async () => {
    const { cookie, csrf } = await signIn()
    const c = await addComment()
    const res = await formPost(
      `/admin/comments/${c.id}/approve`,
      { csrf },
      { Cookie: cookie, Authorization: 'Bearer wrong-token-wrong-token' },
    )
    expect(res.status).toBe(401)
    await expectUntouched(c.id)
  })
})

describe('browser sign-in', () => {
  it('sends an unsigned-in browser to the login form, which takes the token once', async () => {
    const redirect = await get('/admin?status=spam')
    expect(redirect.status).toBe(303)
    expect(redirect.headers.get('Location')).toBe('/admin/login?next=%2Fadmin%3Fstatus%3Dspam')
    const form = await get('/admin/login?next=%2Fadmin%3Fstatus%3Dspam')
    expect(form.status).toBe(200)
    expect(form.headers.get('Cache-Control')).toBe('private, no-store')
    const html = await form.text()
    expect(html).toContain('<meta name="robots" content="noindex"/>')
    expect(html).toMatch(/<label for="token">Admin token<\/label>/)
    expect(html).toContain('type="password"')
    expect(html).toContain('value="/admin?status=spam"')
  })

  it('sets a signed session cookie: __Host-, HttpOnly, Secure, SameSite=Strict, Path=/, 12 hours', async () => {
    const res = await formPost('/admin/login', {
      token: env.ADMIN_TOKEN!,
      next: '/admin?status=spam',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/admin?status=spam')
    const cookie = res.headers.get('Set-Cookie')!
    expect(cookie).toMatch(/^__Host-admin_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+;/)
    for (const attr of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/', 'Max-Age=43200'])
      expect(cookie).toContain(attr)
    expect(cookie).not.toContain(env.ADMIN_TOKEN!)
    const page = await get('/admin', { headers: { Cookie: cookie.split(';')[0]! } })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Moderation')
  })

  it('drops Secure and the __Host- prefix only on http://localhost', async () => {
    const ctx = createExecutionContext()
    const res = await worker.fetch(
      new Request('http://localhost:8787/admin/login', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: 'http://localhost:8787',
        },
        body: new URLSearchParams({ token: env.ADMIN_TOKEN! }),
        redirect: 'manual',
      }),
      { ...env, SITE_URL: 'http://localhost:8787' },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(res.status).toBe(303)
    const cookie = res.headers.get('Set-Cookie')!
    expect(cookie).toMatch(/^admin_session=/)
    expect(cookie).not.toContain('Secure')
    expect(cookie).toContain('HttpOnly')
  })

  it('does not say which part of a failed sign-in was wrong, and sets no cookie', async () => {
    for (const token of ['nope', `${env.ADMIN_TOKEN}x`, '']) {
      const res = await formPost('/admin/login', { token })
      expect(res.status).toBe(401)
      expect(res.headers.get('Set-Cookie')).toBeNull()
      expect(await res.text()).toContain('That token is not right.')
    }
  })

  it('refuses a cross-site login post and never redirects off-site', async () => {
    const res = await formPost(
      '/admin/login',
      { token: env.ADMIN_TOKEN! },
      { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    )
    expect(res.status).toBe(403)
    expect(res.headers.get('Set-Cookie')).toBeNull()
    for (const next of [
      '//evil.example/admin',
      'https://evil.example',
      '/admin/../../evil',
      '/adminx',
    ]) {
      const ok = await formPost('/admin/login', { token: env.ADMIN_TOKEN!, next })
      expect(ok.headers.get('Location'), next).toBe('/admin')
    }
  })

  it('signs out by clearing the cookie', async () => {
    const { cookie, csrf } = await signIn()
    const res = await formPost('/admin/logout', { csrf }, { Cookie: cookie })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/admin/login')
    expect(res.headers.get('Set-Cookie')).toMatch(/^__Host-admin_session=;.*Max-Age=0/)
  })
})

describe('session cookies that must not work', () => {
  it('refuses forged, expired, wrong-purpose, wrong-name and old-token cookies; the handler never runs', async () => {
    const c = await addComment()
    const realCsrf = randomId()
    const cookies = {
      random: `__Host-admin_session=${randomId()}.${randomId()}`,
      tampered: (await sessionCookie({ csrf: realCsrf })).replace(/\.[A-Za-z0-9_-]{4}/, '.AAAA'),
      expired: await sessionCookie({ csrf: realCsrf }, { now: Date.now() - 13 * 3600 * 1000 }),
      otherPurpose: await sessionCookie({ csrf: realCsrf }, { purpose: 'admin-one-click' }),
      rotatedToken: await sessionCookie({ csrf: realCsrf, v: 'from-an-old-token' }),
      plainNameOnHttps: (await sessionCookie({ csrf: realCsrf })).replace('__Host-', ''),
      otherSecret: `__Host-admin_session=${await signToken('another-secret-entirely-123', 'admin-session', { sub: 'token', csrf: realCsrf, v: 'x' }, 3600)}`,
    }
    for (const [name, cookie] of Object.entries(cookies)) {
      const post = await formPost(
        `/admin/comments/${c.id}/approve`,
        { csrf: realCsrf, back: '/admin' },
        { Cookie: cookie },
      )
      expect(post.status, name).toBe(401)
      const page = await get('/admin', { headers: { Cookie: cookie } })
      expect(page.status, name).toBe(303)
      expect(page.headers.get('Location'), name).toMatch(/^\/admin\/login/)
    }
    await expectUntouched(c.id)
    // The control: the same recipe with valid values does get in.
    const good = await sessionCookie({ csrf: realCsrf })
    expect((await get('/admin', { headers: { Cookie: good } })).status).toBe(200)
  })
})

describe('CSRF on browser writes', () => {
  it('refuses cross-site posts and posts without the session’s token; the handler never runs', async () => {
    const { cookie, csrf } = await signIn()
    const other = await signIn()
    const c = await addComment()
    const attempts: [string, Record<string, string>, Record<string, string>][] = [
      ['evil Origin', { csrf }, { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }],
      [
        'evil Origin, no Sec-Fetch-Site',
        { csrf },
        { Origin: 'https://evil.example', 'Sec-Fetch-Site': '' },
      ],
      ['Sec-Fetch-Site cross-site', { csrf }, { 'Sec-Fetch-Site': 'cross-site' }],
      ['Sec-Fetch-Site same-site', { csrf }, { 'Sec-Fetch-Site': 'same-site' }],
      ['null Origin', { csrf }, { Origin: 'null' }],
      ['missing CSRF field', {}, {}],
      ['wrong CSRF field', { csrf: randomId() }, {}],
      ['another session’s CSRF token', { csrf: other.csrf }, {}],
    ]
    for (const [label, fields, headers] of attempts) {
      const res = await formPost(
        `/admin/comments/${c.id}/approve`,
        { back: '/admin', ...fields },
        { Cookie: cookie, ...headers },
      )
      expect(res.status, label).toBe(403)
    }
    // Neither Origin nor Sec-Fetch-Site: not provably ours, refused.
    const bare = await get(`/admin/comments/${c.id}/approve`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }),
    })
    expect(bare.status).toBe(403)
    // A JSON body can't carry the form field either.
    const json = await get(`/admin/comments/${c.id}/approve`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: SITE, 'Content-Type': 'application/json' },
      body: JSON.stringify({ csrf }),
    })
    expect(json.status).toBe(403)
    await expectUntouched(c.id)

    const ok = await formPost(
      `/admin/comments/${c.id}/approve`,
      { csrf, back: '/admin' },
      { Cookie: cookie },
    )
    expect(ok.status).toBe(303)
    expect(await auditFor(c.id)).toMatchObject([
      { action: 'approve', actor: 'admin (browser session)' },
    ])
  })

  it('rotating ADMIN_TOKEN signs every browser out', async () => {
    const { cookie } = await signIn()
    const res = await fetchWith({ ADMIN_TOKEN: `${env.ADMIN_TOKEN}-rotated` }, '/admin', {
      headers: { Cookie: cookie },
    })
    expect(res.status).toBe(303)
  })
})

describe('paths around the gate', () => {
  it('guards /admin and /api/admin themselves, and unknown paths under them', async () => {
    for (const path of [
      '/admin',
      '/admin/',
      '/admin/nothing-here',
      '/api/admin',
      '/api/admin/',
      '/api/admin/comments',
      '/api/admin/stats',
      '/api/admin/nothing',
    ]) {
      const res = await get(path, { method: 'POST' })
      expect([401, 403], path).toContain(res.status)
    }
    const unknown = await api('/nothing-here')
    expect(unknown.status).toBe(404)
  })
})
