import { HTTPException } from 'hono/http-exception'
import { MAX_DEPTH } from '../comments/store'
import type { CommentStatus } from '../db/schema'
import { renderedColumns } from '../lib/comment-markdown'
import { randomId } from '../lib/crypto'

/**
 * The author's voice from the dashboard and the admin API: a moderator's reply (published at once,
 * is_author = 1, under the site's author name, linked to the site) and the one pinned comment per
 * essay. Every write and its audit rows are one D1 batch; the audit rows are INSERT … SELECT over
 * the rows the change touches, so the log never claims a change that did not happen.
 * Raw D1 SQL (not drizzle) because the reply's INSERT is guarded by its parent's state.
 */

interface Target {
  id: string
  essaySlug: string
  status: CommentStatus
  depth: number
  parentId: string | null
  pinnedAt: number | null
}

async function target(db: D1Database, id: string): Promise<Target> {
  const row = await db
    .prepare(
      'SELECT id, essay_slug AS essaySlug, status, depth, parent_id AS parentId, pinned_at AS pinnedAt FROM comments WHERE id = ?1',
    )
    .bind(id)
    .first<Target>()
  if (!row) throw new HTTPException(404, { message: `No comment with id ${JSON.stringify(id)}.` })
  return row
}

const AUDIT = `INSERT INTO audit_log (at, actor, action, comment_id, before_status, after_status, detail)`

export interface AuthorReply {
  parentId: string
  /** Already checked by the readers' body rule (commentFields.body). */
  body: string
  actor: string
  authorName: string
  /** The site's own address: the author's reply links to it. */
  authorUrl: string
  now?: number
}

/**
 * Publishes the reply. A pending parent is approved in the same batch (replying makes it public, as
 * WordPress's "Approve and reply"), audited as an approve; spam and trash cannot be answered (409).
 * Returns the reply's id and the essay whose pages changed.
 */
export async function replyAsAuthor(
  db: D1Database,
  reply: AuthorReply,
): Promise<{ id: string; essaySlug: string; approvedParent: boolean }> {
  const now = reply.now ?? Date.now()
  const parent = await target(db, reply.parentId)
  if (parent.status !== 'approved' && parent.status !== 'pending')
    throw new HTTPException(409, {
      message: `Cannot reply to comment ${JSON.stringify(parent.id)} (${parent.status}): only pending or approved comments can be answered.`,
    })
  if (parent.depth >= MAX_DEPTH)
    throw new HTTPException(422, {
      message: `Cannot reply to comment ${JSON.stringify(parent.id)}: replies nest at most ${MAX_DEPTH + 1} levels deep.`,
    })
  const id = randomId()
  const { bodyHtml, bodyHtmlVersion } = renderedColumns(reply.body)
  const approveParent = parent.status === 'pending'
  const statements: D1PreparedStatement[] = []
  if (approveParent) {
    statements.push(
      db
        .prepare(
          `${AUDIT} SELECT ?1, ?2, 'approve', id, status, 'approved', json_object('via', 'author reply') FROM comments WHERE id = ?3 AND status = 'pending'`,
        )
        .bind(now, reply.actor, parent.id),
      db
        .prepare(
          `UPDATE comments SET status = 'approved', previous_status = NULL, updated_at = ?1 WHERE id = ?2 AND status = 'pending'`,
        )
        .bind(now, parent.id),
    )
  }
  // Guarded: a parent moved to spam/trash (or deleted) since it was read gets no reply.
  statements.push(
    db
      .prepare(
        `INSERT INTO comments (id, essay_slug, parent_id, depth, author_name, author_email, author_url, body,
           status, created_at, updated_at, origin, body_html, body_html_version, is_author)
         SELECT ?1, essay_slug, id, depth + 1, ?2, '', ?3, ?4, 'approved', ?5, ?5, 'form', ?6, ?7, 1
         FROM comments WHERE id = ?8 AND status = 'approved'
         RETURNING id`,
      )
      .bind(
        id,
        reply.authorName,
        reply.authorUrl,
        reply.body,
        now,
        bodyHtml,
        bodyHtmlVersion,
        parent.id,
      ),
    db
      .prepare(
        `${AUDIT} SELECT ?1, ?2, 'author-reply', id, NULL, status, json_object('parentId', parent_id, 'via', 'dashboard') FROM comments WHERE id = ?3 AND is_author = 1`,
      )
      .bind(now, reply.actor, id),
  )
  // RETURNING, not meta.changes: D1 counts the rows the thread-count triggers touch too.
  const results = await db.batch<{ id: string }>(statements)
  if (!results[results.length - 2]!.results.length)
    throw new HTTPException(409, {
      message: `Comment ${JSON.stringify(parent.id)} changed while you wrote: reload and try again.`,
    })
  return { id, essaySlug: parent.essaySlug, approvedParent: approveParent }
}

