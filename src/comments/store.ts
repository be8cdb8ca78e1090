import type { CommentStatus } from '../db/schema'

/** What readers see of stored comments: one essay page's threads, and the comments feed. */

/** D1 itself or a session: both prepare statements the same way. */
export type Db = Pick<D1Database, 'prepare'>

export const THREADS_PER_PAGE = 50
/** Reply levels below a top-level comment: depth 0 is top-level, so a thread is at most 5 levels deep. */
export const MAX_DEPTH = 4

/** A comment as readers may see it: no email, IP hash, user agent or signals, ever. */
export interface PublicComment {
  id: string
  parentId: string | null
  authorName: string
  authorUrl: string | null
  body: string
  status: CommentStatus
  createdAt: number
}

export interface CommentsPage {
  /** Approved comments of this page's threads (top-level plus replies), oldest first. */
  comments: PublicComment[]
  /** 1-based page shown, and how many pages of threads exist (0 when there are none). */
  page: number
  pages: number
  total: number
  /** The author's own held comment, when a valid preview token asked for it. */
  preview: PublicComment | null
  /** The approved comment a reader is replying to (?replyto). */
  replyTarget: PublicComment | null
}

const PUBLIC_COLUMNS =
  'c.id, c.parent_id AS parentId, c.author_name AS authorName, c.author_url AS authorUrl, c.body, c.status, c.created_at AS createdAt'

/**
 * Everything an essay page shows, in ONE query: the count of threads, one page of top-level
 * threads with all their approved replies (recursive CTE), the author's preview and the reply target.
 * `page` null means the newest page (like WordPress's default), so new threads appear without ?cpage.
 */
export async function loadCommentsPage(
  db: Db,
  slug: string,
  options: { page: number | null; previewId?: string | null; replyToId?: string | null },
): Promise<CommentsPage> {
  const { results } = await db
    .prepare(
      `WITH RECURSIVE
         meta AS (SELECT count(*) AS total FROM comments WHERE essay_slug = ?1 AND status = 'approved' AND parent_id IS NULL),
         -- D1 may bind JS numbers as REAL: cast, or (total - 1) / 50 is not a whole page.
         pick AS (SELECT CAST(CASE WHEN ?2 IS NULL THEN max(0, (total - 1) / CAST(?3 AS INTEGER)) ELSE ?2 - 1 END AS INTEGER) AS page_index FROM meta),
         roots AS (
           SELECT id FROM comments WHERE essay_slug = ?1 AND status = 'approved' AND parent_id IS NULL
           ORDER BY created_at, id LIMIT CAST(?3 AS INTEGER) OFFSET (SELECT page_index * CAST(?3 AS INTEGER) FROM pick)),
         tree(id, level) AS (
           SELECT id, 0 FROM roots
           UNION ALL
           SELECT c.id, tree.level + 1 FROM tree CROSS JOIN comments c ON c.parent_id = tree.id
           WHERE c.essay_slug = ?1 AND c.status = 'approved' AND tree.level < 32)
       SELECT 'meta' AS kind, NULL AS id, NULL AS parentId, NULL AS authorName, NULL AS authorUrl, NULL AS body, NULL AS status,
              (SELECT page_index FROM pick) AS createdAt, (SELECT total FROM meta) AS total
       UNION ALL
       SELECT 'comment', ${PUBLIC_COLUMNS}, NULL FROM tree CROSS JOIN comments c ON c.id = tree.id
       UNION ALL
       SELECT 'preview', ${PUBLIC_COLUMNS}, NULL FROM comments c WHERE c.id = ?4 AND c.essay_slug = ?1 AND c.status IN ('pending', 'spam')
       UNION ALL
       SELECT 'target', ${PUBLIC_COLUMNS}, NULL FROM comments c WHERE c.id = ?5 AND c.essay_slug = ?1 AND c.status = 'approved'`,
    )
    .bind(
      slug,
      options.page,
      THREADS_PER_PAGE,
      options.previewId ?? null,
      options.replyToId ?? null,
    )
    .all<PublicComment & { kind: string; total: number | null }>()

  let total = 0
  let pageIndex = 0
  const comments: PublicComment[] = []
  let preview: PublicComment | null = null
  let replyTarget: PublicComment | null = null
  for (const { kind, total: count, ...row } of results) {
    if (kind === 'meta') {
      total = count ?? 0
      pageIndex = row.createdAt ?? 0
    } else if (kind === 'comment') comments.push(row)
    else if (kind === 'preview') preview = row
    else if (kind === 'target') replyTarget = row
  }
  comments.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
  return {
    comments,
    page: pageIndex + 1,
    pages: Math.ceil(total / THREADS_PER_PAGE),
    total,
    preview,
    replyTarget,
  }
}

/** Newest approved comments of an essay, for its comments feed. */
export async function latestApproved(db: Db, slug: string, limit = 50): Promise<PublicComment[]> {
  const { results } = await db
    .prepare(
      `SELECT ${PUBLIC_COLUMNS} FROM comments c WHERE c.essay_slug = ?1 AND c.status = 'approved' ORDER BY c.created_at DESC, c.id DESC LIMIT ?2`,
    )
    .bind(slug, limit)
    .all<PublicComment>()
  return results
}
