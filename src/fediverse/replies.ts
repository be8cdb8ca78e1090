import { renderComment, RENDERER_VERSION } from '../lib/comment-markdown'
import { config } from '../config'
import { findEssay } from '../content/catalog'
import type { Essay } from '../content/types'
import type { CommentStatus } from '../db/schema'
import type { Env } from '../env'
import { randomId } from '../lib/crypto'

/**
 * Replies from the fediverse as rows of the `comments` table (origin 'fediverse', source = the Note's
 * id, origin_url = its url), and likes/boosts as rows of `responses`. The comment model is shared with
 * the form's comments, so the thread, feeds, moderation and exports treat them alike.
 */

/**
 * Reply levels below a top-level comment, as src/comments/store.ts MAX_DEPTH (tests/fediverse check
 * the two agree; this feature does not import comments). A reply deeper than that is attached beside
 * its parent, so it still shows, at the deepest level.
 */
export const MAX_DEPTH = 4

export interface ReplyTarget {
  essay: Essay
  parentId: string | null
  depth: number
}

/** The essay a URL names (its canonical URL, with or without a #comment-<id> anchor), or null. */
export function essayOfUrl(
  siteUrl: string,
  value: string,
): { essay: Essay; anchor: string } | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  const prefix = `${siteUrl}/essays/`
  const bare = url.origin + url.pathname
  if (!bare.startsWith(prefix)) return null
  let slug: string
  try {
    slug = decodeURIComponent(bare.slice(prefix.length).replace(/\/$/, ''))
  } catch {
    return null
  }
  const essay = findEssay(slug.normalize('NFC'))
  return essay && !essay.draft ? { essay, anchor: url.hash.slice(1) } : null
}

interface ParentRow {
  id: string
  essaySlug: string
  parentId: string | null
  depth: number
  status: CommentStatus
}

async function commentRow(env: Env, column: 'id' | 'source', value: string) {
  return env.DB.prepare(
    `SELECT id, essay_slug AS essaySlug, parent_id AS parentId, depth, status FROM comments WHERE ${column} = ?1`,
  )
    .bind(value)
    .first<ParentRow>()
}

/** Where a Note replying to `inReplyTo` goes: an essay (root), a comment anchor on it, or a known note. */
export async function replyTarget(env: Env, inReplyTo: string): Promise<ReplyTarget | null> {
  const { siteUrl } = config(env)
  const named = essayOfUrl(siteUrl, inReplyTo)
  let parent: ParentRow | null
  if (named) {
    if (!named.anchor.startsWith('comment-'))
      return { essay: named.essay, parentId: null, depth: 0 }
    parent = await commentRow(env, 'id', named.anchor.slice('comment-'.length))
    if (!parent || parent.essaySlug !== named.essay.slug) return null
  } else {
    parent = await commentRow(env, 'source', inReplyTo)
  }
  if (!parent || parent.status === 'spam' || parent.status === 'trash') return null
  const essay = findEssay(parent.essaySlug)
  if (!essay) return null
  if (parent.depth >= MAX_DEPTH) return { essay, parentId: parent.parentId, depth: parent.depth }
  return { essay, parentId: parent.id, depth: parent.depth + 1 }
}

export interface NoteComment {
  source: string
  originUrl: string
  authorName: string
  authorUrl: string
  body: string
  publishedAt: number
}

