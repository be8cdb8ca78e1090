import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { addComment, api, db } from '../admin/fixtures'
import { comments } from '../../src/db/schema'
import { eq } from 'drizzle-orm'
import { search, word } from './helpers'

const indexed = async (id: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM search_comment_docs WHERE comment_id = ?`)
    .bind(id)
    .first<{ n: number }>())!.n

describe('comments enter and leave the index with their status (triggers)', () => {
  it('never finds a held comment; finds it once approved; loses it on spam, trash and delete', async () => {
    const term = word('lifecycle')
    const row = await addComment({ status: 'pending', body: `held ${term}` })
    expect((await search(term)).hits).toHaveLength(0)
    for (const [status, found] of [
      ['approved', 1],
      ['spam', 0],
      ['approved', 1],
      ['trash', 0],
      ['approved', 1],
      ['pending', 0],
    ] as const) {
      await db().update(comments).set({ status }).where(eq(comments.id, row.id))
      expect((await search(term)).hits, status).toHaveLength(found)
      expect(await indexed(row.id)).toBe(found)
    }
    await db().update(comments).set({ status: 'approved' }).where(eq(comments.id, row.id))
    await db().delete(comments).where(eq(comments.id, row.id))
    expect((await search(term)).hits).toHaveLength(0)
    expect(await indexed(row.id)).toBe(0)
  })

  it('follows an edited body and name, and indexes neither email, IP hash nor user agent', async () => {
    const [before, after, secret] = [word('before'), word('after'), word('secret')]
    const row = await addComment({
      status: 'approved',
      body: `text ${before}`,
      authorEmail: `${secret}@example.com`,
      ipHash: secret,
      userAgent: secret,
    })
    expect((await search(before)).hits).toHaveLength(1)
    expect((await search(secret)).hits).toHaveLength(0)
    await db()
      .update(comments)
      .set({ body: `text ${after}`, authorName: after })
      .where(eq(comments.id, row.id))
    expect((await search(before)).hits).toHaveLength(0)
    expect((await search(after)).hits).toHaveLength(1)
  })

  it('through the real admin API: approve, spam, restore, trash, delete', async () => {
    const term = word('viaapi')
    const row = await addComment({ status: 'pending', body: `moderated ${term}` })
    for (const [method, path, found] of [
      ['POST', 'approve', 1],
      ['POST', 'spam', 0],
      ['POST', 'restore', 1],
      ['POST', 'trash', 0],
      // Deleting for good is allowed from the trash only.
      ['DELETE', '', 0],
    ] as const) {
      const res = await api(`/comments/${row.id}${path ? `/${path}` : ''}`, { method })
      expect(res.status, path).toBe(200)
      expect((await search(term)).hits, `${method} ${path}`).toHaveLength(found)
    }
  })
})
