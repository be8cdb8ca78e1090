import type { CommentOrigin, CommentStatus } from '../db/schema'

/** What readers see of stored comments: one essay page's threads, and the comments feed. */

/** D1 itself or a session: both prepare statements the same way. */
export type Db = Pick<D1Database, 'prepare'> & Partial<Pick<D1Database, 'batch'>>

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
  /** Stored HTML (null on rows from before the renderer) and its renderer version. */
  bodyHtml: string | null
  bodyHtmlVersion: number | null
  /** Written by a moderator from the admin or the essay page: marked "Author". 0/1 from D1. */
  isAuthor: boolean | number
  /** Set on the one pinned comment of an essay. */
  pinnedAt: number | null
  editedAt: number | null
  /** Deleted by its author while it had replies: shown as a placeholder. */
  deletedAt: number | null
  /** Where it was written ('form', 'import', 'fediverse', 'webmention', 'bluesky', 'email'). */
  origin: CommentOrigin
  /** The comment where it was written (a toot, a blog post, a Bluesky post): "via …". */
  originUrl: string | null
}

/** Oldest threads first (the default) or newest first; replies inside a thread stay in order. */
export type CommentSort = 'oldest' | 'newest'

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
  /** Approved comments of the essay, replies included ("12 comments" in the header). */
  count: number
  /** The results of the statements that rode along in the same D1 round trip (`companions`). */
  companionResults: D1Result[]
}

const PUBLIC_COLUMNS =
  'c.id, c.parent_id AS parentId, c.author_name AS authorName, c.author_url AS authorUrl, c.body, c.status, c.created_at AS createdAt, ' +
  'c.body_html AS bodyHtml, c.body_html_version AS bodyHtmlVersion, c.is_author AS isAuthor, c.pinned_at AS pinnedAt, c.edited_at AS editedAt, c.deleted_at AS deletedAt, c.origin, c.origin_url AS originUrl'
/** The meta row's NULLs for the columns after createdAt. */
const META_NULLS =
  'NULL AS bodyHtml, NULL AS bodyHtmlVersion, NULL AS isAuthor, NULL AS pinnedAt, NULL AS editedAt, NULL AS deletedAt, NULL AS origin, NULL AS originUrl'

/**
 * Everything an essay page shows, in ONE query: the count of threads, one page of top-level
 * threads with all their approved replies (recursive CTE), the author's preview and the reply target.
 * `page` null means the newest page (like WordPress's default), so new threads appear without ?cpage.
 */
export async function loadCommentsPage(
  db: Db,
  slug: string,
  options: {
    page: number | null
    previewId?: string | null
    replyToId?: string | null
    sort?: CommentSort
  },
  /**
   * Other parts of the page (the essay's Responses) add their statements here, so the page still
   * costs one D1 round trip on a miss: they run in the same batch, their results come back as
   * `companionResults`, and this store never learns what they are.
   */
  companions: (db: Db) => D1PreparedStatement[] = () => [],
): Promise<CommentsPage> {
  const newest = options.sort === 'newest'
  // Newest first starts at page 1 (the newest threads); oldest first at the last page, as before.
  const defaultPage = newest ? '0' : 'max(0, (total - 1) / CAST(?3 AS INTEGER))'
  const order = newest ? 'created_at DESC, id DESC' : 'created_at, id'
  const statement = db
    .prepare(
      `WITH RECURSIVE
         meta AS (SELECT count(*) AS total FROM comments WHERE essay_slug = ?1 AND status = 'approved' AND parent_id IS NULL),
         -- D1 may bind JS numbers as REAL: cast, or (total - 1) / 50 is not a whole page.
         pick AS (SELECT CAST(CASE WHEN ?2 IS NULL THEN ${defaultPage} ELSE ?2 - 1 END AS INTEGER) AS page_index FROM meta),
         roots AS (
           SELECT id FROM comments WHERE essay_slug = ?1 AND status = 'approved' AND parent_id IS NULL
           ORDER BY ${order} LIMIT CAST(?3 AS INTEGER) OFFSET (SELECT page_index * CAST(?3 AS INTEGER) FROM pick)),
         -- The pinned thread is on every page (shown first); a second copy of it is dropped below.
         tree(id, level) AS (
           SELECT id, 0 FROM roots
           UNION ALL
           SELECT id, 0 FROM comments WHERE essay_slug = ?1 AND pinned_at IS NOT NULL AND status = 'approved' AND parent_id IS NULL
           UNION ALL
           SELECT c.id, tree.level + 1 FROM tree CROSS JOIN comments c ON c.parent_id = tree.id
           WHERE c.essay_slug = ?1 AND c.status = 'approved' AND tree.level < 32)
       SELECT 'meta' AS kind, NULL AS id, NULL AS parentId, NULL AS authorName, NULL AS authorUrl, NULL AS body, NULL AS status,
              (SELECT page_index FROM pick) AS createdAt, ${META_NULLS}, (SELECT total FROM meta) AS total,
              (SELECT count(*) FROM comments WHERE essay_slug = ?1 AND status = 'approved') AS count
       UNION ALL
       SELECT 'comment', ${PUBLIC_COLUMNS}, NULL, NULL FROM tree CROSS JOIN comments c ON c.id = tree.id
       UNION ALL
       SELECT 'preview', ${PUBLIC_COLUMNS}, NULL, NULL FROM comments c WHERE c.id = ?4 AND c.essay_slug = ?1 AND c.status IN ('pending', 'spam')
       UNION ALL
       SELECT 'target', ${PUBLIC_COLUMNS}, NULL, NULL FROM comments c WHERE c.id = ?5 AND c.essay_slug = ?1 AND c.status = 'approved' AND c.deleted_at IS NULL`,
    )
    .bind(
      slug,
      options.page,
      THREADS_PER_PAGE,
      options.previewId ?? null,
      options.replyToId ?? null,
    )
  type Row = PublicComment & { kind: string; total: number | null; count: number | null }
  const extra = companions(db)
  const [main, ...companionResults] =
    extra.length && db.batch
      ? await db.batch<unknown>([statement, ...extra])
      : [await statement.all<Row>()]
  const results = (main?.results ?? []) as Row[]

  let total = 0
  let pageIndex = 0
  let count = 0
  const comments: PublicComment[] = []
  const seen = new Set<string>()
  let preview: PublicComment | null = null
  let replyTarget: PublicComment | null = null
  for (const { kind, total: threads, count: all, ...row } of results) {
    if (kind === 'meta') {
      total = threads ?? 0
      count = all ?? 0
      pageIndex = row.createdAt ?? 0
    } else if (kind === 'comment') {
      if (!seen.has(row.id)) comments.push(row)
      seen.add(row.id)
    } else if (kind === 'preview') preview = row
    else if (kind === 'target') replyTarget = row
  }
  comments.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
  return {
    count,
    comments,
    page: pageIndex + 1,
    pages: Math.ceil(total / THREADS_PER_PAGE),
    total,
    preview,
    replyTarget,
    companionResults,
  }
}

