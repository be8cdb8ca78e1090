import { and, count, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import { HTTPException } from 'hono/http-exception'
import type { Database } from '../db/client'
import { auditLog, comments, usedTokens, type Comment, type CommentStatus } from '../db/schema'
import { fromBase64Url, toBase64Url } from '../lib/crypto'

/**
 * The moderation queries. Every write is one D1 batch (one transaction) holding the change and
 * its audit rows, and the audit rows are written by INSERT … SELECT over exactly the rows the
 * change will touch, so the log can never claim a change that didn't happen or miss one that did.
 */

export const MODERATION_ACTIONS = ['approve', 'spam', 'trash', 'restore', 'delete'] as const
export type ModerationAction = (typeof MODERATION_ACTIONS)[number]

/** Where each action may start from. A comment already in the target status is left alone (not an error). */
const FROM: Record<ModerationAction, readonly CommentStatus[]> = {
  approve: ['pending', 'spam', 'trash'],
  spam: ['pending', 'approved', 'trash'],
  trash: ['pending', 'approved', 'spam'],
  restore: ['spam', 'trash'],
  delete: ['trash'],
}
const ALREADY: Partial<Record<ModerationAction, CommentStatus>> = {
  approve: 'approved',
  spam: 'spam',
  trash: 'trash',
}

// Constant SQL fragments (no input): the status after each action, computed from the row before it.
// "previous_status" remembers where a comment was before spam/trash so restore can put it back.
const REMEMBER = `CASE WHEN status IN ('spam', 'trash') THEN previous_status ELSE status END`
const RESTORED = `CASE WHEN previous_status IN ('pending', 'approved') THEN previous_status ELSE 'pending' END`
const AFTER: Record<Exclude<ModerationAction, 'delete'>, { status: string; previous: string }> = {
  approve: { status: `'approved'`, previous: 'NULL' },
  spam: { status: `'spam'`, previous: REMEMBER },
  trash: { status: `'trash'`, previous: REMEMBER },
  restore: { status: RESTORED, previous: 'NULL' },
}

export const isModerationAction = (value: unknown): value is ModerationAction =>
  MODERATION_ACTIONS.includes(value as ModerationAction)

const idsIn = (ids: string[]) =>
  sql`${comments.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`

function describeIds(ids: string[]): string {
  const shown = ids.slice(0, 5).map((id) => JSON.stringify(id))
  return shown.join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '')
}

export interface ModerationResult {
  /** The rows as they were before the change (their slugs tell which pages to refresh). */
  changed: Pick<Comment, 'id' | 'essaySlug' | 'status'>[]
  unchanged: string[]
}

/**
 * Applies one action to every id, all or nothing: an unknown id → 404 and a comment the action
 * can't apply to (restore outside spam/trash, delete outside trash) → 409, naming them, before anything is written.
 */
export async function moderate(
  db: Database,
  ids: string[],
  action: ModerationAction,
  actor: string,
  options: { detail?: string; now?: number } = {},
): Promise<ModerationResult> {
  const now = options.now ?? Date.now()
  const rows = await db
    .select({
      id: comments.id,
      essaySlug: comments.essaySlug,
      status: comments.status,
      depth: comments.depth,
    })
    .from(comments)
    .where(idsIn(ids))
  const found = new Map(rows.map((row) => [row.id, row]))
  const missing = ids.filter((id) => !found.has(id))
  if (missing.length)
    throw new HTTPException(404, { message: `No comment with id ${describeIds(missing)}.` })

  const from = FROM[action]
  const changed = rows.filter((row) => from.includes(row.status))
  const unchanged = rows.filter((row) => row.status === ALREADY[action]).map((row) => row.id)
  const refused = rows.filter((row) => !from.includes(row.status) && row.status !== ALREADY[action])
  if (refused.length) {
    const why =
      action === 'restore'
        ? 'only spam or trash can be restored'
        : action === 'delete'
          ? 'only comments in the trash can be deleted'
          : 'not allowed'
    throw new HTTPException(409, {
      message: `Cannot ${action} comment ${describeIds(refused.map((row) => `${row.id} (${row.status})`))}: ${why}.`,
    })
  }
  if (!changed.length) return { changed, unchanged }

  const [audit, write] = moderationStatements(
    db,
    changed.map((row) => row.id),
    action,
    actor,
    now,
    options.detail ?? null,
  )
  await db.batch([audit, ...(action === 'delete' ? reparentChildren(db, changed, now) : []), write])
  return { changed, unchanged }
}

/**
 * Before comments are deleted for good, their replies move up to the deleted comment's parent
 * (as WordPress does), so no approved reply is left hanging off a comment that no longer exists.
 * Deepest first, so a reply whose parent and grandparent both go ends up under the nearest survivor.
 */
