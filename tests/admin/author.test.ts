import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { RENDERER_VERSION, renderComment } from '../../src/lib/comment-markdown'
import { get } from '../helpers/http'
import { addComment, api, auditFor, findRow, formPost, signIn } from './fixtures'

/**
 * The author's voice from the admin: a moderator's reply (published at once, is_author, audited in
 * the same batch), one pinned comment per essay (pin, move, unpin, audited), the admin edit's
 * re-render, and the API fields (isAuthor, pinned, html).
 */

let n = 0
const essay = () => `pin-essay-${Date.now().toString(36)}-${++n}`

const actions = async (id: string) => (await auditFor(id)).map((row) => row.action)

describe('a moderator replies from the admin', () => {
  it('the API reply is approved, is_author, under the site author, rendered, and audited', async () => {
    const parent = await addComment({ status: 'approved' })
    const res = await api(`/comments/${parent.id}/reply`, {
      method: 'POST',
      body: { body: 'Thanks!\n\n> quoted\n\n- a\n- b\n\n`code`' },
    })
    expect(res.status).toBe(201)
    const { comment, approvedParent } = (await res.json()) as {
      comment: Record<string, unknown>
      approvedParent: boolean
    }
    expect(approvedParent).toBe(false)
    expect(comment).toMatchObject({
      status: 'approved',
      isAuthor: true,
      pinned: false,
      parentId: parent.id,
      depth: 1,
      authorName: 'The Author',
      authorUrl: 'https://blog.test/',
      authorEmail: '',
    })
    expect(comment.html).toContain('<blockquote>')
    expect(comment.html).toContain('<li>a</li>')
    expect(comment.html).toContain('<code>code</code>')
    const row = (await findRow(comment.id as string))!
    expect(row).toMatchObject({ isAuthor: true, status: 'approved', origin: 'form' })
    expect(row.bodyHtml).toBe(renderComment(row.body))
    expect(row.bodyHtmlVersion).toBe(RENDERER_VERSION)
    const audit = await auditFor(row.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'author-reply',
      actor: 'admin token',
      afterStatus: 'approved',
    })
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ parentId: parent.id, via: 'dashboard' })
  })

  it('answering a pending comment approves it in the same batch (audited); spam cannot be answered', async () => {
    const pending = await addComment({ status: 'pending' })
    const res = await api(`/comments/${pending.id}/reply`, {
      method: 'POST',
      body: { body: 'Welcome.' },
    })
    expect(res.status).toBe(201)
    expect(((await res.json()) as { approvedParent: boolean }).approvedParent).toBe(true)
    expect((await findRow(pending.id))!.status).toBe('approved')
    expect(await actions(pending.id)).toEqual(['approve'])

    const spam = await addComment({ status: 'spam' })
    const refused = await api(`/comments/${spam.id}/reply`, {
      method: 'POST',
      body: { body: 'No.' },
    })
    expect(refused.status).toBe(409)
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM comments WHERE parent_id = ?')
        .bind(spam.id)
        .first('n'),
    ).toBe(0)
  })

  it('refuses an empty or oversized body with 422 naming the field, and stores nothing', async () => {
    const parent = await addComment({ status: 'approved' })
    for (const body of [{ body: '   ' }, { body: 'x'.repeat(65_526) }, {}]) {
      const res = await api(`/comments/${parent.id}/reply`, { method: 'POST', body })
      expect(res.status).toBe(422)
      const json = (await res.json()) as { fields: Record<string, string> }
      expect(Object.keys(json.fields)).toEqual(['body'])
    }
    expect(
      await env.DB.prepare('SELECT count(*) AS n FROM comments WHERE parent_id = ?')
        .bind(parent.id)
        .first('n'),
    ).toBe(0)
    expect(
      (await api('/comments/nope/reply', { method: 'POST', body: { body: 'x' } })).status,
    ).toBe(404)
  })

  it('the dashboard form replies (CSRF-checked) and the essay page shows the Author badge', async () => {
    const { cookie, csrf } = await signIn()
    const parent = await addComment({ status: 'approved' })
    const forged = await formPost(
      `/admin/comments/${parent.id}/reply`,
      { csrf: 'wrong', body: 'Forged.' },
      { Cookie: cookie },
    )
    expect(forged.status).toBe(403)
    const res = await formPost(
      `/admin/comments/${parent.id}/reply`,
      { csrf, body: 'From the *desk*.', back: '/admin?status=approved' },
      { Cookie: cookie },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`/admin?status=approved#c-${parent.id}`)
    const reply = await env.DB.prepare(
      'SELECT id, body_html, is_author FROM comments WHERE parent_id = ?',
    )
      .bind(parent.id)
      .first<{ id: string; body_html: string; is_author: number }>()
    expect(reply).toMatchObject({ body_html: '<p>From the <em>desk</em>.</p>\n', is_author: 1 })
    expect((await auditFor(reply!.id))[0]).toMatchObject({
      action: 'author-reply',
      actor: 'admin (browser session)',
    })
    const page = await (await get(`/essays/${parent.essaySlug}?sort=newest`)).text()
    expect(page).toContain('From the <em>desk</em>.')
  })
})

