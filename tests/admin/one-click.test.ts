import { createExecutionContext, env } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { notifyHeldComment, oneClickLinks, sendHeldNotification } from '../../src/admin/notify'
import { signToken } from '../../src/lib/crypto'
import { get, SEED_SLUG, SITE, visibleText } from '../helpers/http'
import { addComment, auditFor, fetchWith, findRow } from './fixtures'

const path = (link: string) => link.slice(SITE.length)
const post = (link: string, headers: Record<string, string> = { Origin: SITE }) =>
  get(path(link), { method: 'POST', headers })

afterEach(() => {
  vi.restoreAllMocks()
})

describe('one-click moderation links', () => {
  it('GET only confirms (link scanners prefetch); POST acts once, audited as the link; no admin sign-in needed', async () => {
    const c = await addComment({ body: 'Held for a link check' })
    const links = await oneClickLinks(env, env.SECRET_KEY!, c.id)
    expect(links.approve).toMatch(new RegExp(`^${SITE}/moderate/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`))

    const page = await get(path(links.approve))
    expect(page.status).toBe(200)
    expect(page.headers.get('Cache-Control')).toBe('private, no-store')
    expect(page.headers.get('Referrer-Policy')).toBe('no-referrer')
    const html = await page.text()
    expect(visibleText(html)).toContain('Approve this comment?')
    expect(visibleText(html)).toContain('Held for a link check')
    expect(html).toContain('<form method="post">')
    expect((await findRow(c.id))!.status).toBe('pending')
    expect(await auditFor(c.id)).toEqual([])

    const res = await post(links.approve)
    expect(res.status).toBe(200)
    expect(visibleText(await res.text())).toContain('Comment approved')
    expect((await findRow(c.id))!.status).toBe('approved')
    expect(await auditFor(c.id)).toMatchObject([
      {
        actor: 'one-click link',
        action: 'approve',
        beforeStatus: 'pending',
        afterStatus: 'approved',
      },
    ])

    // Reused, or the other link of the same notification: 410, nothing changes.
    const again = await post(links.approve)
    expect(again.status).toBe(410)
    expect(visibleText(await again.text())).toContain('already been used')
    expect((await post(links.spam)).status).toBe(410)
    expect((await get(path(links.spam))).status).toBe(410)
    expect((await findRow(c.id))!.status).toBe('approved')
    expect(await auditFor(c.id)).toHaveLength(1)
  })

  it('marks spam with the spam link', async () => {
    const c = await addComment()
    const links = await oneClickLinks(env, env.SECRET_KEY!, c.id)
    expect((await post(links.spam)).status).toBe(200)
    expect(await findRow(c.id)).toMatchObject({ status: 'spam', previousStatus: 'pending' })
  })

  it('refuses expired, forged, wrong-purpose and wrong-action links, and cross-site posts; nothing changes', async () => {
    const c = await addComment()
    const secret = env.SECRET_KEY!
    const fourDaysAgo = Date.now() - 4 * 86400 * 1000
    const payload = { id: c.id, action: 'approve', jti: `jti-${c.id}` }
    const valid = await signToken(secret, 'admin-one-click', payload, 3 * 86400)
    const [body, mac] = valid.split('.') as [string, string]
    const bad: Record<string, string> = {
      expired: await signToken(secret, 'admin-one-click', payload, 3 * 86400, fourDaysAgo),
      forgedSignature: `${body}.${mac.slice(0, -4)}AAAA`,
      forgedPayload: `${btoa(JSON.stringify({ ...payload, id: 'other', exp: 9e9 })).replace(/=+$/, '')}.${mac}`,
      otherSecret: await signToken(
        'a-different-secret-entirely',
        'admin-one-click',
        payload,
        3 * 86400,
      ),
      sessionPurpose: await signToken(secret, 'admin-session', payload, 3 * 86400),
      deleteAction: await signToken(
        secret,
        'admin-one-click',
        { ...payload, action: 'delete' },
        3 * 86400,
      ),
      noJti: await signToken(secret, 'admin-one-click', { id: c.id, action: 'approve' }, 3 * 86400),
      junk: 'junk',
    }
    for (const [label, token] of Object.entries(bad)) {
      expect((await get(`/moderate/${token}`)).status, label).toBe(403)
      expect(
        (await get(`/moderate/${token}`, { method: 'POST', headers: { Origin: SITE } })).status,
        label,
      ).toBe(403)
    }
    // A valid link posted from another site: refused, and the link is not spent.
    expect(
      (
        await post(`${SITE}/moderate/${valid}`, {
          Origin: 'https://evil.example',
          'Sec-Fetch-Site': 'cross-site',
        })
      ).status,
    ).toBe(403)
    expect((await findRow(c.id))!.status).toBe('pending')
    expect(await auditFor(c.id)).toEqual([])
    expect((await post(`${SITE}/moderate/${valid}`)).status).toBe(200)
  })

  it('spends the link even when the comment already moved, without changing it', async () => {
    const c = await addComment({ status: 'approved' })
    const links = await oneClickLinks(env, env.SECRET_KEY!, c.id)
    const res = await post(links.approve)
    // The link was issued for a held comment; this one is approved already: 409, nothing changed.
    expect(res.status).toBe(409)
    expect(visibleText(await res.text())).toContain('nothing was changed')
    expect(await auditFor(c.id)).toEqual([])
    expect((await post(links.approve)).status).toBe(410)
  })
})

