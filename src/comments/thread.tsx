import { isHttpUrl } from '../lib/schema'
import type { Child } from 'hono/jsx'
import { formatDayTime } from '../lib/dates'
import { commentAnchor, commentsFeedPath, essayPath } from '../lib/urls'
import { formatNumber, t } from '../views/i18n'
import { CommentHtml, LINK_REL } from './body'
import { MAX_DEPTH, type CommentSort, type CommentsPage, type PublicComment } from './store'

/** The comment list of an essay page: threads as nested lists, with paging and the feed link. */

const iso = (ms: number) => new Date(ms).toISOString()
const shownDate = formatDayTime

/** ?sort=newest is kept in every link of the list; the default (oldest first) adds nothing. */
const sortQuery = (sort: CommentSort) => (sort === 'newest' ? { sort: 'newest' } : {})

/** The default page (the newest for oldest-first, the first for newest-first) has no ?cpage. */
const pagePath = (slug: string, page: number, pages: number, sort: CommentSort) =>
  essayPath(slug, {
    cpage: page === (sort === 'newest' ? 1 : pages) ? null : page,
    query: sortQuery(sort),
  })

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

/** The badges: visible words (their accessible names), with the longer meaning as a title. */
function Badges(props: { comment: PublicComment }) {
  const m = t()
  return (
    <>
      {Boolean(props.comment.isAuthor) && (
        <>
          {' '}
          <span class="badge badge-author" title={m.authorBadgeLabel}>
            {m.authorBadge}
          </span>
        </>
      )}
      {props.comment.pinnedAt !== null && props.comment.pinnedAt !== undefined && (
        <>
          {' '}
          <span class="badge badge-pinned" title={m.pinnedBadgeLabel}>
            {m.pinnedBadge}
          </span>
        </>
      )}
    </>
  )
}

function CommentItem(props: {
  comment: PublicComment
  level: number
  slug: string
  page: number
  children?: Child
  held?: boolean
  /** The author's own edit page (this browser posted it, within the window). */
  editHref?: string
}) {
  const { comment, level, slug } = props
  const m = t()
  // Replies stay on the page they were asked from (?cpage), so the form opens under the same thread.
  const replyHref = essayPath(slug, {
    cpage: props.page,
    query: { replyto: comment.id },
    hash: 'respond',
  })
  if (comment.deletedAt) {
    // Kept in its place so the replies still make sense; nothing of what it said remains.
    return (
      <li id={commentAnchor(comment.id)} class="comment deleted">
        <article aria-label={m.deletedByAuthor}>
          <p class="deleted-note">{m.deletedByAuthor}</p>
        </article>
        {props.children}
      </li>
    )
  }
  const classes = ['comment', 'h-entry', props.held && 'held', comment.isAuthor && 'by-author']
  return (
    <li id={commentAnchor(comment.id)} class={classes.filter(Boolean).join(' ')}>
      <article aria-label={m.commentBy({ name: comment.authorName })}>
        <header class="comment-meta">
          <Author comment={comment} />
          <Badges comment={comment} />{' '}
          <a class="u-url" href={`#${commentAnchor(comment.id)}`}>
            <time class="dt-published" datetime={iso(comment.createdAt)}>
              {shownDate(comment.createdAt)}
            </time>
          </a>
          <Via comment={comment} />
          {comment.editedAt && (
            <>
              {' '}
              <span class="edited">
                <time class="dt-updated" datetime={iso(comment.editedAt)}>
                  {m.editedAt({ time: shownDate(comment.editedAt) })}
                </time>
              </span>
            </>
          )}
        </header>
        {props.held && <p class="awaiting">{m.awaitingModeration}</p>}
        <div class="comment-body e-content">
          <CommentHtml comment={comment} />
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
        {props.editHref && (
          <>
            {' '}
            <a
              class="edit"
              href={props.editHref}
              rel="nofollow"
              aria-label={m.editCommentLabel({ name: comment.authorName })}
            >
              {m.editComment}
            </a>{' '}
            <a
              class="delete"
              href={`${props.editHref}#delete`}
              rel="nofollow"
              aria-label={m.deleteCommentLabel({ name: comment.authorName })}
            >
              {m.deleteComment}
            </a>
          </>
        )}
      </article>
      {props.children}
    </li>
  )
}