const PINNABLE = `status = 'approved' AND parent_id IS NULL`

/**
 * Pins a comment: approved and top-level only (a reply is shown inside its thread). The essay's
 * previous pin, if any, is unpinned in the same batch, each with its own audit row.
 * `changed` is false when it was pinned already.
 */
export async function pinComment(
  db: D1Database,
  id: string,
  actor: string,
  now = Date.now(),
): Promise<{ changed: boolean; essaySlug: string; unpinned: string[] }> {
  const row = await target(db, id)
  if (row.status !== 'approved' || row.parentId !== null)
    throw new HTTPException(409, {
      message: `Cannot pin comment ${JSON.stringify(id)}: only approved top-level comments can be pinned.`,
    })
  if (row.pinnedAt !== null) return { changed: false, essaySlug: row.essaySlug, unpinned: [] }
  // The old pin moves only if the new one will be set (the same conditions, read in the same batch).
  const pinnable = `EXISTS (SELECT 1 FROM comments t WHERE t.id = ?3 AND t.status = 'approved' AND t.parent_id IS NULL AND t.pinned_at IS NULL)`
  const others = `essay_slug = ?4 AND pinned_at IS NOT NULL AND id <> ?3 AND ${pinnable}`
  const [unpinAudit, , pinAudit] = await db.batch<{ comment_id: string }>([
    db
      .prepare(
        `${AUDIT} SELECT ?1, ?2, 'unpin', id, status, status, json_object('replacedBy', ?3) FROM comments WHERE ${others} RETURNING comment_id`,
      )
      .bind(now, actor, id, row.essaySlug),
    db
      .prepare(`UPDATE comments SET pinned_at = NULL, updated_at = ?1 WHERE ${others}`)
      .bind(now, actor, id, row.essaySlug),
    db
      .prepare(
        `${AUDIT} SELECT ?1, ?2, 'pin', id, status, status, NULL FROM comments WHERE id = ?3 AND ${PINNABLE} AND pinned_at IS NULL RETURNING comment_id`,
      )
      .bind(now, actor, id),
    db
      .prepare(
        `UPDATE comments SET pinned_at = ?1, updated_at = ?1 WHERE id = ?3 AND ${PINNABLE} AND pinned_at IS NULL`,
      )
      .bind(now, actor, id),
  ])
  return {
    changed: pinAudit!.results.length > 0,
    essaySlug: row.essaySlug,
    unpinned: unpinAudit!.results.map((r) => r.comment_id),
  }
}

/** Unpins a comment; `changed` is false when it was not pinned. */
export async function unpinComment(
  db: D1Database,
  id: string,
  actor: string,
  now = Date.now(),
): Promise<{ changed: boolean; essaySlug: string }> {
  const row = await target(db, id)
  if (row.pinnedAt === null) return { changed: false, essaySlug: row.essaySlug }
  const [audit] = await db.batch<{ comment_id: string }>([
    db
      .prepare(
        `${AUDIT} SELECT ?1, ?2, 'unpin', id, status, status, NULL FROM comments WHERE id = ?3 AND pinned_at IS NOT NULL RETURNING comment_id`,
      )
      .bind(now, actor, id),
    db
      .prepare(
        'UPDATE comments SET pinned_at = NULL, updated_at = ?1 WHERE id = ?3 AND pinned_at IS NOT NULL',
      )
      .bind(now, actor, id),
  ])
  return { changed: audit!.results.length > 0, essaySlug: row.essaySlug }
}
