import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { encodeApiCursor } from '../../src/comments/api'
import { get } from '../helpers/http'
import { SEED_SLUG, uniq } from './helpers'

interface ApiPage {
  page: number | null
  pages: number
  threads: number
  next: string | null
  comments: { id: string; parentId: string | null; replies: unknown[] }[]
}

const api = (query = '') => get(`/api/essays/${SEED_SLUG}/comments${query}`)

const insert = (id: string, slug: string, parent: string | null, status: string, at: number) =>
  env.DB.prepare(
    'INSERT INTO comments (id, essay_slug, parent_id, depth, author_name, author_email, body, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).bind(id, slug, parent, parent ? 1 : 0, 'Reader', 'r@example.com', `body ${id}`, status, at, at)

async function counted(slug: string) {
  const row = await env.DB.prepare(
    `SELECT (SELECT threads FROM comment_thread_counts WHERE essay_slug = ?1) AS kept,
            (SELECT count(*) FROM comments WHERE essay_slug = ?1 AND status = 'approved' AND parent_id IS NULL) AS real`,
  )
    .bind(slug)
    .first<{ kept: number | null; real: number }>()
  return row!
}

describe('GET /api/essays/:slug/comments with a cursor', () => {
  it('next leads through every thread exactly once (a reply stays under its thread), then is null', async () => {
    const at = Date.now() - 1e9
    const roots = Array.from({ length: 120 }, () => uniq('root'))
    await env.DB.batch([
      ...roots.map((id, i) => insert(id, SEED_SLUG, null, 'approved', at + i)),
      insert(uniq('reply'), SEED_SLUG, roots[60]!, 'approved', at + 500),
      insert(uniq('held'), SEED_SLUG, null, 'pending', at + 3),
    ])
    const first = (await (await api()).json()) as ApiPage
    expect(first.page).toBe(1)
    expect(first.next).toEqual(expect.any(String))
    const seen: string[] = first.comments.map((c) => c.id)
    let next = first.next
    for (let i = 0; next && i < 100; i++) {
      const res = await api(`?cursor=${next}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('Cache-Control')).toMatch(/public/)
      const data = (await res.json()) as ApiPage
      expect(data.page).toBeNull()
      expect(data.threads).toBe(first.threads)
      expect(data.comments.length).toBeLessThanOrEqual(50)
      seen.push(...data.comments.map((c) => c.id))
      next = data.next
    }
    expect(next).toBeNull()
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toHaveLength(first.threads)
    for (const id of roots) expect(seen).toContain(id)
    expect(first.pages).toBe(Math.ceil(first.threads / 50))
  })

  it('400 naming the cursor for one it did not give out; 400 for page and cursor together; never a 500', async () => {
    const bad = [
      'nope!',
      'x'.repeat(401),
      encodeURIComponent(btoa('not json')),
      btoa(JSON.stringify({ createdAt: 1, id: 'a' })).replace(/=+$/, ''),
      encodeApiCursor({ createdAt: -1, id: 'a' }),
      encodeApiCursor({ createdAt: 1, id: 'has space' }),
      btoa(JSON.stringify([1.5, 'a'])).replace(/=+$/, ''),
      btoa(JSON.stringify([1, 'a', 'b'])).replace(/=+$/, ''),
      '',
    ]
    for (const cursor of bad) {
      const res = await api(`?cursor=${cursor}`)
      expect(res.status, cursor).toBe(400)
      expect(((await res.json()) as { error: string }).error).toMatch(/^cursor is not one/)
    }
    const both = await api(`?page=1&cursor=${encodeApiCursor({ createdAt: 1, id: 'a' })}`)
    expect(both.status).toBe(400)
    expect(((await both.json()) as { error: string }).error).toBe('Send page or cursor, not both.')
  })

  it('a cursor past the last thread answers no comments and no next', async () => {
    const res = await api(`?cursor=${encodeApiCursor({ createdAt: 8e15, id: 'zzz' })}`)
    expect(res.status).toBe(200)
    const data = (await res.json()) as ApiPage
    expect(data.comments).toEqual([])
    expect(data.next).toBeNull()
  })
})

describe('comment_thread_counts (migration 0005) follows every way a thread comes and goes', () => {
  it('insert, approve, reply, spam, re-parent, move essay, delete: the kept count equals a real count', async () => {
    const slug = uniq('count')
    const other = uniq('count-other')
    const [a, b, c, r] = [uniq('a'), uniq('b'), uniq('c'), uniq('r')]
    const steps = [
      () => insert(a, slug, null, 'approved', 1).run(),
      () => insert(b, slug, null, 'pending', 2).run(),
      () => insert(r, slug, a, 'approved', 3).run(),
      () => env.DB.prepare("UPDATE comments SET status = 'approved' WHERE id = ?").bind(b).run(),
      () => insert(c, slug, null, 'approved', 4).run(),
      () => env.DB.prepare("UPDATE comments SET status = 'spam' WHERE id = ?").bind(a).run(),
      () => env.DB.prepare("UPDATE comments SET status = 'approved' WHERE id = ?").bind(a).run(),
      () => env.DB.prepare('UPDATE comments SET parent_id = NULL WHERE id = ?').bind(r).run(),
      () => env.DB.prepare('UPDATE comments SET parent_id = ? WHERE id = ?').bind(a, c).run(),
      () => env.DB.prepare('UPDATE comments SET essay_slug = ? WHERE id = ?').bind(other, b).run(),
      () => env.DB.prepare("UPDATE comments SET body = 'edited' WHERE id = ?").bind(a).run(),
      () => env.DB.prepare('DELETE FROM comments WHERE id = ?').bind(r).run(),
      () => env.DB.prepare('DELETE FROM comments WHERE id = ?').bind(c).run(),
    ]
    const kept: number[] = []
    for (const step of steps) {
      await step()
      const now = await counted(slug)
      expect(now.kept ?? 0).toBe(now.real)
      kept.push(now.real)
      const moved = await counted(other)
      expect(moved.kept ?? 0).toBe(moved.real)
    }
    // The sequence really moved the count both ways (the test would pass vacuously at a constant 0).
    expect(kept).toEqual([1, 1, 1, 2, 3, 2, 3, 4, 3, 2, 2, 1, 1])
  })
})