describe('pinning one comment per essay', () => {
  it('pins, moves the pin (the old one unpinned, both audited), and unpins', async () => {
    const slug = essay()
    const a = await addComment({ status: 'approved', essaySlug: slug })
    const b = await addComment({ status: 'approved', essaySlug: slug })
    const pinA = await api(`/comments/${a.id}/pin`, { method: 'POST' })
    expect(pinA.status).toBe(200)
    expect(await pinA.json()).toEqual({ changed: true, pinned: true, unpinned: [] })
    expect((await findRow(a.id))!.pinnedAt).not.toBeNull()
    // Again: nothing changes, nothing is logged twice.
    expect(await (await api(`/comments/${a.id}/pin`, { method: 'POST' })).json()).toMatchObject({
      changed: false,
    })
    const pinB = await api(`/comments/${b.id}/pin`, { method: 'POST' })
    expect(await pinB.json()).toEqual({ changed: true, pinned: true, unpinned: [a.id] })
    expect((await findRow(a.id))!.pinnedAt).toBeNull()
    expect((await findRow(b.id))!.pinnedAt).not.toBeNull()
    expect(await actions(a.id)).toEqual(['pin', 'unpin'])
    expect(JSON.parse((await auditFor(a.id))[1]!.detail!)).toEqual({ replacedBy: b.id })
    const shown = (await (await api(`/comments/${b.id}`)).json()) as {
      comment: { pinned: boolean }
    }
    expect(shown.comment.pinned).toBe(true)
    const unpin = await api(`/comments/${b.id}/unpin`, { method: 'POST' })
    expect(await unpin.json()).toEqual({ changed: true, pinned: false })
    expect((await findRow(b.id))!.pinnedAt).toBeNull()
    expect(await actions(b.id)).toEqual(['pin', 'unpin'])
    expect(
      await env.DB.prepare(
        'SELECT count(*) AS n FROM comments WHERE essay_slug = ? AND pinned_at IS NOT NULL',
      )
        .bind(slug)
        .first('n'),
    ).toBe(0)
  })

  it('refuses to pin a reply or a comment that is not approved (409), changing nothing', async () => {
    const slug = essay()
    const root = await addComment({ status: 'approved', essaySlug: slug })
    const reply = await addComment({
      status: 'approved',
      essaySlug: slug,
      parentId: root.id,
      depth: 1,
    })
    const pending = await addComment({ status: 'pending', essaySlug: slug })
    for (const id of [reply.id, pending.id]) {
      const res = await api(`/comments/${id}/pin`, { method: 'POST' })
      expect(res.status).toBe(409)
      expect((await findRow(id))!.pinnedAt).toBeNull()
      expect(await auditFor(id)).toEqual([])
    }
  })

  it('the dashboard pin and unpin forms work and go back to the comment', async () => {
    const { cookie, csrf } = await signIn()
    const c = await addComment({ status: 'approved', essaySlug: essay() })
    const res = await formPost(`/admin/comments/${c.id}/pin`, { csrf }, { Cookie: cookie })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`/admin#c-${c.id}`)
    expect((await findRow(c.id))!.pinnedAt).not.toBeNull()
    const page = await (
      await get(`/admin?status=approved&essay=${c.essaySlug}`, { headers: { Cookie: cookie } })
    ).text()
    expect(page).toContain(`action="/admin/comments/${c.id}/unpin"`)
    await formPost(`/admin/comments/${c.id}/unpin`, { csrf }, { Cookie: cookie })
    expect((await findRow(c.id))!.pinnedAt).toBeNull()
    expect(await actions(c.id)).toEqual(['pin', 'unpin'])
  })
})

describe('the desk shows the rendered comment', () => {
  it('a row has its excerpt, the stored HTML expanding in place, the reply box and the pin', async () => {
    const { cookie } = await signIn()
    const slug = essay()
    const body = 'Look: **bold** and <b>raw</b>'
    const c = await addComment({
      status: 'approved',
      essaySlug: slug,
      body,
      bodyHtml: renderComment(body),
      bodyHtmlVersion: RENDERER_VERSION,
    })
    const html = await (
      await get(`/admin?status=approved&essay=${slug}`, { headers: { Cookie: cookie } })
    ).text()
    const item = html.slice(
      html.indexOf(`id="c-${c.id}"`),
      html.indexOf('</li>', html.indexOf(`id="c-${c.id}"`)),
    )
    expect(item).toContain('<details class="admin-text">')
    expect(item).toContain('Look: **bold** and &lt;b&gt;raw&lt;/b&gt;')
    expect(item).toContain('<strong>bold</strong> and &lt;b&gt;raw&lt;/b&gt;')
    expect(item).not.toContain('<b>raw</b>')
    expect(item).toContain(`action="/admin/comments/${c.id}/reply"`)
    expect(item).toContain(`action="/admin/comments/${c.id}/pin"`)
    expect(html).toContain('<main id="main" class="wrap wide">')
  })
})

describe('the admin edit re-renders', () => {
  it('PATCH body stores the new source and its HTML at the current renderer version', async () => {
    const c = await addComment({
      status: 'approved',
      body: 'old',
      bodyHtml: '<p>old</p>\n',
      bodyHtmlVersion: RENDERER_VERSION,
    })
    const res = await api(`/comments/${c.id}`, {
      method: 'PATCH',
      body: { body: '**new** <script>x</script>' },
    })
    expect(res.status).toBe(200)
    const json = (await res.json()) as { comment: { html: string } }
    const row = (await findRow(c.id))!
    expect(row.bodyHtml).toBe('<p><strong>new</strong> &lt;script&gt;x&lt;/script&gt;</p>\n')
    expect(row.bodyHtmlVersion).toBe(RENDERER_VERSION)
    expect(json.comment.html).toBe(row.bodyHtml)
    // A name-only edit leaves the HTML alone.
    await api(`/comments/${c.id}`, { method: 'PATCH', body: { name: 'Renamed' } })
    expect((await findRow(c.id))!.bodyHtml).toBe(row.bodyHtml)
  })
})
