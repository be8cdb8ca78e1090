import type { CommentStatus } from '../db/schema'
import type { Verdict } from './spam'
import type { Db } from './store'

/** The comment write in SQL: the one atomic insert, why it stored nothing, and the reply target it needs. */

export interface NewComment {
  id: string
  essaySlug: string
  parentId: string | null
  depth: number
  authorName: string
  authorEmail: string
  authorUrl: string | null
  body: string
  verdict: Verdict
  createdAt: number
  ipHash: string | null
  userAgent: string | null
  spamSignals: string | null
  submissionKey: string | null
  /** Keyed hash of the form token's nonce: UNIQUE, so each page view's token stores one comment. */
  formNonce: string | null
  /** `bodyKey(body)`: duplicates are found however the same words are retyped. */
  bodyKey: string
  /**
   * hold-first's proof (JSON array of comment ids from the reader's signed remember-me cookie, only
   * when its email is the posted one), or null. The email alone proves nothing: anyone can type it.
   */
  proofIds: string | null
  /** The body rendered by src/lib/comment-markdown.ts, and that renderer's version. */
  bodyHtml: string
  bodyHtmlVersion: number
  /**
   * A moderator's reply from the essay page (src/comments/moderator.ts): stored is_author = 1, and
   * its audit row (this actor) is written in the same D1 batch as the insert.
   */
  asAuthor?: { actor: string } | null
}

/**
 * The body as duplicates are compared: case-folded, whitespace runs collapsed to one space, trimmed.
 * Stored in comments.body_key. Admin edits leave body_key as it was (src/admin does not recompute it):
 * an edited comment still matches its original words, and the exact `body = ?` check covers the edit.
 */
export function bodyKey(body: string): string {
  return body.toLowerCase().replace(/\s+/g, ' ').trim()
}

export interface Stored {
  id: string
  status: CommentStatus
}

/**
 * One statement that checks flood and duplicate and inserts, so the rules hold across isolates
 * (D1 runs statements one at a time). "hold-first" is decided in the same statement.
 * Returns the stored row, or null when nothing was inserted (see `explainRejection`).
 */
export async function insertComment(
  db: Db & Pick<D1DatabaseSession, 'batch'>,
  row: NewComment,
  floodSeconds: number,
): Promise<Stored | null> {
  const insert = db
    .prepare(
      `INSERT INTO comments (id, essay_slug, parent_id, depth, author_name, author_email, author_url, body, status,
         created_at, updated_at, ip_hash, user_agent, spam_signals, submission_key, form_nonce, body_key,
         body_html, body_html_version, is_author)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
         CASE WHEN ?9 <> 'hold-first' THEN ?9
              WHEN ?18 IS NOT NULL AND EXISTS (
                SELECT 1 FROM comments WHERE id IN (SELECT value FROM json_each(?18))
                  AND author_email = ?6 AND status = 'approved') THEN 'approved'
              ELSE 'pending' END,
         ?10, ?10, ?11, ?12, ?13, ?14, ?16, ?17, ?19, ?20, ?21
       WHERE (?15 = 0 OR NOT EXISTS (
           SELECT 1 FROM comments WHERE created_at > ?10 - ?15 * 1000 AND (author_email = ?6 OR ip_hash = ?11)))
         AND NOT EXISTS (
           SELECT 1 FROM comments WHERE author_email = ?6 AND essay_slug = ?2 AND (body_key = ?17 OR body = ?8)
             AND status <> 'trash')
       ON CONFLICT DO NOTHING
       RETURNING id, status`,
    )
    .bind(
      row.id,
      row.essaySlug,
      row.parentId,
      row.depth,
      row.authorName,
      row.authorEmail,
      row.authorUrl,
      row.body,
      row.verdict,
      row.createdAt,
      row.ipHash,
      row.userAgent,
      row.spamSignals,
      row.submissionKey,
      floodSeconds,
      row.formNonce,
      row.bodyKey,
      row.proofIds,
      row.bodyHtml,
      row.bodyHtmlVersion,
      row.asAuthor ? 1 : 0,
    )
  if (!row.asAuthor) return (await insert.all<Stored>()).results[0] ?? null
  const [inserted] = await db.batch<Stored>([
    insert,
    db
      .prepare(
        `INSERT INTO audit_log (at, actor, action, comment_id, before_status, after_status, detail)
         SELECT ?2, ?3, 'author-reply', id, NULL, status, json_object('parentId', parent_id)
         FROM comments WHERE id = ?1 AND is_author = 1 AND created_at = ?2`,
      )
      .bind(row.id, row.createdAt, row.asAuthor.actor),
  ])
  return inserted?.results[0] ?? null
}

export type Rejection =
  | { kind: 'stored'; stored: Stored }
  | { kind: 'replay'; stored: Stored }
  | { kind: 'formUsed' }
  | { kind: 'duplicate' }
  | { kind: 'flood'; retryAfter: number }
  | { kind: 'unknown' }

/**
 * Why `insertComment` returned no row: the row is there after all (an answer lost on the way back),
 * the same form again, its token already spent on another comment, a duplicate, or a flood.
 * Only on that rare path.
 */
export async function explainRejection(
  db: Db,
  row: NewComment,
  floodSeconds: number,
): Promise<Rejection> {
  const found = await db
    .prepare(
      `SELECT
         (SELECT status FROM comments WHERE id = ?8) AS own_status,
         (SELECT id FROM comments WHERE submission_key = ?1) AS replay_id,
         (SELECT status FROM comments WHERE submission_key = ?1) AS replay_status,
         EXISTS (SELECT 1 FROM comments WHERE form_nonce = ?9) AS form_used,
         EXISTS (SELECT 1 FROM comments WHERE author_email = ?2 AND essay_slug = ?3 AND (body_key = ?10 OR body = ?4) AND status <> 'trash') AS duplicate,
         (SELECT max(created_at) FROM comments WHERE created_at > ?5 - ?7 * 1000 AND (author_email = ?2 OR ip_hash = ?6)) AS last_recent`,
    )
    .bind(
      row.submissionKey,
      row.authorEmail,
      row.essaySlug,
      row.body,
      row.createdAt,
      row.ipHash,
      floodSeconds,
      row.id,
      row.formNonce,
      row.bodyKey,
    )
    .first<{
      own_status: CommentStatus | null
      replay_id: string | null
      replay_status: CommentStatus | null
      form_used: number
      duplicate: number
      last_recent: number | null
    }>()
  if (found?.own_status) return { kind: 'stored', stored: { id: row.id, status: found.own_status } }
  if (found?.replay_id && found.replay_status)
    return { kind: 'replay', stored: { id: found.replay_id, status: found.replay_status } }
  if (found?.form_used) return { kind: 'formUsed' }
  if (found?.duplicate) return { kind: 'duplicate' }
  if (floodSeconds > 0 && found?.last_recent != null) {
    return {
      kind: 'flood',
      retryAfter: Math.max(
        1,
        Math.ceil((found.last_recent + floodSeconds * 1000 - row.createdAt) / 1000),
      ),
    }
  }
  return { kind: 'unknown' }
}

export interface ParentInfo {
  id: string
  essaySlug: string
  status: CommentStatus
  depth: number
}

export async function findParent(db: Db, id: string): Promise<ParentInfo | null> {
  return db
    .prepare('SELECT id, essay_slug AS essaySlug, status, depth FROM comments WHERE id = ?1')
    .bind(id)
    .first<ParentInfo>()
}
