import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  countsByEssay,
  countsByStatus,
  listComments,
  SEARCH_SCAN_ROWS,
  type CommentQuery,
} from '../../src/admin/store'
import { database } from '../../src/db/client'
import { addComment } from '../admin/fixtures'
import { uniq } from '../comments/helpers'

/**
 * The admin's queries at 100,000 comments: the statements are taken from the store itself (a
 * recording D1 under drizzle), so each plan checked is the plan of what the store sends.
 */
function recording() {
  const sent: Array<{ sql: string; params: unknown[] }> = []
  const d1 = new Proxy(env.DB, {
    get(target, key) {
      if (key !== 'prepare') return Reflect.get(target, key)
      return (sql: string) => {
        const statement = target.prepare(sql)
        return new Proxy(statement, {
          get(st, k) {
            if (k !== 'bind') return Reflect.get(st, k).bind(st)
            return (...params: unknown[]) => {
              sent.push({ sql, params })
              return st.bind(...params)
            }
          },
        })
      }
    },
  })
  return { db: database(d1), sent }
}

async function plan({ sql, params }: { sql: string; params: unknown[] }) {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>()
  return results.map((row) => row.detail).join('\n')
}

const FULL_SCAN = /^SCAN (comments|c)$/m

async function plansOf(query: CommentQuery) {
  const { db, sent } = recording()
  const result = await listComments(db, query)
  return { result, plans: await Promise.all(sent.map(plan)), sent }
}

describe('admin queries use their indexes (queue, search, stats)', () => {
  it('the queue (pending, newest first) reads comments_queue_idx, no full scan', async () => {
    const { plans } = await plansOf({ status: 'pending', limit: 50 })
    expect(plans).toHaveLength(1)
    expect(plans[0]).toMatch(/SEARCH comments USING INDEX comments_queue_idx \(status=\?\)/)
    expect(plans[0]).not.toMatch(FULL_SCAN)
  })

  it('every status, newest first, reads comments_created_idx in order: no sort of the table', async () => {
    const { plans } = await plansOf({ limit: 50 })
    expect(plans[0]).toMatch(/SCAN comments USING INDEX comments_created_idx/)
    expect(plans[0]).not.toMatch(/TEMP B-TREE FOR ORDER BY/)
  })

  it('a rare word: the newest rows are read in index order, then the trigram index finds the candidates', async () => {
    const { plans, sent } = await plansOf({ q: `zebra-${uniq()}`, limit: 50 })
    expect(sent).toHaveLength(2)
    // First the bounded read of the newest rows, by index (never a sort of the whole table).
    expect(plans[0]).toMatch(/USING (COVERING )?INDEX comments_created_idx/)
    expect(sent[0]!.params).toContain(SEARCH_SCAN_ROWS)
    // Then the candidates from admin_search_tri, looked up by id: no scan of comments.
    expect(plans[1]).toMatch(/SCAN admin_search_tri VIRTUAL TABLE INDEX/)
    expect(plans[1]).toMatch(/SEARCH d USING INTEGER PRIMARY KEY/)
    expect(plans[1]).toMatch(/SEARCH comments USING INDEX sqlite_autoindex_comments_1 \(id=\?\)/)
    expect(plans[1]).not.toMatch(FULL_SCAN)
  })

  it('a search with a status filter reads comments_queue_idx for the newest rows', async () => {
    const { plans } = await plansOf({ q: `zebra-${uniq()}`, status: 'spam', limit: 50 })
    expect(plans[0]).toMatch(/comments_queue_idx \(status=\?\)/)
    expect(plans[1]).not.toMatch(FULL_SCAN)
  })

  it('stats and the dashboard counts read comment_status_counts, not comments', async () => {
    const { db, sent } = recording()
    await countsByStatus(db)
    await countsByEssay(db)
    for (const text of await Promise.all(sent.map(plan))) {
      expect(text).toMatch(/comment_status_counts/)
      expect(text).not.toMatch(/\bcomments\b/)
    }
  })
})

describe('admin search through the index finds what the scan finds', () => {
  it('the same rows with the index as with the exact scan, at every status, case and short query', async () => {
    const tag = uniq('w')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'q')
    const rows = [
      await addComment({ body: `Plain ${tag} text`, status: 'approved' }),
      await addComment({ body: `Shouting ${tag.toUpperCase()} text`, status: 'spam' }),
      await addComment({ authorName: `Name ${tag}`, status: 'trash' }),
      await addComment({ authorEmail: `${tag}@example.com`, status: 'pending' }),
      await addComment({ body: `Accented É${tag}`, status: 'pending' }),
    ]
    const ids = (list: { id: string }[]) => list.map((row) => row.id).sort()
    const found = async (q: string, status?: CommentQuery['status']) =>
      ids((await listComments(database(env.DB), { q, status, limit: 50 })).rows)
    expect(await found(tag)).toEqual(ids(rows))
    expect(await found(tag.toUpperCase())).toEqual(ids(rows))
    expect(await found(tag, 'spam')).toEqual(ids([rows[1]!]))
    // lower() folds ASCII only: "é…" does not find "É…", with the index as without it.
    expect(await found(`é${tag}`)).toEqual([])
    expect(await found(`É${tag}`)).toEqual(ids([rows[4]!]))
    // An edit moves the indexed copy: the old text is gone, the new one found.
    await env.DB.prepare('UPDATE comments SET body = ? WHERE id = ?')
      .bind('rewritten entirely', rows[0]!.id)
      .run()
    expect(await found(tag)).toEqual(ids(rows.slice(1)))
    await env.DB.prepare('DELETE FROM comments WHERE id = ?').bind(rows[1]!.id).run()
    expect(await found(tag)).toEqual(ids(rows.slice(2)))
    const left = await env.DB.prepare(
      'SELECT count(*) AS n FROM admin_search_docs WHERE comment_id IN (?, ?)',
    )
      .bind(rows[0]!.id, rows[1]!.id)
      .first<{ n: number }>()
    expect(left?.n).toBe(1)
  })

  it('past the newest rows, a word only in an old comment is found through the index', async () => {
    const tag = uniq('old')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'q')
    const old = await addComment({ body: `Old ${tag}`, createdAt: 1, updatedAt: 1 })
    const { result, sent } = await plansOf({ q: tag, limit: 50 })
    expect(result.rows.map((row) => row.id)).toEqual([old.id])
    expect(sent).toHaveLength(2)
  })

  it('counts follow inserts, moderation and deletes', async () => {
    const before = await countsByStatus(database(env.DB))
    const c = await addComment({ status: 'pending' })
    await env.DB.prepare("UPDATE comments SET status = 'spam' WHERE id = ?").bind(c.id).run()
    const mid = await countsByStatus(database(env.DB))
    expect(mid.spam).toBe(before.spam + 1)
    expect(mid.pending).toBe(before.pending)
    const real = await env.DB.prepare(
      'SELECT essay_slug AS slug, status, count(*) AS n FROM comments GROUP BY essay_slug, status',
    ).all<{ slug: string; status: 'pending'; n: number }>()
    const byEssay = await countsByEssay(database(env.DB))
    for (const row of real.results) expect(byEssay.get(row.slug)?.[row.status]).toBe(row.n)
    await env.DB.prepare('DELETE FROM comments WHERE id = ?').bind(c.id).run()
    expect(await countsByStatus(database(env.DB))).toEqual(before)
  })
})
