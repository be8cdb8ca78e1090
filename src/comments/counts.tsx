import type { Env } from '../env'
import { readSession } from '../db/session'
import { essayPath } from '../lib/urls'
import { formatNumber, t } from '../views/i18n'

/**
 * Comment counts for the listings (home page, tag pages): ONE grouped query for every essay of the
 * page, on comments_page_idx (essay_slug, status, ...) as a covering index. Called while a listing
 * page is rendered, so the listing's page cache covers it (and essays.changed purges it).
 * Approved comments, replies included; an author's deleted placeholder still counts.
 */
export async function commentCounts(
  env: Pick<Env, 'DB'>,
  slugs: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  if (slugs.length === 0) return counts
  const { results } = await readSession(env)
    .prepare(
      `SELECT essay_slug AS slug, count(*) AS n FROM comments
       WHERE status = 'approved' AND essay_slug IN (SELECT value FROM json_each(?1))
       GROUP BY essay_slug`,
    )
    .bind(JSON.stringify(slugs))
    .all<{ slug: string; n: number }>()
  for (const { slug, n } of results) counts.set(slug, n)
  return counts
}

/** "12 comments", linked to the essay's thread; nothing for an essay without comments. */
export function CommentCount(props: { slug: string; count: number | undefined }) {
  if (!props.count) return null
  return (
    <a class="comment-count" href={essayPath(props.slug, { hash: 'comments' })}>
      {t().commentCount({ count: props.count, countText: formatNumber(props.count) })}
    </a>
  )
}
