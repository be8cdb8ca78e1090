import type { CommentStatus } from '../db/schema'
import { RENDERER_VERSION } from '../lib/comment-markdown'
import type { Db } from './store'

/**
 * The author's edit and delete in SQL. Each is one D1 batch: the audit row first (it copies the
 * previous text from the row, so moderators keep it), then the change, both under the same guards
 * (the edit window, not deleted, not changed since it was read), so either both happen or neither.
 * The audit table is the shared schema's (src/db/schema.ts auditLog); src/admin reads it.
 */

export const AUTHOR_ACTOR = 'comment author (edit link)'

export interface EditableRow {
  id: string
  essaySlug: string
  parentId: string | null
  authorName: string
  authorEmail: string
  authorUrl: string | null
  body: string
  status: CommentStatus
  createdAt: number
  updatedAt: number
  deletedAt: number | null
}

export function findEditable(db: Db, id: string): Promise<EditableRow | null> {
  return db
    .prepare(
      `SELECT id, essay_slug AS essaySlug, parent_id AS parentId, author_name AS authorName, author_email AS authorEmail,
         author_url AS authorUrl, body, status, created_at AS createdAt, updated_at AS updatedAt, deleted_at AS deletedAt
       FROM comments WHERE id = ?1`,
    )
    .bind(id)
    .first<EditableRow>()
}

// ?1 id, ?2 now, ?3 window start (created_at must be after it), ?4 updated_at as read.
const GUARD = `id = ?1 AND deleted_at IS NULL AND status <> 'trash' AND created_at > ?3 AND updated_at = ?4`

export interface Edit {
  body: string
  bodyKey: string
  bodyHtml: string
  status: CommentStatus
  spamSignals: string | null
}

/** True when the edit was stored (with its audit row); false when a guard no longer held. */
export async function storeEdit(
  db: D1Database | D1DatabaseSession,
  row: EditableRow,
  edit: Edit,
  now: number,
  windowStart: number,
): Promise<boolean> {
  const [, update] = await db.batch([
    db
      .prepare(
        `INSERT INTO audit_log (at, actor, action, comment_id, before_status, after_status, detail)
         SELECT ?2, ?5, 'author-edit', id, status, ?6, json_object('previous', body) FROM comments WHERE ${GUARD}`,
      )
      .bind(row.id, now, windowStart, row.updatedAt, AUTHOR_ACTOR, edit.status),
    db
      .prepare(
        `UPDATE comments SET body = ?5, body_key = ?6, body_html = ?7, body_html_version = ?8, status = ?9,
           previous_status = CASE WHEN status <> ?9 THEN status ELSE previous_status END,
           spam_signals = coalesce(?10, spam_signals), edited_at = ?2, updated_at = ?2
         WHERE ${GUARD} RETURNING id`,
      )
      .bind(
        row.id,
        now,
        windowStart,
        row.updatedAt,
        edit.body,
        edit.bodyKey,
        edit.bodyHtml,
        RENDERER_VERSION,
        edit.status,
        edit.spamSignals,
      ),
  ])
  // RETURNING, not meta.changes: D1 counts the rows the triggers of migration 0005 change too.
  return (update?.results.length ?? 0) === 1
}

/**
 * Deletes as its author: with replies it keeps its place as a placeholder (text and HTML emptied,
 * deleted_at set: the thread shows "Comment deleted by its author"); without, it goes to the trash
 * and disappears. Returns what happened, or null when a guard no longer held.
 */
export async function storeDelete(
  db: D1Database | D1DatabaseSession,
  row: EditableRow,
  now: number,
  windowStart: number,
): Promise<'placeholder' | 'removed' | null> {
  const replies = `EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = ?1 AND r.status <> 'trash')`
  const [, update] = await db.batch([
    db
      .prepare(
        `INSERT INTO audit_log (at, actor, action, comment_id, before_status, after_status, detail)
         SELECT ?2, ?5, 'author-delete', id, status, CASE WHEN ${replies} THEN status ELSE 'trash' END,
           json_object('previous', body, 'placeholder', CASE WHEN ${replies} THEN json('true') ELSE json('false') END)
         FROM comments WHERE ${GUARD}`,
      )
      .bind(row.id, now, windowStart, row.updatedAt, AUTHOR_ACTOR),
    db
      .prepare(
        `UPDATE comments SET deleted_at = ?2, updated_at = ?2,
           body = CASE WHEN ${replies} THEN '' ELSE body END,
           body_html = CASE WHEN ${replies} THEN '' ELSE body_html END,
           previous_status = CASE WHEN ${replies} THEN previous_status ELSE status END,
           status = CASE WHEN ${replies} THEN status ELSE 'trash' END
         WHERE ${GUARD} RETURNING status`,
      )
      .bind(row.id, now, windowStart, row.updatedAt),
  ])
  const status = (update?.results[0] as { status?: string } | undefined)?.status
  if (status === undefined) return null
  return status === 'trash' ? 'removed' : 'placeholder'
}
