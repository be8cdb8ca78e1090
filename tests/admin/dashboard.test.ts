import { describe, expect, it } from 'vitest'
import { get, SEED_SLUG, visibleText } from '../helpers/http'
import { addComment, auditFor, findRow, formPost, signIn } from './fixtures'

describe('GET /admin (dashboard)', () => {
  it('shows the pending queue first with counts, and each comment with everything a moderator decides on', async () => {
    const { cookie } = await signIn()
    const word = `dash${Date.now()}`
    const parent = await addComment({
      status: 'approved',
      body: `The parent says ${word}-parent`,
      authorName: 'Parent Person',
    })
    const held = await addComment({
      body: `Buy now ${word} <script>alert(1)</script>`,
      authorUrl: 'https://held.example',
      parentId: parent.id,
      depth: 1,
      spamSignals: JSON.stringify({ links: 3, words: ['casino'], flood: true }),
    })
    const res = await get(`/admin?q=${word}`, { headers: { Cookie: cookie } })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    expect(res.headers.get('X-Robots-Tag')).toContain('noindex')
    const html = await res.text()
    expect(html).toContain('<meta name="robots" content="noindex"/>')
    const text = visibleText(html)
    expect(text).toMatch(/Pending comments \d+/)
    expect(text).toContain(held.authorName)
    expect(html).toContain(`href="/essays/${SEED_SLUG}"`)
    expect(text).toContain('Management Versus Leadership')
    expect(text).toContain(held.authorEmail)
    expect(html).toContain('href="https://held.example"')
    expect(text).toContain('Signals: 3 links · words: casino · flood')
    expect(text).toContain(`In reply to Parent Person (approved): “The parent says ${word}-parent”`)
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    // The approved parent is not in the pending queue.
    expect(html).not.toContain(`id="c-${parent.id}"`)
    for (const action of ['approve', 'spam', 'trash'])
      expect(html).toContain(`action="/admin/comments/${held.id}/${action}"`)
    expect(html).toMatch(
      /<input type="checkbox" name="ids" value="[^"]+" form="bulk"[^>]*aria-label="Select the comment by /,
    )
    expect(html).toContain('<label class="admin-select-all" hidden="">')
    expect(html).toMatch(/<script>[\s\S]*admin-comment[\s\S]*<\/script>/)
    const csp = res.headers.get('Content-Security-Policy')!
    expect(csp).toMatch(/script-src [^;]*'sha256-/)
    expect(csp).not.toContain('unsafe-inline')
  })

  it('filters by status and essay, and answers 400 naming a bad parameter', async () => {
    const { cookie } = await signIn()
    const spam = await addComment({ status: 'spam' })
    const spamPage = await (await get('/admin?status=spam', { headers: { Cookie: cookie } })).text()
    expect(spamPage).toContain(`id="c-${spam.id}"`)
    expect(spamPage).toContain(`action="/admin/comments/${spam.id}/restore"`)
    const other = await (
      await get('/admin?status=spam&essay=some-other-essay', { headers: { Cookie: cookie } })
    ).text()
    expect(other).not.toContain(`id="c-${spam.id}"`)
    const bad = await get('/admin?status=published', { headers: { Cookie: cookie } })
    expect(bad.status).toBe(400)
    expect(visibleText(await bad.text())).toContain('status must be one of')
  })

  it('acts with a plain form and lands the moderator back where they were, on the next comment', async () => {
    const { cookie, csrf } = await signIn()
    const word = `back${Date.now()}`
    const first = await addComment({ body: `first ${word}` })
    const second = await addComment({ body: `second ${word}` })
    const page = await (await get(`/admin?q=${word}`, { headers: { Cookie: cookie } })).text()
    // Newest first: second, then first; approving second sends the moderator to first.
    expect(page.indexOf(`id="c-${second.id}"`)).toBeLessThan(page.indexOf(`id="c-${first.id}"`))
    const back = `/admin?q=${word}`
    const res = await formPost(
      `/admin/comments/${second.id}/approve`,
      { csrf, back, next: first.id },
      { Cookie: cookie },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${back}#c-${first.id}`)
    expect((await findRow(second.id))!.status).toBe('approved')
    const after = await (await get(back, { headers: { Cookie: cookie } })).text()
    expect(after).not.toContain(`id="c-${second.id}"`)
    expect(visibleText(after)).toMatch(/Audit log .*approve/)
    // A "back" that leaves the dashboard is replaced by the dashboard.
    const off = await formPost(
      `/admin/comments/${first.id}/trash`,
      { csrf, back: 'https://evil.example/admin' },
      { Cookie: cookie },
    )
    expect(off.headers.get('Location')).toBe('/admin')
  })

  it('bulk-acts on the ticked comments, all or nothing', async () => {
    const { cookie, csrf } = await signIn()
    const a = await addComment()
    const b = await addComment()
    const bad = await formPost(
      '/admin/comments/bulk',
      { csrf, back: '/admin', action: 'spam', ids: [a.id, 'no-such-comment'] },
      { Cookie: cookie },
    )
    expect(bad.status).toBe(404)
    expect(visibleText(await bad.text())).toContain('no-such-comment')
    expect((await findRow(a.id))!.status).toBe('pending')
    expect(await auditFor(a.id)).toEqual([])

    const res = await formPost(
      '/admin/comments/bulk',
      { csrf, back: '/admin?status=pending', action: 'spam', ids: [a.id, b.id] },
      { Cookie: cookie },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/admin?status=pending')
    for (const c of [a, b])
      expect(await findRow(c.id)).toMatchObject({ status: 'spam', previousStatus: 'pending' })
    expect(await auditFor(a.id)).toMatchObject([
      { action: 'spam', detail: JSON.stringify({ bulk: 2 }) },
    ])

    const none = await formPost(
      '/admin/comments/bulk',
      { csrf, back: '/admin', action: 'approve' },
      { Cookie: cookie },
    )
    expect(none.status).toBe(400)
  })

  it('deletes forever only from the trash', async () => {
    const { cookie, csrf } = await signIn()
    const c = await addComment()
    expect(
      (
        await formPost(
          `/admin/comments/${c.id}/delete`,
          { csrf, back: '/admin' },
          { Cookie: cookie },
        )
      ).status,
    ).toBe(409)
    await formPost(`/admin/comments/${c.id}/trash`, { csrf, back: '/admin' }, { Cookie: cookie })
    expect(
      (
        await formPost(
          `/admin/comments/${c.id}/delete`,
          { csrf, back: '/admin?status=trash' },
          { Cookie: cookie },
        )
      ).status,
    ).toBe(303)
    expect(await findRow(c.id)).toBeUndefined()
  })
})
