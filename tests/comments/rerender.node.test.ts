/**
 * `npm run comments:rerender` (scripts/comments/rerender.ts): the SQL it emits, and one run over a
 * throwaway local D1 (wrangler --persist-to), as the command does.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyMigrations, executeStatements, query } from '../../scripts/porting/d1.ts'
import {
  CHUNK_BYTES,
  chunks,
  rerenderAll,
  rerenderStatements,
} from '../../scripts/comments/rerender.ts'
import { renderComment, RENDERER_VERSION } from '../../src/lib/comment-markdown.ts'

describe('the statements', () => {
  it('store the HTML and the version, guarded by updated_at, quotes doubled', () => {
    const [sql, ...rest] = rerenderStatements({ id: 'c1', body: "it's *so*", updated_at: 42 })
    expect(rest).toEqual([])
    expect(sql).toBe(
      `UPDATE comments SET body_html = '<p>it''s <em>so</em></p>\n', body_html_version = ${RENDERER_VERSION} WHERE id = 'c1' AND updated_at = 42;`,
    )
  })

  it('write HTML longer than one statement in pieces, the version only with the last', () => {
    const body = '<'.repeat(60_000) // 240,000 bytes of &lt;
    const statements = rerenderStatements({ id: 'big', body, updated_at: 1 })
    expect(statements.length).toBeGreaterThan(2)
    for (const sql of statements) expect(Buffer.byteLength(sql)).toBeLessThan(100_000)
    expect(statements[0]).toMatch(/^UPDATE comments SET body_html = '<p>&lt;/)
    expect(statements[1]).toMatch(/^UPDATE comments SET body_html = body_html \|\| '/)
    expect(statements.slice(0, -1).every((s) => s.includes('body_html_version = NULL'))).toBe(true)
    expect(statements.at(-1)).toContain(`body_html_version = ${RENDERER_VERSION} `)
  })

  it('never split a surrogate pair', () => {
    const text = 'a' + '😀'.repeat(50_000)
    const parts = chunks(text, CHUNK_BYTES)
    expect(parts.join('')).toBe(text)
    for (const part of parts) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(CHUNK_BYTES)
      expect(part).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/)
    }
  })
})

describe('a run over a local D1', () => {
  it('renders every stale row (no HTML, an older version), leaves current ones, in batches', async () => {
    const persistTo = await mkdtemp(join(tmpdir(), 'edge-blog-rerender-'))
    await applyMigrations({ persistTo })
    const row = (id: string, body: string, html: string | null, version: number | null) =>
      `INSERT INTO comments (id, essay_slug, author_name, author_email, body, created_at, updated_at, body_html, body_html_version) VALUES ('${id}', 'e', 'A', 'a@example.com', '${body.replace(/'/g, "''")}', 1, 7, ${html === null ? 'NULL' : `'${html}'`}, ${version ?? 'NULL'});`
    const big = '`'.repeat(10) + ' <x> '.repeat(15_000) // 75 KB of source, about 165 KB of HTML
    await executeStatements(
      [
        row('r1', '> quoted\n\n- a list', null, null),
        row('r2', '*older* renderer', '<p>old</p>', RENDERER_VERSION - 1),
        row('r3', 'current', '<p>kept as stored</p>', RENDERER_VERSION),
        row('r4', big, null, null),
        row('r5', "it's `code`", null, null),
      ],
      { persistTo },
    )
    const progress: Array<[number, number]> = []
    const done = await rerenderAll(
      { persistTo },
      { batchSize: 2, onProgress: (n, total) => progress.push([n, total]) },
    )
    expect(done).toBe(4)
    expect(progress).toEqual([
      [0, 4],
      [2, 4],
      [4, 4],
    ])
    const rows = await query<{ id: string; body: string; body_html: string; v: number }>(
      'SELECT id, body, body_html, body_html_version AS v FROM comments ORDER BY id',
      { persistTo },
    )
    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const id of ['r1', 'r2', 'r4', 'r5']) {
      expect(byId.get(id)!.body_html, id).toBe(renderComment(byId.get(id)!.body))
      expect(byId.get(id)!.v, id).toBe(RENDERER_VERSION)
    }
    expect(byId.get('r3')!.body_html).toBe('<p>kept as stored</p>')
    // A second run finds nothing to do.
    expect(await rerenderAll({ persistTo })).toBe(0)
    // Each wrangler call takes seconds; on a busy machine this run needs more than the default.
  }, 300_000)
})
