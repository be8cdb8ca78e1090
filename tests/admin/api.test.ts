import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { SEED_SLUG } from '../helpers/http'
import { addComment, api, auditFor, findRow } from './fixtures'

type Listed = {
  id: string
  status: string
  authorEmail: string
  ipHash: string | null
  userAgent: string | null
  parent: { id: string; excerpt: string } | null
  spamSignals: unknown
  essay: { slug: string; title: string }
}

describe('GET /api/admin/comments', () => {
  it('lists newest first with what moderators need, filtered by status, essay and search', async () => {
    const word = `zebra${Date.now()}`
    const parent = await addComment({ status: 'approved', body: `The parent ${word}-parent` })
    const older = await addComment({
      body: `older ${word}`,
      spamSignals: JSON.stringify({ links: 3, words: ['casino'] }),
    })
    const newer = await addComment({ body: `newer ${word}`, parentId: parent.id, depth: 1 })
    await addComment({ status: 'spam', body: `spammy ${word}` })

    const res = await api(`/comments?status=pending&q=${word}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const { comments, nextCursor } = (await res.json()) as {
      comments: Listed[]
      nextCursor: string | null
    }
    expect(comments.map((c) => c.id)).toEqual([newer.id, older.id])
    expect(nextCursor).toBeNull()
    expect(comments[0]).toMatchObject({
      authorEmail: newer.authorEmail,
      ipHash: newer.ipHash,
      userAgent: 'TestBrowser/1.0',
      parent: { id: parent.id },
      essay: { slug: SEED_SLUG, title: 'Management Versus Leadership' },
    })
    expect(comments[0]!.parent!.excerpt).toContain(`${word}-parent`)
    expect(comments[1]!.spamSignals).toEqual({ links: 3, words: ['casino'] })

    const bySlug = (await (await api(`/comments?essay=no-such-essay&q=${word}`)).json()) as {
      comments: Listed[]
    }
    expect(bySlug.comments).toEqual([])
    const all = (await (await api(`/comments?q=${word}`)).json()) as { comments: Listed[] }
    expect(all.comments).toHaveLength(4)
  })

  it('searches name and email too, treating % and _ literally', async () => {
    const a = await addComment({ authorName: 'Ada 100%_sure' })
    await addComment({ authorName: 'Ada 100xysure' })
    const byName = (await (await api(`/comments?q=${encodeURIComponent('100%_sure')}`)).json()) as {
      comments: Listed[]
    }
    expect(byName.comments.map((c) => c.id)).toEqual([a.id])
    const byEmail = (await (
      await api(`/comments?q=${encodeURIComponent(a.authorEmail)}`)
    ).json()) as { comments: Listed[] }
    expect(byEmail.comments.map((c) => c.id)).toEqual([a.id])
  })

  it('pages with an opaque cursor, without gaps or repeats', async () => {
    const word = `pager${Date.now()}`
    const made = []
    for (let i = 0; i < 5; i++) made.push(await addComment({ body: `${word} ${i}` }))
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await api(`/comments?q=${word}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      const page = (await res.json()) as { comments: Listed[]; nextCursor: string | null }
      expect(page.comments.length).toBeLessThanOrEqual(2)
      seen.push(...page.comments.map((c) => c.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(made.map((c) => c.id).reverse())
  })

  it('answers 400 naming the parameter for junk', async () => {
    for (const [query, name] of [
      ['status=published', 'status'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      ['essay=Bad%20Slug', 'essay'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ] as const) {
      const res = await api(`/comments?${query}`)
      expect(res.status, query).toBe(400)
      expect(((await res.json()) as { error: string }).error, query).toContain(name)
    }
  })
})

describe('moderation actions', () => {
  it('approve, spam, trash and restore move the comment and write an audit row each', async () => {
    const c = await addComment({ status: 'approved' })
    let res = await api(`/comments/${c.id}/spam`, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      changed: true,
      comment: { status: 'spam', previousStatus: 'approved' },
    })
    res = await api(`/comments/${c.id}/trash`, { method: 'POST' })
    expect(await findRow(c.id)).toMatchObject({ status: 'trash', previousStatus: 'approved' })
    res = await api(`/comments/${c.id}/restore`, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(await findRow(c.id)).toMatchObject({ status: 'approved', previousStatus: null })
    res = await api(`/comments/${c.id}/approve`, { method: 'POST' })
    expect(await res.json()).toMatchObject({ changed: false })

    const audit = await auditFor(c.id)
    expect(audit.map((a) => [a.action, a.beforeStatus, a.afterStatus, a.actor])).toEqual([
      ['spam', 'approved', 'spam', 'admin token'],
      ['trash', 'spam', 'trash', 'admin token'],
      ['restore', 'trash', 'approved', 'admin token'],
    ])
  })

  it('restores to pending when the comment never had another status', async () => {
    const c = await addComment({ status: 'spam' })
    expect((await api(`/comments/${c.id}/restore`, { method: 'POST' })).status).toBe(200)
    expect((await findRow(c.id))!.status).toBe('pending')
  })

  it('refuses restore outside spam/trash with 409 and changes nothing', async () => {
    const c = await addComment()
    const res = await api(`/comments/${c.id}/restore`, { method: 'POST' })
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: string }).error).toContain(c.id)
    expect((await findRow(c.id))!.status).toBe('pending')
    expect(await auditFor(c.id)).toEqual([])
  })

  it('answers 404 for unknown ids and unknown actions', async () => {
    expect((await api('/comments/nope-nope/approve', { method: 'POST' })).status).toBe(404)
    expect((await api('/comments/nope-nope')).status).toBe(404)
    const c = await addComment()
    const res = await api(`/comments/${c.id}/publish`, { method: 'POST' })
    expect(res.status).toBe(404)
    expect(await auditFor(c.id)).toEqual([])
  })

  it('PATCH edits body, name and website with the readers’ rules, and audits the fields', async () => {
    const c = await addComment({ status: 'approved' })
    let res = await api(`/comments/${c.id}`, {
      method: 'PATCH',
      body: {
        body: '  Fixed typo\r\nsecond line  ',
        name: 'Ada L.',
        website: 'https://ada.example',
      },
    })
    expect(res.status).toBe(200)
    expect(await findRow(c.id)).toMatchObject({
      body: 'Fixed typo\nsecond line',
      authorName: 'Ada L.',
      authorUrl: 'https://ada.example',
      status: 'approved',
    })
    const audit = await auditFor(c.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'edit',
      beforeStatus: 'approved',
      afterStatus: 'approved',
    })
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ fields: ['body', 'authorName', 'authorUrl'] })

    res = await api(`/comments/${c.id}`, { method: 'PATCH', body: { website: '' } })
    expect(res.status).toBe(200)
    expect((await findRow(c.id))!.authorUrl).toBeNull()

    for (const [body, status, word] of [
      [{ body: '   ' }, 422, 'body'],
      [{ website: 'javascript:alert(1)' }, 422, 'website'],
      [{ name: 'x'.repeat(246) }, 422, 'name'],
      [{ email: 'new@example.com' }, 400, 'email'],
      [{}, 400, 'body'],
      [[1], 400, 'object'],
    ] as const) {
      const bad = await api(`/comments/${c.id}`, { method: 'PATCH', body })
      expect(bad.status, JSON.stringify(body)).toBe(status)
      expect(((await bad.json()) as { error: string }).error).toContain(word)
    }
    const junk = await api(`/comments/${c.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: undefined,
    })
    expect(junk.status).toBe(400)
    expect((await findRow(c.id))!.authorUrl).toBeNull()
    expect(await auditFor(c.id)).toHaveLength(2)
    expect(
      (await api('/comments/nope-nope', { method: 'PATCH', body: { body: 'x' } })).status,
    ).toBe(404)
  })

  it('DELETE removes a comment only from the trash', async () => {
    const c = await addComment()
    let res = await api(`/comments/${c.id}`, { method: 'DELETE' })
    expect(res.status).toBe(409)
    expect(await findRow(c.id)).toBeDefined()
    await api(`/comments/${c.id}/trash`, { method: 'POST' })
    res = await api(`/comments/${c.id}`, { method: 'DELETE' })
    expect(res.status).toBe(200)
    expect(await findRow(c.id)).toBeUndefined()
    expect((await auditFor(c.id)).map((a) => [a.action, a.beforeStatus, a.afterStatus])).toEqual([
      ['trash', 'pending', 'trash'],
      ['delete', 'trash', null],
    ])
    expect((await api(`/comments/${c.id}`, { method: 'DELETE' })).status).toBe(404)
  })

  it('DELETE moves the replies of a deleted comment up to its parent, so they stay on the page', async () => {
    const root = await addComment({ status: 'approved' })
    const middle = await addComment({ status: 'trash', parentId: root.id, depth: 1 })
    const reply = await addComment({ status: 'approved', parentId: middle.id, depth: 2 })
    expect((await api(`/comments/${middle.id}`, { method: 'DELETE' })).status).toBe(200)
    expect(await findRow(reply.id)).toMatchObject({ parentId: root.id, depth: 1 })

    const top = await addComment({ status: 'trash' })
    const child = await addComment({ status: 'trash', parentId: top.id, depth: 1 })
    const grandchild = await addComment({ status: 'approved', parentId: child.id, depth: 2 })
    expect(
      (
        await api('/comments/bulk', {
          method: 'POST',
          body: { ids: [top.id, child.id], action: 'delete' },
        })
      ).status,
    ).toBe(200)
    expect(await findRow(grandchild.id)).toMatchObject({ parentId: null, depth: 0 })
  })
})

describe('POST /api/admin/comments/bulk', () => {
  it('applies one action to up to 200 comments in one batch, with an audit row each', async () => {
    const made = await Promise.all(
      Array.from({ length: 200 }, (_, i) => addComment({ body: `bulk ${i}` })),
    )
    const res = await api('/comments/bulk', {
      method: 'POST',
      body: { ids: made.map((c) => c.id), action: 'approve' },
    })
    expect(res.status).toBe(200)
    const result = (await res.json()) as { changed: string[]; unchanged: string[] }
    expect(result.changed).toHaveLength(200)
    for (const c of [made[0]!, made[199]!]) {
      expect((await findRow(c.id))!.status).toBe('approved')
      expect(await auditFor(c.id)).toMatchObject([
        { action: 'approve', beforeStatus: 'pending', afterStatus: 'approved' },
      ])
    }
  })

  it('is all or nothing: one unknown id → 404 naming it, nothing changed, no audit rows', async () => {
    const a = await addComment()
    const b = await addComment()
    const res = await api('/comments/bulk', {
      method: 'POST',
      body: { ids: [a.id, 'missing-id-123', b.id], action: 'spam' },
    })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: string }).error).toContain('missing-id-123')
    for (const c of [a, b]) {
      expect((await findRow(c.id))!.status).toBe('pending')
      expect(await auditFor(c.id)).toEqual([])
    }
  })

  it('is all or nothing for an action that does not apply to one of them (409)', async () => {
    const a = await addComment({ status: 'spam' })
    const b = await addComment({ status: 'pending' })
    const res = await api('/comments/bulk', {
      method: 'POST',
      body: { ids: [a.id, b.id], action: 'restore' },
    })
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: string }).error).toContain(b.id)
    expect((await findRow(a.id))!.status).toBe('spam')
  })

  it('skips comments already in the target status', async () => {
    const a = await addComment({ status: 'trash' })
    const b = await addComment()
    const res = await api('/comments/bulk', {
      method: 'POST',
      body: { ids: [a.id, b.id], action: 'trash' },
    })
    expect(await res.json()).toEqual({ action: 'trash', changed: [b.id], unchanged: [a.id] })
    expect(await auditFor(a.id)).toEqual([])
  })

  it('validates ids and action', async () => {
    const a = await addComment()
    for (const body of [
      { ids: [a.id], action: 'publish' },
      { ids: [], action: 'approve' },
      { ids: Array.from({ length: 201 }, (_, i) => `id${i}`), action: 'approve' },
      { ids: [a.id, a.id], action: 'approve' },
      { ids: [1], action: 'approve' },
      { ids: a.id, action: 'approve' },
    ]) {
      expect(
        (await api('/comments/bulk', { method: 'POST', body })).status,
        JSON.stringify(body).slice(0, 60),
      ).toBe(400)
    }
    expect((await findRow(a.id))!.status).toBe('pending')
  })
})

describe('GET /api/admin/stats', () => {
  it('counts comments per status and essay, and share clicks per essay and network', async () => {
    const before = (await (await api('/stats')).json()) as {
      comments: { byStatus: Record<string, number> }
    }
    await addComment({ status: 'spam' })
    await env.DB.prepare(
      'INSERT INTO share_clicks (essay_slug, network, day, count) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count',
    )
      .bind(SEED_SLUG, 'bluesky', '2024-02-02', 3)
      .run()
    const res = await api('/stats')
    expect(res.status).toBe(200)
    const stats = (await res.json()) as {
      comments: { byStatus: Record<string, number>; byEssay: { slug: string; spam: number }[] }
      shares: {
        total: number
        byEssay: { slug: string; total: number; networks: Record<string, number> }[]
      }
    }
    expect(stats.comments.byStatus.spam).toBe(before.comments.byStatus.spam! + 1)
    expect(stats.comments.byStatus.total).toBe(
      Object.entries(stats.comments.byStatus)
        .filter(([k]) => k !== 'total')
        .reduce((s, [, n]) => s + n, 0),
    )
    expect(stats.comments.byEssay.find((e) => e.slug === SEED_SLUG)!.spam).toBeGreaterThan(0)
    expect(
      stats.shares.byEssay.find((e) => e.slug === SEED_SLUG)!.networks.bluesky,
    ).toBeGreaterThanOrEqual(3)
  })
})

describe('export and erase', () => {
  it('exports everything stored for one email, and logs that it did', async () => {
    const email = `privacy-${Date.now()}@example.com`
    const a = await addComment({ authorEmail: email, authorUrl: 'https://me.example' })
    const b = await addComment({ authorEmail: email, status: 'approved' })
    await addComment()
    const res = await api(`/export?email=${encodeURIComponent(email.toUpperCase())}`)
    expect(res.status).toBe(200)
    const data = (await res.json()) as {
      email: string
      comments: { id: string; authorEmail: string; ipHash: string; body: string }[]
    }
    expect(data.comments.map((c) => c.id)).toEqual([a.id, b.id])
    expect(data.comments[0]).toMatchObject({ authorEmail: email, ipHash: a.ipHash, body: a.body })
    const audit = (await (await api('/audit?limit=5')).json()) as {
      entries: { action: string; detail: unknown }[]
    }
    expect(audit.entries.find((e) => e.action === 'export')).toMatchObject({
      detail: { comments: 2 },
    })
    expect((await api('/export')).status).toBe(400)
    expect((await api('/export?email=not-an-email')).status).toBe(400)
  })

  it('erases: anonymises all their comments in one batch, keeps bodies, audits each', async () => {
    const email = `erase-${Date.now()}@example.com`
    const a = await addComment({
      authorEmail: email,
      authorUrl: 'https://me.example',
      status: 'approved',
    })
    const b = await addComment({ authorEmail: email })
    const other = await addComment()
    const res = await api('/erase', { method: 'POST', body: { email } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ erased: 2 })
    for (const c of [a, b]) {
      expect(await findRow(c.id)).toMatchObject({
        authorName: 'Anonymous',
        authorEmail: '',
        authorUrl: null,
        ipHash: null,
        userAgent: null,
        body: c.body,
        status: c.status,
      })
      expect(await auditFor(c.id)).toMatchObject([{ action: 'erase', actor: 'admin token' }])
    }
    expect(await findRow(other.id)).toMatchObject({
      authorEmail: other.authorEmail,
      ipHash: other.ipHash,
    })
    const again = (await (await api(`/export?email=${encodeURIComponent(email)}`)).json()) as {
      comments: unknown[]
    }
    expect(again.comments).toEqual([])
    expect(await (await api('/erase', { method: 'POST', body: { email } })).json()).toMatchObject({
      erased: 0,
    })
    expect((await api('/erase', { method: 'POST', body: {} })).status).toBe(400)
    expect((await api('/erase', { method: 'POST', body: { email: '' } })).status).toBe(400)
  })
})

describe('GET /api/admin/audit', () => {
  it('lists entries newest first, by comment, with a cursor', async () => {
    const c = await addComment()
    await api(`/comments/${c.id}/spam`, { method: 'POST' })
    await api(`/comments/${c.id}/restore`, { method: 'POST' })
    await api(`/comments/${c.id}/approve`, { method: 'POST' })
    const first = (await (await api(`/audit?comment=${c.id}&limit=2`)).json()) as {
      entries: { action: string; at: string }[]
      nextCursor: string
    }
    expect(first.entries.map((e) => e.action)).toEqual(['approve', 'restore'])
    expect(first.entries[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT/)
    const second = (await (
      await api(`/audit?comment=${c.id}&limit=2&cursor=${first.nextCursor}`)
    ).json()) as { entries: { action: string }[]; nextCursor: string | null }
    expect(second.entries.map((e) => e.action)).toEqual(['spam'])
    expect(second.nextCursor).toBeNull()
    expect((await api('/audit?cursor=abc')).status).toBe(400)
    expect((await api('/audit?limit=1000')).status).toBe(400)
  })
})
