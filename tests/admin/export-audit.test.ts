import { env } from 'cloudflare:test'
import { count, gt } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, comments } from '../../src/db/schema'
import { get } from '../helpers/http'
import { addComment, bearer, db } from './fixtures'

/** The full comment export hands out every email: each one leaves an audit row (who, format, how many). */

const lastAuditId = async () =>
  (await db().select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id).all()).at(-1)?.id ?? 0

describe('GET /api/admin/export/comments is audited', () => {
  it('writes one audit row naming the actor, the format and the number of comments exported', async () => {
    await addComment()
    await addComment({ status: 'approved' })
    for (const format of ['json', 'wxr'] as const) {
      const before = await lastAuditId()
      const { n } = (await db().select({ n: count() }).from(comments).get())!
      const res = await get(`/api/admin/export/comments?format=${format}`, { headers: bearer() })
      expect(res.status).toBe(200)
      await res.text()
      const rows = await db().select().from(auditLog).where(gt(auditLog.id, before))
      expect(rows, format).toMatchObject([
        { actor: 'admin token', action: 'export', commentId: null },
      ])
      expect(JSON.parse(rows[0]!.detail!), format).toEqual({
        export: 'all comments',
        format,
        comments: n,
      })
    }
  })

  it('writes no audit row for a refused export', async () => {
    const before = await lastAuditId()
    expect((await get('/api/admin/export/comments?format=csv', { headers: bearer() })).status).toBe(
      400,
    )
    expect(
      (
        await get('/api/admin/export/comments', {
          headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}-wrong` },
        })
      ).status,
    ).toBe(401)
    expect(await db().select().from(auditLog).where(gt(auditLog.id, before))).toEqual([])
  })
})
