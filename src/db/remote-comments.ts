import { renderComment, RENDERER_VERSION } from '../lib/comment-markdown'
import type { CommentOrigin, CommentStatus, ResponseKind } from './schema'

/**
 * Comments and responses written somewhere else (a Webmention source, a Bluesky reply), keyed by
 * their remote id in `source`: the one SQL both src/webmention and src/bluesky write with, so a repeat
 * updates the row (never a second copy) and a vanished source removes it. Moderators' decisions
 * survive an update: the status is set on insert only.
 */

export interface RemoteComment {
  /** The new row's id (kept by an update). */
  id: string
  source: string
  essaySlug: string
  origin: CommentOrigin
  originUrl: string
  authorName: string
  authorUrl: string
  body: string
  /** The status a new row gets (the moderation policy's answer). */
  status: CommentStatus
  createdAt: number
  now: number
  /** The parent comment by its remote id (a Bluesky parent post) or its id (a comment anchor). */
  parentSource?: string | null
  parentId?: string | null
}

/** One statement: insert, or update what the remote copy says. Answers the row as stored. */
export function upsertRemoteComment(db: D1Database, row: RemoteComment): D1PreparedStatement {
  // The parent must be a comment of the same essay; depth follows it (0 without one).
  const parent = `SELECT id, depth FROM comments WHERE essay_slug = ?2 AND (source = ?11 OR id = ?12) LIMIT 1`
  return db
    .prepare(
      `INSERT INTO comments (id, essay_slug, parent_id, depth, author_name, author_email, author_url,
         body, status, created_at, updated_at, source, origin, origin_url, body_html, body_html_version)
       VALUES (?1, ?2, (SELECT id FROM (${parent})), COALESCE((SELECT depth + 1 FROM (${parent})), 0),
         ?3, '', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?13, ?14, ?15)
       ON CONFLICT(source) DO UPDATE SET author_name = excluded.author_name,
         author_url = excluded.author_url, body = excluded.body, origin_url = excluded.origin_url,
         body_html = excluded.body_html, body_html_version = excluded.body_html_version,
         updated_at = excluded.updated_at
       WHERE comments.body IS NOT excluded.body OR comments.author_name IS NOT excluded.author_name
         OR comments.author_url IS NOT excluded.author_url
         OR comments.origin_url IS NOT excluded.origin_url
       RETURNING id, status, id = ?1 AS inserted`,
    )
    .bind(
      row.id,
      row.essaySlug,
      row.authorName,
      row.authorUrl,
      row.body,
      row.status,
      row.createdAt,
      row.now,
      row.source,
      row.origin,
      row.parentSource ?? null,
      row.parentId ?? null,
      row.originUrl,
      // Rendered once here, like a form comment, so page views use the stored HTML.
      renderComment(row.body),
      RENDERER_VERSION,
    )
}

/** The answer of `upsertRemoteComment`: no row when nothing changed. */
export interface UpsertResult {
  id: string
  status: CommentStatus
  inserted: number
}

export interface RemoteResponse {
  source: string
  essaySlug: string
  kind: ResponseKind
  origin: CommentOrigin
  authorName: string
  authorUrl: string
  url: string
  createdAt: number
  now: number
}

export function upsertResponse(db: D1Database, row: RemoteResponse): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO responses (source, essay_slug, kind, origin, author_name, author_url, url, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
       ON CONFLICT(source) DO UPDATE SET essay_slug = excluded.essay_slug, kind = excluded.kind,
         author_name = excluded.author_name, author_url = excluded.author_url, url = excluded.url,
         updated_at = excluded.updated_at`,
    )
    .bind(
      row.source,
      row.essaySlug,
      row.kind,
      row.origin,
      row.authorName,
      row.authorUrl,
      row.url,
      row.createdAt,
      row.now,
    )
}

/**
 * Everything stored under these remote ids disappears: responses go; a comment goes too, unless
 * someone replied to it here, then it moves to the trash (moderators see it; readers do not) so
 * the replies keep their place. Answers the slugs whose published content changed (for a purge).
 */
export function removeRemote(db: D1Database, source: string, now: number): D1PreparedStatement[] {
  return [
    db.prepare(`DELETE FROM responses WHERE source = ?`).bind(source),
    db
      .prepare(
        `DELETE FROM comments WHERE source = ?
           AND NOT EXISTS (SELECT 1 FROM comments AS child WHERE child.parent_id = comments.id)`,
      )
      .bind(source),
    db
      .prepare(
        `UPDATE comments SET previous_status = status, status = 'trash', updated_at = ?
         WHERE source = ? AND status != 'trash'`,
      )
      .bind(now, source),
  ]
}

/**
 * The status a new comment from another site gets: the moderation policy (held unless "open"; a
 * remote author has no remember-me proof, so "hold-first" holds), the block and moderation words.
 */
export function remoteCommentStatus(
  settings: { policy: string; moderationWords: string[]; blockWords: string[] },
  text: string,
): CommentStatus {
  const lower = text.toLowerCase()
  if (settings.blockWords.some((word) => lower.includes(word))) return 'spam'
  if (settings.moderationWords.some((word) => lower.includes(word))) return 'pending'
  return settings.policy === 'open' ? 'approved' : 'pending'
}
