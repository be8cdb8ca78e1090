import { and, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import { HTTPException } from 'hono/http-exception'
import type { Database } from '../db/client'
import {
  auditLog,
  commentStatusCounts,
  comments,
  type Comment,
  type CommentStatus,
} from '../db/schema'
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
 * does not find "é". This is the exact test; on its own it reads every row it is given.
 */
function contains(q: string): SQL {
  const columns = [comments.authorName, comments.authorEmail, comments.body]
  const tests = columns.map((column) => sql`instr(lower(${column}), lower(${q})) > 0`)
  return sql`(${sql.join(tests, sql` OR `)})`
}

/**
 * The candidates for "contains q" from the admin's trigram index (migration 0005): the comments
 * whose name, email or text holds q's characters in a row, case folded. That is every row
 * `contains(q)` accepts (the index folds at least the ASCII letters lower() folds) and a few more
 * ("É" for "é"), which the exact test then drops. Trigrams need 3 characters: shorter queries scan.
 */
function indexed(q: string): SQL | null {
  if ([...q].length < 3) return null
  const phrase = `"${q.replaceAll('"', '""')}"`
  return sql`${comments.id} IN (SELECT d.comment_id FROM admin_search_docs d WHERE d.doc IN (SELECT rowid FROM admin_search_tri WHERE admin_search_tri MATCH ${phrase}))`
}

/**
 * How many of the newest rows a search reads before it asks the index. A word in most comments
 * fills a page from the newest few hundred; asking the index for it would gather every match (all
 * 100,000) to sort them. A rare word finds little here and the index answers it with a handful.
 */
export const SEARCH_SCAN_ROWS = 2000

/** Newest first; fetches one extra row to know whether there is a next page. */
export async function listComments(
  db: Database,
  query: CommentQuery,
): Promise<{ rows: Comment[]; nextCursor: string | null }> {
  const where: SQL[] = []
  if (query.status) where.push(eq(comments.status, query.status))
  if (query.essay) where.push(eq(comments.essaySlug, query.essay))
  if (query.cursor) {
    where.push(
      or(
        lt(comments.createdAt, query.cursor.createdAt),
        and(eq(comments.createdAt, query.cursor.createdAt), lt(comments.id, query.cursor.id)),
      )!,
    )
  }
  const select = (extra: SQL[], limit: number) =>
    db
      .select()
      .from(comments)
      .where(where.length || extra.length ? and(...where, ...extra) : undefined)
      .orderBy(desc(comments.createdAt), desc(comments.id))
      .limit(limit)
  let rows: Comment[]
  const candidates = query.q ? indexed(query.q) : null
  if (!query.q) rows = await select([], query.limit + 1)
  else if (!candidates) rows = await select([contains(query.q)], query.limit + 1)
  else {
    // The newest SEARCH_SCAN_ROWS first: if they hold a page of matches, it is the right page
    // (every newer row was read); otherwise the index's candidates, tested exactly, are all there is.
    const newest = db
      .select({ id: comments.id })
      .from(comments)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(comments.createdAt), desc(comments.id))
      .limit(SEARCH_SCAN_ROWS)
    rows = await select([inArray(comments.id, newest), contains(query.q)], query.limit + 1)
    if (rows.length <= query.limit)
      rows = await select([candidates, contains(query.q)], query.limit + 1)
  }
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

/** From the trigger-kept comment_status_counts (migration 0005): a few rows, not every comment. */
export async function countsByStatus(db: Database): Promise<StatusCounts> {
  const rows = await db
    .select({ status: commentStatusCounts.status, n: sql<number>`sum(${commentStatusCounts.n})` })
    .from(commentStatusCounts)
    .groupBy(commentStatusCounts.status)
  const counts: StatusCounts = { pending: 0, approved: 0, spam: 0, trash: 0 }
  for (const row of rows) counts[row.status] = Number(row.n)
  return counts
}

export async function countsByEssay(db: Database): Promise<Map<string, StatusCounts>> {
  // Rows at 0 stay behind when an essay's last comment of a status goes: left out, as a count skips them.
  const rows = await db
    .select({
      slug: commentStatusCounts.essaySlug,
      status: commentStatusCounts.status,
      n: commentStatusCounts.n,
    })
    .from(commentStatusCounts)
    .where(gt(commentStatusCounts.n, 0))
  const bySlug = new Map<string, StatusCounts>()
  for (const row of rows) {
    let counts = bySlug.get(row.slug)
    if (!counts) bySlug.set(row.slug, (counts = { pending: 0, approved: 0, spam: 0, trash: 0 }))
    counts[row.status] = row.n
  }
  return bySlug
}
