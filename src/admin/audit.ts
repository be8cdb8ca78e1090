import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../db/client'
import { auditLog, comments } from '../db/schema'

/** The audit trail: who did what to which comment, status before and after, when. Writes happen inside each store batch. */

export type AuditEntry = typeof auditLog.$inferSelect

export interface AuditQuery {
  commentId?: string
  /** Entries older than this id (ids only grow). */
  before?: number
  limit: number
}

export async function listAudit(
  db: Database,
  query: AuditQuery,
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const where: SQL[] = []
  if (query.commentId) where.push(eq(auditLog.commentId, query.commentId))
  if (query.before !== undefined) where.push(lt(auditLog.id, query.before))
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1)
  const more = rows.length > query.limit
  const entries = more ? rows.slice(0, query.limit) : rows
  return { entries, nextCursor: more ? String(entries[entries.length - 1]!.id) : null }
}

/** The latest audit row that moved this comment from one status to another, if any. */
export async function lastStatusChange(
  db: Database,
  commentId: string,
): Promise<AuditEntry | undefined> {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.commentId, commentId),
        sql`${auditLog.beforeStatus} IS NOT ${auditLog.afterStatus}`,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1)
    .get()
}

/** A single audit row for actions that change no comment (an export of someone's data). */
export async function recordAudit(
  db: Database,
  entry: Omit<typeof auditLog.$inferInsert, 'id' | 'at'> & { at?: number },
) {
  await db.insert(auditLog).values({ at: Date.now(), ...entry })
}

/**
 * The audit row for a full comment export (every email in it), written before the export streams.
 * The stream can't be counted until it has gone, so the count comes from the same INSERT … SELECT:
 * the number of comments at the moment the export began. Columns in audit_log's schema order (id,
 * at, actor, action, comment_id, before_status, after_status, detail).
 */
export async function recordFullExport(
  db: Database,
  actor: string,
  format: string,
  now = Date.now(),
) {
  await db
    .insert(auditLog)
    .select(
      sql`SELECT NULL, ${now}, ${actor}, 'export', NULL, NULL, NULL, json_object('export', 'all comments', 'format', ${format}, 'comments', count(*)) FROM ${comments}`,
    )
}

/** Entries as the API returns them: ISO times, parsed detail. */
export function auditJson(entry: AuditEntry) {
  let detail: unknown = entry.detail
  try {
    detail = entry.detail ? JSON.parse(entry.detail) : null
  } catch {
    // Plain text detail stays text.
  }
  return {
    id: entry.id,
    at: new Date(entry.at).toISOString(),
    actor: entry.actor,
    action: entry.action,
    commentId: entry.commentId,
    beforeStatus: entry.beforeStatus,
    afterStatus: entry.afterStatus,
    detail,
  }
}
