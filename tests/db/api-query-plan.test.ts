import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { type ApiStart, loadApiThreads } from '../../src/comments/store'
import { uniq } from '../comments/helpers'

/**
 * The JSON API's query, taken from loadApiThreads itself (a recording D1 hands back the statement and
 * its bindings), so the plan checked is the plan of what the store sends. At 100,000 comments the
 * OFFSET of `?page=` and a count over every root made page 400 cost 1.7x page 1; a cursor is a keyset
 * seek and the total a counter row.
 */
async function apiQuery(slug: string, start: ApiStart) {
  const sent: Array<{ sql: string; params: unknown[] }> = []
  const db = {
    prepare(sql: string) {
      const statement = env.DB.prepare(sql)
      return {
        bind(...params: unknown[]) {
          sent.push({ sql, params })
          return statement.bind(...params)
        },
      } as unknown as D1PreparedStatement
    },
  }
  const result = await loadApiThreads(db, slug, start)
  expect(sent).toHaveLength(1)
  return { ...sent[0]!, result }
}

async function plan(sql: string, params: unknown[]) {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>()
  return results.map((row) => row.detail).join('\n')
}

async function seedRoots(slug: string, n: number, at = 1_700_000_000_000) {
  const ids = Array.from({ length: n }, (_, i) => `${uniq('r')}-${String(i).padStart(3, '0')}`)
  const insert = (id: string, parent: string | null, status: string, time: number) =>
    env.DB.prepare(
      'INSERT INTO comments (id, essay_slug, parent_id, depth, author_name, author_email, body, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).bind(id, slug, parent, parent ? 1 : 0, 'Reader', 'r@example.com', 'body', status, time, time)
  // Every root at the same time as its neighbour: the cursor must order by id within a created_at.
  await env.DB.batch(ids.map((id, i) => insert(id, null, 'approved', at + Math.floor(i / 2))))
  return { ids, insert }
}

describe('the comments API query (100,000-comment essays stay fast at any depth)', () => {
  it('a cursor seeks the roots in comments_thread_idx by (created_at, id): no OFFSET, no sort, no count over the roots', async () => {
    const slug = uniq('apiplan')
    await seedRoots(slug, 3)
    const { sql, params } = await apiQuery(slug, { after: { createdAt: 1, id: 'a' } })
    const text = await plan(sql, params)
    expect(sql).not.toMatch(/OFFSET/)
    expect(text).toContain(
      'SEARCH comments USING COVERING INDEX comments_thread_idx (essay_slug=? AND status=? AND parent_id=? AND (created_at,id)>(?,?))',
    )
    expect(text).toContain(
      'SEARCH c USING COVERING INDEX comments_thread_idx (essay_slug=? AND status=? AND parent_id=?)',
    )
    expect(text).toContain(
      'SEARCH comment_thread_counts USING INDEX sqlite_autoindex_comment_thread_counts_1 (essay_slug=?)',
    )
    expect(text).not.toMatch(/TEMP B-TREE FOR ORDER BY|^SCAN (c|comments)$/m)
  })

  it('following next walks every thread once, in order, ties on created_at broken by id', async () => {
    const slug = uniq('apiwalk')
    const { ids } = await seedRoots(slug, 123)
    const seen: string[] = []
    let start: ApiStart = { page: 1 }
    for (let step = 0; step < 10; step++) {
      const { result } = await apiQuery(slug, start)
      expect(result.total).toBe(123)
      seen.push(...result.comments.map((c) => c.id))
      if (!result.last) break
      start = { after: result.last }
    }
    expect(seen).toEqual(ids)
  })
})
