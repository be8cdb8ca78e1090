/** commentCounts (src/comments/counts.tsx): one grouped query for a listing's essays. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { CommentCount, commentCounts } from '../../src/comments/counts'
import { uniq } from './helpers'

describe('commentCounts', () => {
  it('counts approved comments (replies included) per essay, in one query; nothing for others', async () => {
    const [a, b, none] = [uniq('essay-a'), uniq('essay-b'), uniq('essay-none')]
    const row = (slug: string, status: string, parent: string | null = null) => {
      const id = uniq('c')
      return env.DB.prepare(
        `INSERT INTO comments (id, essay_slug, parent_id, author_name, author_email, body, status, created_at, updated_at)
         VALUES (?, ?, ?, 'N', 'n@example.com', ?, ?, 1, 1)`,
      ).bind(id, slug, parent, `b ${id}`, status)
    }
    await env.DB.batch([
      row(a, 'approved'),
      row(a, 'approved', 'x'),
      row(a, 'pending'),
      row(a, 'spam'),
      row(b, 'approved'),
      row(b, 'trash'),
    ])
    const prepared: string[] = []
    const prepare = env.DB.prepare.bind(env.DB)
    const counting = {
      ...env,
      DB: {
        withSession: () => ({
          prepare: (sql: string) => (prepared.push(sql), prepare(sql)),
        }),
      } as unknown as D1Database,
    }
    const counts = await commentCounts(counting, [a, b, none])
    expect(prepared).toHaveLength(1)
    expect([...counts.entries()].sort()).toEqual([
      [a, 2],
      [b, 1],
    ])
    expect(await commentCounts(env, [])).toEqual(new Map())
  })

  it('shows "N comments" linked to the thread, nothing for zero', () => {
    expect(String(<CommentCount slug="x" count={12} />)).toBe(
      '<a class="comment-count" href="/essays/x#comments">12 comments</a>',
    )
    expect(String(<CommentCount slug="x" count={1} />)).toContain('>1 comment<')
    expect(String(<CommentCount slug="x" count={0} />)).toBe('')
  })
})
