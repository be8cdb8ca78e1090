import { env } from 'cloudflare:test'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { adminAuth } from '../../src/admin/auth'
import { loginFormPage } from '../../src/admin/pages/login'
import { adminLogin } from '../../src/admin/routes'
import type { AppEnv } from '../../src/env'
import { errorHandler } from '../../src/lib/errors'
import { get, SITE, visibleText } from '../helpers/http'
import { addComment, api, auditFor, findRow, formPost, signIn } from './fixtures'

/** The admin's refusals go through the one error channel, and every one names what was wrong. */

describe('admin refusals through the error channel', () => {
  it('a 401 on the API is { error, fields } with WWW-Authenticate and no-store', async () => {
    const res = await get('/api/admin/comments', { headers: { Authorization: 'Bearer nope' } })
    expect(res.status).toBe(401)
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="admin"')
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(await res.json()).toEqual({ error: 'The bearer token is not valid.', fields: {} })
  })

  it('a refused sign-in shows the sign-in form again, with the message and where it was going', async () => {
    // The app wires loginFormPage into errorHandler({ inputPages }); this app wires only the admin's.
    const app = new Hono<AppEnv>()
    app.use('/admin/*', adminAuth())
    app.route('/admin', adminLogin)
    app.onError(errorHandler({ inputPages: [loginFormPage] }))
    const res = await app.request(
      `${SITE}/admin/login`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE },
        body: new URLSearchParams({ token: 'not-the-token', next: '/admin?status=spam' }),
      },
      env,
    )
    expect(res.status).toBe(401)
    expect(res.headers.get('Set-Cookie')).toBeNull()
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const html = await res.text()
    expect(html).toContain('<label for="token">Admin token</label>')
    expect(html).toContain('value="/admin?status=spam"')
    expect(visibleText(html)).toContain('That token is not right.')
  })

  it('bulk ids are the shared bulkIds: an id that cannot be one is a 400 naming its place', async () => {
    const a = await addComment()
    const res = await api('/comments/bulk', {
      method: 'POST',
      body: { ids: [a.id, 'not an id!'], action: 'approve' },
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: 'ids.1 is not a comment id',
      fields: { 'ids.1': 'is not a comment id' },
    })
    expect((await findRow(a.id))!.status).toBe('pending')
    expect(await auditFor(a.id)).toEqual([])
  })

  it('a field left out answers with its own message, not a generic "missing key"', async () => {
    const erase = await api('/erase', { method: 'POST', body: {} })
    expect(erase.status).toBe(400)
    expect(await erase.json()).toEqual({
      error: 'email is required.',
      fields: { email: 'email is required.' },
    })
    const bulk = await api('/comments/bulk', { method: 'POST', body: { ids: ['x'] } })
    expect(bulk.status).toBe(400)
    expect(((await bulk.json()) as { error: string }).error).toBe(
      'action must be one of approve, spam, trash, restore, delete.',
    )
    expect((await api('/export')).status).toBe(400)
  })

  it('a listing filter given twice is a 400 naming it, on the API and the dashboard', async () => {
    const res = await api('/comments?status=spam&status=pending')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toBe('status must be given once.')
    const { cookie } = await signIn()
    const page = await get('/admin?essay=a&essay=b', { headers: { Cookie: cookie } })
    expect(page.status).toBe(400)
    expect(visibleText(await page.text())).toContain('essay must be given once.')
  })

  it('the dashboard bulk form keeps its own words, with no literal limit', async () => {
    const { cookie, csrf } = await signIn()
    const none = await formPost(
      '/admin/comments/bulk',
      { csrf, action: 'approve' },
      { Cookie: cookie },
    )
    expect(none.status).toBe(400)
    expect(visibleText(await none.text())).toContain('Select at least one comment first.')
    const many = await formPost(
      '/admin/comments/bulk',
      { csrf, action: 'approve', ids: Array.from({ length: 201 }, (_, i) => `id-${i}`) },
      { Cookie: cookie },
    )
    expect(many.status).toBe(400)
    expect(visibleText(await many.text())).toContain('Select at most 200 comments at a time.')
    const noAction = await formPost('/admin/comments/bulk', { csrf, ids: 'x' }, { Cookie: cookie })
    expect(visibleText(await noAction.text())).toContain(
      'Choose an action for the selected comments.',
    )
  })
})