/** Stores a new reply once (a redelivered Create changes nothing); null when it was already there. */
export async function insertNoteComment(
  env: Env,
  target: ReplyTarget,
  note: NoteComment,
  status: CommentStatus,
  now: number,
): Promise<{ id: string; status: CommentStatus } | null> {
  const row = await env.DB.prepare(
    `INSERT INTO comments (id, essay_slug, parent_id, depth, author_name, author_email, author_url, body,
       status, created_at, updated_at, source, origin, origin_url, body_html, body_html_version)
     VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7, ?8, ?9, ?10, ?11, 'fediverse', ?12, ?13, ?14)
     ON CONFLICT DO NOTHING RETURNING id, status`,
  )
    .bind(
      randomId(),
      target.essay.slug,
      target.parentId,
      target.depth,
      note.authorName,
      note.authorUrl,
      note.body,
      status,
      Math.min(note.publishedAt, now),
      now,
      note.source,
      note.originUrl,
      // Rendered once here, like a form comment, so page views use the stored HTML.
      renderComment(note.body),
      RENDERER_VERSION,
    )
    .first<{ id: string; status: CommentStatus }>()
  return row ?? null
}

/** Edits a reply's text (an Update from its author); returns its essay and status, or null. */
export async function updateNoteComment(
  env: Env,
  source: string,
  body: string,
  authorName: string,
  now: number,
) {
  return env.DB.prepare(
    `UPDATE comments SET body = ?2, author_name = ?3, updated_at = ?4, body_html = ?5,
       body_html_version = ?6
     WHERE source = ?1 AND origin = 'fediverse' RETURNING id, essay_slug AS essaySlug, status`,
  )
    .bind(source, body, authorName, now, renderComment(body), RENDERER_VERSION)
    .first<{ id: string; essaySlug: string; status: CommentStatus }>()
}

/**
 * Removes a deleted Note's comment. Its replies stay (reattached to its parent, one level up), as
 * when a moderator deletes a comment; returns its essay, or null when there was none.
 */
export async function deleteNoteComment(env: Env, source: string) {
  const row = await env.DB.prepare(
    `SELECT id, essay_slug AS essaySlug, parent_id AS parentId, status FROM comments
     WHERE source = ?1 AND origin = 'fediverse'`,
  )
    .bind(source)
    .first<{ id: string; essaySlug: string; parentId: string | null; status: CommentStatus }>()
  if (!row) return null
  await env.DB.batch([
    env.DB.prepare(
      'UPDATE comments SET parent_id = ?2, depth = max(depth - 1, 0) WHERE parent_id = ?1',
    ).bind(row.id, row.parentId),
    env.DB.prepare('DELETE FROM comments WHERE id = ?1').bind(row.id),
  ])
  return row
}

export async function upsertResponse(
  env: Env,
  response: {
    source: string
    essaySlug: string
    kind: 'like' | 'repost'
    authorName: string | null
    authorUrl: string | null
    url: string | null
  },
  now: number,
) {
  await env.DB.prepare(
    `INSERT INTO responses (source, essay_slug, kind, origin, author_name, author_url, url, created_at, updated_at)
     VALUES (?1, ?2, ?3, 'fediverse', ?4, ?5, ?6, ?7, ?7)
     ON CONFLICT (source) DO UPDATE SET author_name = ?4, author_url = ?5, url = ?6, updated_at = ?7`,
  )
    .bind(
      response.source,
      response.essaySlug,
      response.kind,
      response.authorName,
      response.authorUrl,
      response.url,
      now,
    )
    .run()
}

/** Removes an undone like or boost; returns its essay slug, or null. */
export async function deleteResponse(env: Env, source: string): Promise<string | null> {
  const row = await env.DB.prepare(
    "DELETE FROM responses WHERE source = ?1 AND origin = 'fediverse' RETURNING essay_slug AS slug",
  )
    .bind(source)
    .first<{ slug: string }>()
  return row?.slug ?? null
}

/** Likes and boosts of an essay, for its page and the admin ("N boosts · N likes"). */
export async function responseCounts(env: Env, slug: string) {
  const { results } = await env.DB.prepare(
    `SELECT kind, count(*) AS n FROM responses WHERE essay_slug = ?1 AND origin = 'fediverse' GROUP BY kind`,
  )
    .bind(slug)
    .all<{ kind: string; n: number }>()
  const count = (kind: string) => results.find((row) => row.kind === kind)?.n ?? 0
  return { likes: count('like'), boosts: count('repost') }
}