/** Newest approved comments of an essay, for its comments feed. */
export async function latestApproved(db: Db, slug: string, limit = 50): Promise<PublicComment[]> {
  const { results } = await db
    .prepare(
      `SELECT ${PUBLIC_COLUMNS} FROM comments c WHERE c.essay_slug = ?1 AND c.status = 'approved' AND c.deleted_at IS NULL ORDER BY c.created_at DESC, c.id DESC LIMIT ?2`,
    )
    .bind(slug, limit)
    .all<PublicComment>()
  return results
}

/** Where a page of the JSON API starts: after this thread (its root's created_at and id), or page N. */
export type ApiStart = { after: { createdAt: number; id: string } } | { page: number }

export interface ApiThreads {
  /** Approved comments of up to THREADS_PER_PAGE threads after the start, oldest first. */
  comments: PublicComment[]
  /** The last thread of this page, when more threads follow it (the next page's cursor). */
  last: { createdAt: number; id: string } | null
  /** Threads of the essay, from the counter the triggers of migration 0005 keep. */
  total: number
}

/**
 * The JSON API's page, in one query. With a cursor, the roots are a keyset range on
 * comments_thread_idx (`(created_at, id) > cursor`), so page 400 costs what page 1 does; `page` is
 * kept for the clients it was documented for and still skips with OFFSET. The total comes from
 * comment_thread_counts, not a count over every root. One extra root is read to know whether a
 * next page exists (its replies are not: the tree starts from the page's own roots).
 * tests/db/api-query-plan.test.ts checks the plan.
 */
export async function loadApiThreads(db: Db, slug: string, start: ApiStart): Promise<ApiThreads> {
  const range =
    'after' in start
      ? 'AND (created_at, id) > (CAST(?3 AS INTEGER), ?4) ORDER BY created_at, id LIMIT CAST(?2 AS INTEGER) + 1'
      : 'ORDER BY created_at, id LIMIT CAST(?2 AS INTEGER) + 1 OFFSET CAST(?3 AS INTEGER)'
  const { results } = await db
    .prepare(
      `WITH RECURSIVE
         span AS (
           SELECT id, created_at FROM comments WHERE essay_slug = ?1 AND status = 'approved' AND parent_id IS NULL ${range}),
         roots AS (SELECT id FROM span ORDER BY created_at, id LIMIT CAST(?2 AS INTEGER)),
         tree(id, level) AS (
           SELECT id, 0 FROM roots
           UNION ALL
           SELECT c.id, tree.level + 1 FROM tree CROSS JOIN comments c ON c.parent_id = tree.id
           WHERE c.essay_slug = ?1 AND c.status = 'approved' AND tree.level < 32)
       SELECT 'meta' AS kind, NULL AS id, NULL AS parentId, NULL AS authorName, NULL AS authorUrl, NULL AS body, NULL AS status,
              (SELECT count(*) FROM span) AS createdAt, ${META_NULLS},
              (SELECT threads FROM comment_thread_counts WHERE essay_slug = ?1) AS total
       UNION ALL
       SELECT 'comment', ${PUBLIC_COLUMNS}, NULL FROM tree CROSS JOIN comments c ON c.id = tree.id`,
    )
    .bind(
      ...('after' in start
        ? [slug, THREADS_PER_PAGE, start.after.createdAt, start.after.id]
        : [slug, THREADS_PER_PAGE, (start.page - 1) * THREADS_PER_PAGE]),
    )
    .all<PublicComment & { kind: string; total: number | null }>()

  let total = 0
  let spanSize = 0
  const comments: PublicComment[] = []
  for (const { kind, total: count, ...row } of results) {
    if (kind === 'meta') {
      total = Math.max(0, count ?? 0)
      spanSize = row.createdAt ?? 0
    } else comments.push(row)
  }
  comments.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
  const roots = comments.filter((comment) => comment.parentId === null)
  const lastRoot = roots[roots.length - 1]
  const last =
    spanSize > THREADS_PER_PAGE && lastRoot
      ? { createdAt: lastRoot.createdAt, id: lastRoot.id }
      : null
  return { comments, last, total }
}