/** Oldest first / newest first, as plain links; the order lives in the URL only. */
function SortLinks(props: { slug: string; sort: CommentSort }) {
  const m = t()
  const link = (sort: CommentSort, label: string) =>
    props.sort === sort ? (
      <strong aria-current="true">{label}</strong>
    ) : (
      <a href={essayPath(props.slug, { query: sortQuery(sort), hash: 'comments' })} rel="nofollow">
        {label}
      </a>
    )
  return (
    <nav class="comment-sort" aria-label={m.sortComments}>
      {link('oldest', m.sortOldest)} · {link('newest', m.sortNewest)}
    </nav>
  )
}

/** Threads as nested lists; deeper replies than the cap (imported ones) are shown at the last level. */
export function CommentsSection(props: {
  slug: string
  data: CommentsPage
  explicitPage: boolean
  sort?: CommentSort
  /** Edit pages of this browser's own comments, by id (from its signed edit cookie). */
  editLinks?: Record<string, string>
}) {
  const { slug, data } = props
  const sort = props.sort ?? 'oldest'
  const m = t()
  const preview = data.preview
  const byParent = new Map<string | null, PublicComment[]>()
  const ids = new Set(data.comments.map((comment) => comment.id))
  for (const comment of data.comments) {
    const parent = comment.parentId && ids.has(comment.parentId) ? comment.parentId : null
    byParent.set(parent, [...(byParent.get(parent) ?? []), comment])
  }
  // Threads in the chosen order (replies stay oldest first), the pinned thread before all of them.
  const roots = byParent.get(null) ?? []
  if (sort === 'newest') roots.reverse()
  const pinned = roots.findIndex((comment) => comment.pinnedAt != null)
  if (pinned > 0) roots.unshift(...roots.splice(pinned, 1))
  const previewParent = preview?.parentId && ids.has(preview.parentId) ? preview.parentId : null
  const page = props.explicitPage ? data.page : 0
  const editHref = (id: string) => props.editLinks?.[id]

  const list = (parent: string | null, level: number): Child => {
    const children = byParent.get(parent) ?? []
    const showPreview = preview && parent !== null && previewParent === parent
    if (children.length === 0 && !showPreview) return null
    const items = children.map((comment) => (
      <CommentItem
        comment={comment}
        level={Math.min(level, MAX_DEPTH)}
        slug={slug}
        page={page}
        editHref={editHref(comment.id)}
      >
        {list(comment.id, level + 1)}
      </CommentItem>
    ))
    if (showPreview)
      items.push(
        <CommentItem
          comment={preview}
          level={level}
          slug={slug}
          page={page}
          held
          editHref={editHref(preview.id)}
        />,
      )
    return <ol class={parent ? 'children' : 'comment-list'}>{items}</ol>
  }

  const nav = data.pages > 1 && (
    <nav class="comment-pages" aria-label={m.commentPages}>
      {data.page > 1 && (
        <a href={pagePath(slug, data.page - 1, data.pages, sort)} rel="prev">
          {sort === 'newest' ? m.newerComments : m.olderComments}
        </a>
      )}{' '}
      <span>{m.pageOf({ page: formatNumber(data.page), pages: formatNumber(data.pages) })}</span>{' '}
      {data.page < data.pages && (
        <a href={pagePath(slug, data.page + 1, data.pages, sort)} rel="next">
          {sort === 'newest' ? m.olderComments : m.newerComments}
        </a>
      )}
    </nav>
  )

  return (
    <section class="comments" id="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">{m.commentsTitle}</h2>
      {data.total > 1 && <SortLinks slug={slug} sort={sort} />}
      {preview && !previewParent && (
        <ol class="comment-list own">
          <CommentItem
            comment={preview}
            level={0}
            slug={slug}
            page={page}
            held
            editHref={editHref(preview.id)}
          />
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

/** "via mastodon.social": where a reply from elsewhere was written, linked to the original. */
function Via(props: { comment: PublicComment }) {
  const { origin, originUrl } = props.comment
  if (origin !== 'fediverse' && origin !== 'webmention' && origin !== 'bluesky') return null
  const m = t()
  let where: string = origin === 'bluesky' ? 'Bluesky' : ''
  if (!where && originUrl && isHttpUrl(originUrl)) where = new URL(originUrl).hostname
  if (!where) return null
  return (
    <>
      {' '}
      <span class="via">
        {originUrl && isHttpUrl(originUrl) ? (
          <a class="u-syndication" href={originUrl} rel="nofollow ugc noopener">
            {m.viaOrigin({ where })}
          </a>
        ) : (
          m.viaOrigin({ where })
        )}
      </span>
    </>
  )
}
