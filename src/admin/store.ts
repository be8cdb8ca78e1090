import { and, count, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import { HTTPException } from 'hono/http-exception'
import type { Database } from '../db/client'
import { auditLog, comments, type Comment, type CommentStatus } from '../db/schema'
import { renderedColumns } from '../lib/comment-markdown'
import { fromBase64Url, toBase64Url } from '../lib/crypto'

/** The moderation queue: finding, listing and counting comments, and a moderator's edit of one. */

export async function findComment(db: Database, id: string): Promise<Comment | undefined> {
  return db.select().from(comments).where(eq(comments.id, id)).get()
}

export interface CommentEdit {
  body?: string
  authorName?: string
  authorUrl?: string | null
}

/** Edits text fields; the audit row names the fields changed (not their old values, which an erase must be able to forget). */
export async function editComment(
  db: Database,
  id: string,
  edit: CommentEdit,
  actor: string,
  now = Date.now(),
): Promise<{ before: Comment; after: Comment }> {
  const before = await findComment(db, id)
  if (!before)
    throw new HTTPException(404, { message: `No comment with id ${JSON.stringify(id)}.` })
  const fields = (Object.keys(edit) as (keyof CommentEdit)[]).filter(
    (key) => edit[key] !== undefined && edit[key] !== before[key],
  )
  if (!fields.length) return { before, after: before }
  const set: Partial<Comment> = { updatedAt: now }
  for (const key of fields) Object.assign(set, { [key]: edit[key] })
  // The stored HTML follows its source in the same write: pages show body_html, never the source.
  if (fields.includes('body')) Object.assign(set, renderedColumns(edit.body!))
  await db.batch([
    db.insert(auditLog).values({
      at: now,
      actor,
      action: 'edit',
      commentId: id,
      beforeStatus: before.status,
      afterStatus: before.status,
      detail: JSON.stringify({ fields }),
    }),
    db.update(comments).set(set).where(eq(comments.id, id)),
  ])
  return { before, after: { ...before, ...set } }
}

export interface CommentQuery {
  status?: CommentStatus
  essay?: string
  q?: string
  cursor?: { createdAt: number; id: string }
  limit: number
}

export function encodeCursor(createdAt: number, id: string): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify([createdAt, id])))
}

/** An opaque cursor back to its position, or null when it was not one of ours. */
export function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  if (cursor.length > 400) return null
  const bytes = fromBase64Url(cursor)
  if (!bytes) return null
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes))
    if (!Array.isArray(value) || value.length !== 2) return null
    const [createdAt, id] = value as unknown[]
    if (!Number.isSafeInteger(createdAt) || typeof id !== 'string' || !id || id.length > 128)
      return null
    return { createdAt: createdAt as number, id }
  } catch {
    return null
  }
}

/**
 * "column contains q" for name, email and text. instr() rather than LIKE: D1 refuses LIKE patterns
 * over 50 bytes (any query past ~48 letters was a 500), and instr has no wildcards, so % and _ match
 * themselves with nothing to escape. Both sides go through lower(), so case is ignored the same way
 * for both; SQLite's lower() folds ASCII letters only (D1 has no ICU), so "ADA" finds "ada" but "É"
 * does not find "é". A full scan, as a leading-% LIKE was: fine at a blog's size.
 */
function contains(q: string): SQL {
  const columns = [comments.authorName, comments.authorEmail, comments.body]
  const tests = columns.map((column) => sql`instr(lower(${column}), lower(${q})) > 0`)
  return sql`(${sql.join(tests, sql` OR `)})`
}

/** Newest first; fetches one extra row to know whether there is a next page. */
export async function listComments(
  db: Database,
  query: CommentQuery,
): Promise<{ rows: Comment[]; nextCursor: string | null }> {
  const where: SQL[] = []
  if (query.status) where.push(eq(comments.status, query.status))
  if (query.essay) where.push(eq(comments.essaySlug, query.essay))
  if (query.q) where.push(contains(query.q))
  if (query.cursor) {
    where.push(
      or(
        lt(comments.createdAt, query.cursor.createdAt),
        and(eq(comments.createdAt, query.cursor.createdAt), lt(comments.id, query.cursor.id)),
      )!,
    )
  }
  const rows = await db
    .select()
    .from(comments)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(query.limit + 1)
  const more = rows.length > query.limit
  const page = more ? rows.slice(0, query.limit) : rows
  const last = page[page.length - 1]
  return { rows: page, nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null }
}

/** Parents of the listed replies, by id (one query; a page holds at most 100 rows). */
export async function parentsOf(
  db: Database,
  rows: Comment[],
): Promise<Map<string, Pick<Comment, 'id' | 'authorName' | 'body' | 'status'>>> {
  const ids = [...new Set(rows.map((row) => row.parentId).filter((id): id is string => !!id))]
  if (!ids.length) return new Map()
  const parents = await db
    .select({
      id: comments.id,
      authorName: comments.authorName,
      body: comments.body,
      status: comments.status,
    })
    .from(comments)
    .where(inArray(comments.id, ids))
  return new Map(parents.map((parent) => [parent.id, parent]))
}

export type StatusCounts = Record<CommentStatus, number>

export async function countsByStatus(db: Database): Promise<StatusCounts> {
  const rows = await db
    .select({ status: comments.status, n: count() })
    .from(comments)
    .groupBy(comments.status)
  const counts: StatusCounts = { pending: 0, approved: 0, spam: 0, trash: 0 }
  for (const row of rows) counts[row.status] = row.n
  return counts
}

export async function countsByEssay(db: Database): Promise<Map<string, StatusCounts>> {
  const rows = await db
    .select({ slug: comments.essaySlug, status: comments.status, n: count() })
    .from(comments)
    .groupBy(comments.essaySlug, comments.status)
  const bySlug = new Map<string, StatusCounts>()
  for (const row of rows) {
    let counts = bySlug.get(row.slug)
    if (!counts) bySlug.set(row.slug, (counts = { pending: 0, approved: 0, spam: 0, trash: 0 }))
    counts[row.status] = row.n
  }
  return bySlug
}