describe('held-comment notifications', () => {
  const WEBHOOK = 'https://hooks.example/edge-blog'
  const held = (id: string) => ({
    id,
    essaySlug: SEED_SLUG,
    authorName: 'Ada',
    body: `Body of ${id} `.repeat(40),
  })

  function mockWebhook(answers: (() => Promise<Response>)[]) {
    const calls: { url: string; body: Record<string, string> }[] = []
    const realFetch = globalThis.fetch
    vi.spyOn(globalThis, 'fetch').mockImplementation(
      async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = input instanceof Request ? input.url : String(input)
        if (url !== WEBHOOK) return realFetch(input, init)
        calls.push({ url, body: JSON.parse(String(init?.body)) })
        const answer = answers[calls.length - 1]
        return answer ? answer() : new Response('ok')
      },
    )
    return calls
  }

  it('posts essay, author, excerpt and working one-click links; retries once after a failure', async () => {
    const c = await addComment()
    const calls = mockWebhook([
      async () => new Response('busy', { status: 503 }),
      async () => new Response('ok'),
    ])
    expect(await sendHeldNotification({ ...env, NOTIFY_WEBHOOK_URL: WEBHOOK }, held(c.id))).toBe(
      true,
    )
    expect(calls).toHaveLength(2)
    const payload = calls[0]!.body
    expect(payload).toMatchObject({
      essay: 'Management Versus Leadership',
      authorName: 'Ada',
      commentId: c.id,
    })
    expect([...payload.excerpt!].length).toBeLessThanOrEqual(280)
    expect(payload.text).toContain(payload.approveUrl)
    expect(payload).not.toHaveProperty('email')
    expect(JSON.stringify(payload)).not.toContain(c.authorEmail)
    expect((await post(payload.approveUrl!)).status).toBe(200)
    expect((await findRow(c.id))!.status).toBe('approved')
  })

  it('gives up after one retry, logging, never throwing', async () => {
    const calls = mockWebhook([
      async () => Promise.reject(new Error('network down')),
      async () => new Response('no', { status: 500 }),
    ])
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(await sendHeldNotification({ ...env, NOTIFY_WEBHOOK_URL: WEBHOOK }, held('x1'))).toBe(
      false,
    )
    expect(calls).toHaveLength(2)
    expect(errors.mock.calls.some(([line]) => String(line).includes('not delivered'))).toBe(true)
  })

  it('sends nothing without a URL, or to a plain-http URL', async () => {
    const calls = mockWebhook([])
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const ctx = { waitUntil: vi.fn() }
    notifyHeldComment({ ...env, NOTIFY_WEBHOOK_URL: undefined }, ctx, held('x2'))
    expect(ctx.waitUntil).not.toHaveBeenCalled()
    expect(
      await sendHeldNotification(
        { ...env, NOTIFY_WEBHOOK_URL: 'http://hooks.example/x' },
        held('x3'),
      ),
    ).toBe(false)
    expect(calls).toHaveLength(0)
    const context = createExecutionContext()
    notifyHeldComment({ ...env, NOTIFY_WEBHOOK_URL: 'not a url' }, context, held('x4'))
  })

  it('fires after a reader’s comment is held, and a failing webhook never fails the submission', async () => {
    const calls = mockWebhook([
      async () => Promise.reject(new Error('down')),
      async () => Promise.reject(new Error('still down')),
    ])
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const email = `notify-${Date.now()}@example.com`
    const res = await fetchWith(
      { NOTIFY_WEBHOOK_URL: WEBHOOK },
      `/api/essays/${SEED_SLUG}/comments`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          name: 'Notified Reader',
          email,
          body: 'Please hold me for moderation.',
        }),
      },
    )
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as { id: string }
    expect(calls).toHaveLength(2)
    expect(calls[0]!.body).toMatchObject({
      commentId: id,
      authorName: 'Notified Reader',
      excerpt: 'Please hold me for moderation.',
    })
  })
})
