import type { Child } from 'hono/jsx'
import { formatDayTime } from '../lib/dates'
import { commentAnchor, commentsFeedPath, essayPath } from '../lib/urls'
import { formatNumber, t } from '../views/i18n'
import { CommentBody, LINK_REL } from './body'
import { MAX_DEPTH, type CommentsPage, type PublicComment } from './store'

/** The comment list of an essay page: threads as nested lists, with paging and the feed link. */

const iso = (ms: number) => new Date(ms).toISOString()
const shownDate = formatDayTime

/** The newest page has no ?cpage, so it is the one address new threads appear at. */
const pagePath = (slug: string, page: number, pages: number) =>
  essayPath(slug, { cpage: page === pages ? null : page })

function Author(props: { comment: PublicComment }) {
  const { comment } = props
  return comment.authorUrl ? (
    <a class="p-author h-card u-url" href={comment.authorUrl} rel={LINK_REL}>
      {comment.authorName}
    </a>
  ) : (
    <span class="p-author h-card">{comment.authorName}</span>
  )
}

function CommentItem(props: {
  comment: PublicComment
  level: number
  slug: string
  page: number
  children?: Child
  held?: boolean
}) {
  const { comment, level, slug } = props
  const m = t()
  // Replies stay on the page they were asked from (?cpage), so the form opens under the same thread.
  const replyHref = essayPath(slug, {
    cpage: props.page,
    query: { replyto: comment.id },
    hash: 'respond',
  })
  return (
    <li id={commentAnchor(comment.id)} class={`comment h-entry${props.held ? ' held' : ''}`}>
      <article aria-label={m.commentBy({ name: comment.authorName })}>
        <header class="comment-meta">
          <Author comment={comment} />{' '}
          <a class="u-url" href={`#${commentAnchor(comment.id)}`}>
            <time class="dt-published" datetime={iso(comment.createdAt)}>
              {shownDate(comment.createdAt)}
            </time>
          </a>
        </header>
        {props.held && <p class="awaiting">{m.awaitingModeration}</p>}
        <div class="comment-body e-content">
          <CommentBody text={comment.body} />
        </div>
        {!props.held && level < MAX_DEPTH && (
          <a
            class="reply"
            href={replyHref}
            rel="nofollow"
            aria-label={m.replyTo({ name: comment.authorName })}
          >
            {m.reply}
          </a>
        )}
      </article>
      {props.children}
    </li>
  )
}

/** Threads as nested lists; deeper replies than the cap (imported ones) are shown at the last level. */
export function CommentsSection(props: {
  slug: string
  data: CommentsPage
  explicitPage: boolean
}) {
  const { slug, data } = props
  const m = t()
  const preview = data.preview
  const byParent = new Map<string | null, PublicComment[]>()
  const ids = new Set(data.comments.map((comment) => comment.id))
  for (const comment of data.comments) {
    const parent = comment.parentId && ids.has(comment.parentId) ? comment.parentId : null
    byParent.set(parent, [...(byParent.get(parent) ?? []), comment])
  }
  const previewParent = preview?.parentId && ids.has(preview.parentId) ? preview.parentId : null
  const page = props.explicitPage ? data.page : 0

  const list = (parent: string | null, level: number): Child => {
    const children = byParent.get(parent) ?? []
    const showPreview = preview && parent !== null && previewParent === parent
    if (children.length === 0 && !showPreview) return null
    const items = children.map((comment) => (
      <CommentItem comment={comment} level={Math.min(level, MAX_DEPTH)} slug={slug} page={page}>
        {list(comment.id, level + 1)}
      </CommentItem>
    ))
    if (showPreview)
      items.push(<CommentItem comment={preview} level={level} slug={slug} page={page} held />)
    return <ol class={parent ? 'children' : 'comment-list'}>{items}</ol>
  }

  const nav = data.pages > 1 && (
    <nav class="comment-pages" aria-label={m.commentPages}>
      {data.page > 1 && (
        <a href={pagePath(slug, data.page - 1, data.pages)} rel="prev">
          {m.olderComments}
        </a>
      )}{' '}
      <span>{m.pageOf({ page: formatNumber(data.page), pages: formatNumber(data.pages) })}</span>{' '}
      {data.page < data.pages && (
        <a href={pagePath(slug, data.page + 1, data.pages)} rel="next">
          {m.newerComments}
        </a>
      )}
    </nav>
  )

  return (
    <section class="comments" id="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">{m.commentsTitle}</h2>
      {preview && !previewParent && (
        <ol class="comment-list own">
          <CommentItem comment={preview} level={0} slug={slug} page={page} held />
        </ol>
      )}
      {nav}
      {list(null, 0) ??
        (data.total === 0 && !preview ? <p class="no-comments">{m.noComments}</p> : null)}
      {nav}
      <p class="comments-feed">
        <a href={commentsFeedPath(slug)} type="application/rss+xml">
          {m.followComments}
        </a>
      </p>
    </section>
  )
}