function reparentChildren(
  db: Database,
  deleted: Array<{ id: string; depth: number }>,
  now: number,
) {
  return [...deleted]
    .sort((a, b) => b.depth - a.depth)
    .map((row) =>
      db
        .update(comments)
        .set({
          parentId: sql`(SELECT p.parent_id FROM ${comments} p WHERE p.id = ${row.id})`,
          depth: sql`max(${comments.depth} - 1, 0)`,
          updatedAt: now,
        })
        .where(eq(comments.parentId, row.id)),
    )
}

/**
 * `SELECT <values> FROM comments WHERE …` for INSERT INTO audit_log … SELECT. Drizzle lists every
 * audit_log column in schema order (id, at, actor, action, comment_id, before_status, after_status,
 * detail), so the values follow that order, with NULL for the autoincrement id.
 */
const auditSelect = (values: SQL, where: SQL) =>
  sql`SELECT NULL, ${values} FROM ${comments} WHERE ${where}`

/** The audit INSERT … SELECT and the change, over the same rows: those listed, in a status the action applies to, and passing `guard`. */
function moderationStatements(
  db: Database,
  ids: string[],
  action: ModerationAction,
  actor: string,
  now: number,
  detail: string | null,
  guard?: SQL,
) {
  const target = and(idsIn(ids), inArray(comments.status, [...FROM[action]]), guard)!
  const after = action === 'delete' ? 'NULL' : AFTER[action].status
  const audit = db
    .insert(auditLog)
    .select(
      auditSelect(
        sql`${now}, ${actor}, ${action}, id, status, ${sql.raw(after)}, ${detail}`,
        target,
      ),
    )
  const write =
    action === 'delete'
      ? db.delete(comments).where(target)
      : db
          .update(comments)
          .set({
            status: sql.raw(AFTER[action].status),
            previousStatus: sql.raw(AFTER[action].previous),
            updatedAt: now,
          })
          .where(target)
  return [audit, write] as const
}

/**
 * A one-click link's action: spends the link's id and applies the action in one batch, the change
 * (and its audit row) guarded by "not spent yet" and "still in the status the link was issued
 * for", so two clicks racing each other change the comment once, and a link never overrides what a
 * moderator decided after it was sent. The link is spent either way.
 * `spent` is false when the link had been used before.
 */
export async function moderateOnce(
  db: Database,
  id: string,
  action: 'approve' | 'spam',
  jti: string,
  actor: string,
  issuedFor: CommentStatus,
  now = Date.now(),
): Promise<{ spent: boolean; changed: boolean }> {
  const guard = and(
    eq(comments.status, issuedFor),
    sql`NOT EXISTS (SELECT 1 FROM ${usedTokens} WHERE ${usedTokens.id} = ${jti})`,
  )
  const [audit, write] = moderationStatements(
    db,
    [id],
    action,
    actor,
    now,
    JSON.stringify({ via: 'one-click link' }),
    guard,
  )
  const [, changed, spend] = await db.batch([
    audit,
    write,
    db.insert(usedTokens).values({ id: jti, usedAt: now }).onConflictDoNothing(),
  ])
  return { spent: spend.meta.changes === 1, changed: changed.meta.changes > 0 }
}

export async function isSpent(db: Database, jti: string): Promise<boolean> {
  return (
    (await db
      .select({ id: usedTokens.id })
      .from(usedTokens)
      .where(eq(usedTokens.id, jti))
      .get()) !== undefined
  )
}

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

// ---- listing ----

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

// ---- privacy requests ----

/**
 * `email` arrives lowercased (parseEmail, with JS's full Unicode folding). The column goes through
 * SQLite's lower() as well, which folds ASCII only, for rows an importer stored with capitals in the
 * local part after the migration lowered the older ones. (COLLATE NOCASE, used before, folds ASCII
 * only on both sides, so "ÉLODIE@…" never found "élodie@…".)
 */
const byEmail = (email: string) => sql`lower(${comments.authorEmail}) = ${email}`

export async function commentsByEmail(db: Database, email: string): Promise<Comment[]> {
  return db.select().from(comments).where(byEmail(email)).orderBy(comments.createdAt, comments.id)
}

/** Anonymises every comment by this email (bodies kept), with one audit row per comment, in one batch. */
export async function eraseByEmail(
  db: Database,
  email: string,
  actor: string,
  now = Date.now(),
): Promise<{ ids: string[]; slugs: string[] }> {
  const rows = await db
    .select({ id: comments.id, essaySlug: comments.essaySlug })
    .from(comments)
    .where(byEmail(email))
  if (!rows.length) return { ids: [], slugs: [] }
  await db.batch([
    db
      .insert(auditLog)
      .select(
        auditSelect(sql`${now}, ${actor}, 'erase', id, status, status, NULL`, byEmail(email)),
      ),
    db
      .update(comments)
      .set({
        authorName: 'Anonymous',
        authorEmail: '',
        authorUrl: null,
        ipHash: null,
        userAgent: null,
        updatedAt: now,
      })
      .where(byEmail(email)),
  ])
  return { ids: rows.map((row) => row.id), slugs: [...new Set(rows.map((row) => row.essaySlug))] }
}
