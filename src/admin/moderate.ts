import { and, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { HTTPException } from 'hono/http-exception'
import type { Database } from '../db/client'
import { auditLog, comments, usedTokens, type Comment, type CommentStatus } from '../db/schema'

/**
 * Status changes (approve, spam, trash, restore, delete). Every write is one D1 batch (one
 * transaction) holding the change and its audit rows, and the audit rows are written by INSERT …
 * SELECT over exactly the rows the change will touch, so the log can never claim a change that
 * didn't happen or miss one that did.
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
  changed: Pick<Comment, 'id' | 'essaySlug' | 'status' | 'parentId'>[]
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
      parentId: comments.parentId,
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
export const auditSelect = (values: SQL, where: SQL) =>
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
