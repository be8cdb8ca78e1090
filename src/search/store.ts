import { MARK_SQL, markTerms } from './highlight'
import type { SearchQuery } from './query'

/**
 * The search SQL. Essays and approved comments in one ranked list (bm25; an essay's title weighs 10,
 * description and tags 4, body 1; a comment's author 2, body 1), one page of it plus the total, in one
 * batch. Words (unicode61) first; when they find nothing, the trigram tables (substrings, any script),
 * with terms shorter than a trigram matched by LIKE on the same tables.
 */

export const PAGE_SIZE = 10

export interface SearchHit {
  kind: 'essay' | 'comment'
  slug: string
  commentId: string | null
  author: string | null
  createdAt: number | null
  /** Text with the highlight markers of src/search/highlight.tsx: escape it, never insert it as HTML. */
  snippet: string
}

export interface SearchPage {
  hits: SearchHit[]
  total: number
}

type Mode = 'words' | 'trigrams'

const SNIPPET_TOKENS = 24

/** LIKE pattern for a term, with LIKE's own wildcards escaped. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`

interface Plan {
  sql: { essays: string; comments: string }
  params: unknown[]
}

function plan(query: SearchQuery, mode: Mode): Plan | null {
  const essays = mode === 'words' ? 'search_essays' : 'search_essays_tri'
  const comments = mode === 'words' ? 'search_comments' : 'search_comments_tri'
  const match = mode === 'words' ? query.words : query.trigrams
  const short = mode === 'words' ? [] : query.short
  if (match === null && short.length === 0) return null
  const params: unknown[] = []
  const conditions = { essays: [] as string[], comments: [] as string[] }
  if (match !== null) {
    params.push(match)
    conditions.essays.push(`${essays} MATCH ?1`)
    conditions.comments.push(`${comments} MATCH ?1`)
  }
  for (const term of short) {
    params.push(likePattern(term))
    const n = params.length
    conditions.essays.push(
      `(${['title', 'description', 'tags', 'body'].map((col) => `${essays}.${col} LIKE ?${n} ESCAPE '\\'`).join(' OR ')})`,
    )
    conditions.comments.push(
      `(${comments}.author_name LIKE ?${n} ESCAPE '\\' OR ${comments}.body LIKE ?${n} ESCAPE '\\')`,
    )
  }
  // Without MATCH there is no rank or snippet(): an excerpt around the first short term instead,
  // found with its LIKE pattern's text (every parameter must also appear in the WHERE clause: D1
  // refuses a statement whose parameter is optimised away, as in the count below).
  const first = `substr(?${match === null ? 1 : 2}, 2, length(?${match === null ? 1 : 2}) - 2)`
  const around = (table: string) =>
    `substr(${table}.body, max(1, instr(${table}.body, ${first}) - 60), 200)`
  const essaySnippet =
    match === null ? around(essays) : `snippet(${essays}, -1, ${MARK_SQL}, '…', ${SNIPPET_TOKENS})`
  const commentSnippet =
    match === null
      ? around(comments)
      : `snippet(${comments}, 1, ${MARK_SQL}, '…', ${SNIPPET_TOKENS})`
  const essayScore = match === null ? '0' : `bm25(${essays}, 0, 10, 4, 4, 1)`
  const commentScore = match === null ? '0' : `bm25(${comments}, 2, 1)`
  return {
    params,
    sql: {
      essays: `SELECT 'essay' AS kind, ${essays}.slug AS slug, NULL AS comment_id, NULL AS author,
          NULL AS created_at, ${essaySnippet} AS snippet, ${essayScore} AS score
        FROM ${essays} WHERE ${conditions.essays.join(' AND ')}`,
      comments: `SELECT 'comment' AS kind, c.essay_slug AS slug, c.id AS comment_id,
          c.author_name AS author, c.created_at AS created_at, ${commentSnippet} AS snippet,
          ${commentScore} AS score
        FROM ${comments}
        JOIN search_comment_docs AS d ON d.doc = ${comments}.rowid
        JOIN comments AS c ON c.id = d.comment_id
        WHERE ${conditions.comments.join(' AND ')} AND c.status = 'approved'`,
    },
  }
}

interface Row {
  kind: 'essay' | 'comment'
  slug: string
  comment_id: string | null
  author: string | null
  created_at: number | null
  snippet: string | null
  score: number
}

async function run(db: D1Database, p: Plan, page: number): Promise<SearchPage> {
  const offset = (page - 1) * PAGE_SIZE
  const [rows, count] = await db.batch([
    db
      .prepare(
        `SELECT * FROM (${p.sql.essays} UNION ALL ${p.sql.comments})
         ORDER BY score, kind DESC, created_at, slug LIMIT ${PAGE_SIZE} OFFSET ${offset}`,
      )
      .bind(...p.params),
    db
      .prepare(
        `SELECT (SELECT count(*) FROM (${p.sql.essays})) + (SELECT count(*) FROM (${p.sql.comments})) AS total`,
      )
      .bind(...p.params),
  ])
  const total = ((count!.results[0] as { total: number } | undefined)?.total ?? 0) as number
  const hits = (rows!.results as Row[]).map((row) => ({
    kind: row.kind,
    slug: row.slug,
    commentId: row.comment_id,
    author: row.author,
    createdAt: row.created_at,
    snippet: row.snippet ?? '',
  }))
  return { hits, total }
}

/** One page of results: by words, or by trigrams when words find nothing at all. */
export async function searchIndex(
  db: D1Database,
  query: SearchQuery,
  page: number,
): Promise<SearchPage & { mode: Mode }> {
  const words = await run(db, plan(query, 'words')!, page)
  if (words.total > 0) return { ...words, mode: 'words' }
  const trigramPlan = plan(query, 'trigrams')
  if (trigramPlan === null) return { ...words, mode: 'words' }
  const found = await run(db, trigramPlan, page)
  // LIKE matches get no markers from FTS5: mark the short terms in the (already marked) snippet.
  const hits = found.hits.map((hit) => ({ ...hit, snippet: markTerms(hit.snippet, query.short) }))
  return { hits, total: found.total, mode: 'trigrams' }
}
