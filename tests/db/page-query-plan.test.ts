import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { loadCommentsPage } from '../../src/comments/store'
import { uniq } from '../comments/helpers'

/**
 * The comment page's SQL is taken from loadCommentsPage itself (a recording D1 hands the statement and
 * its bindings back), so every plan here is the plan of the query the store sends: no copy to drift.
 */
async function pageQuery(slug: string, page: number | null) {
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
  const result = await loadCommentsPage(db, slug, { page })
  expect(sent).toHaveLength(1)
  return { ...sent[0]!, result }
}

/**
 * The join order the page needs: workerd's SQLite, with no statistics (D1 never runs ANALYZE by
 * itself), puts `comments c` in the outer loop of both joins with `tree`: the recursive step walks
 * every approved comment of the essay for each comment of the page, and the final join scans the whole
 * table. CROSS JOIN makes `tree` the outer loop, so each level is one seek per parent; SQLite never
 * reorders a CROSS JOIN. src/comments/store.ts writes it so; `inTreeOrder` checks the shape.
 */
const JOINS = [
  [
    'FROM comments c JOIN tree ON c.parent_id = tree.id',
    'FROM tree CROSS JOIN comments c ON c.parent_id = tree.id',
  ],
  [
    'FROM comments c JOIN tree ON tree.id = c.id',
    'FROM tree CROSS JOIN comments c ON c.id = tree.id',
  ],
] as const

function inTreeOrder(sql: string): string {
  let out = sql
  for (const [from, to] of JOINS) if (!out.includes(to)) out = out.replace(from, to)
  for (const [, to] of JOINS) expect(out, 'the page query changed shape').toContain(to)
  return out
}

interface PlanRow {
  id: number
  parent: number
  detail: string
}

async function planOf(sql: string, params: unknown[]) {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<PlanRow>()
  const text = results.map((row) => row.detail).join('\n')
  /** The plan lines directly under the first line whose detail is `label`, in order. */
  const under = (label: string) => {
    const node = results.find((row) => row.detail === label)
    expect(node, `no "${label}" in the plan:\n${text}`).toBeDefined()
    return results.filter((row) => row.parent === node!.id).map((row) => row.detail)
  }
  return { text, under }
}

/** The page follows parent_id: the assertions the store's query must meet. */
async function expectIndexedPlan(sql: string, params: unknown[]) {
  const { text, under } = await planOf(sql, params)
  // Each level: the rows of `tree` first, then one covering seek for each one's approved replies (not
  // comments_page_idx (essay_slug=? AND status=?): every approved comment of the essay, per level).
  expect(under('RECURSIVE STEP'), text).toEqual([
    'SCAN tree',
    'SEARCH c USING COVERING INDEX comments_thread_idx (essay_slug=? AND status=? AND parent_id=?)',
  ])
  // One page of top-level threads, read in created_at, id order from the same index: no sort of them all.
  expect(under('CO-ROUTINE roots'), text).toContain(
    'SEARCH comments USING COVERING INDEX comments_thread_idx (essay_slug=? AND status=? AND parent_id=?)',
  )
  expect(text).not.toMatch(/TEMP B-TREE/)
  // No full scan of the comments table anywhere (the final join once scanned it for every page).
  expect(text).not.toMatch(/^SCAN (c|comments)$/m)
  expect(text).toContain('SEARCH c USING INDEX sqlite_autoindex_comments_1 (id=?)')
}

/** A root with a reply chain `depth` deep, plus a held reply. */
async function seedThread(slug: string, createdAt: number, depth: number) {
  const insert = (id: string, parent: string | null, level: number, status: string, at: number) =>
    env.DB.prepare(
      'INSERT INTO comments (id, essay_slug, parent_id, depth, author_name, author_email, body, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).bind(id, slug, parent, level, 'Reader', 'reader@example.com', `body ${id}`, status, at, at)
  const ids = Array.from({ length: depth + 1 }, () => uniq('c'))
  const held = uniq('held')
  await env.DB.batch([
    ...ids.map((id, level) =>
      insert(id, level ? ids[level - 1]! : null, level, 'approved', createdAt + level),
    ),
    insert(held, ids[0]!, 1, 'pending', createdAt + 100),
  ])
  return { ids, held }
}

describe('the comment page query follows parent_id (100,000-comment essays stay fast)', () => {
  it('in tree-first join order, the recursive step seeks each parent in comments_thread_idx and the roots come from it in order', async () => {
    const slug = uniq('plan')
    await seedThread(slug, 1_700_000_000_000, 3)
    for (const page of [null, 1, 40]) {
      const { sql, params } = await pageQuery(slug, page)
      await expectIndexedPlan(inTreeOrder(sql), params)
    }
  })

  // Without the CROSS JOINs the planner runs the query with `comments` outside (2 s a page at
  // 100,000 comments; 2 ms in tree order): the store's own SQL must keep the tree-first order.
  it('the query loadCommentsPage sends follows parent_id (tree-first CROSS JOINs)', async () => {
    const slug = uniq('plan')
    await seedThread(slug, 1_700_000_000_000, 2)
    const { sql, params } = await pageQuery(slug, null)
    await expectIndexedPlan(sql, params)
  })

  it('the page loadCommentsPage builds, in either join order, holds every approved reply of its threads and nothing else', async () => {
    const slug = uniq('page')
    const first = await seedThread(slug, 1_700_000_000_000, 4)
    const second = await seedThread(slug, 1_700_000_100_000, 1)
    const other = await seedThread(uniq('other'), 1_700_000_000_500, 2)
    const { sql, params, result } = await pageQuery(slug, 1)
    expect(result).toMatchObject({ page: 1, pages: 1, total: 2 })
    expect(result.comments.map((c) => c.id)).toEqual([...first.ids, ...second.ids])
    expect(result.comments.map((c) => c.parentId)).toEqual([
      null,
      ...first.ids.slice(0, -1),
      null,
      second.ids[0],
    ])
    const shown = new Set(result.comments.map((c) => c.id))
    for (const hidden of [first.held, second.held, ...other.ids])
      expect(shown).not.toContain(hidden)
    // The reordered text returns exactly the same rows (the change proposed for store.ts is safe).
    const rows = async (text: string) =>
      (
        await env.DB.prepare(text)
          .bind(...params)
          .all()
      ).results
    const sorted = (list: Record<string, unknown>[]) =>
      list.map((row) => JSON.stringify(row)).sort()
    expect(sorted(await rows(inTreeOrder(sql)))).toEqual(sorted(await rows(sql)))
  })
})
