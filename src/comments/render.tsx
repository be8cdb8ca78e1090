import type { Child } from 'hono/jsx'
import { formatDayTime } from '../lib/dates'
import { CommentBody, LINK_REL } from './body'
import { MAX_DEPTH, type CommentsPage, type PublicComment } from './store'
import type { Field, FieldErrors } from './validate'

const iso = (ms: number) => new Date(ms).toISOString()
const shownDate = formatDayTime

export const commentsFeedPath = (slug: string) => `/essays/${slug}/comments.xml`
const pagePath = (slug: string, page: number, pages: number) =>
  page === pages ? `/essays/${slug}` : `/essays/${slug}?cpage=${page}`

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
  // Replies stay on the page they were asked from (?cpage), so the form opens under the same thread.
  const replyHref = `/essays/${slug}?${props.page ? `cpage=${props.page}&` : ''}replyto=${comment.id}#respond`
  return (
    <li id={`comment-${comment.id}`} class={`comment h-entry${props.held ? ' held' : ''}`}>
      <article aria-label={`Comment by ${comment.authorName}`}>
        <header class="comment-meta">
          <Author comment={comment} />{' '}
          <a class="u-url" href={`#comment-${comment.id}`}>
            <time class="dt-published" datetime={iso(comment.createdAt)}>
              {shownDate(comment.createdAt)}
            </time>
          </a>
        </header>
        {props.held && <p class="awaiting">Your comment is awaiting moderation.</p>}
        <div class="comment-body e-content">
          <CommentBody text={comment.body} />
        </div>
        {!props.held && level < MAX_DEPTH && (
          <a
            class="reply"
            href={replyHref}
            rel="nofollow"
            aria-label={`Reply to ${comment.authorName}`}
          >
            Reply
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
    <nav class="comment-pages" aria-label="Comment pages">
      {data.page > 1 && (
        <a href={pagePath(slug, data.page - 1, data.pages)} rel="prev">
          ← Older comments
        </a>
      )}{' '}
      <span>
        Page {data.page} of {data.pages}
      </span>{' '}
      {data.page < data.pages && (
        <a href={pagePath(slug, data.page + 1, data.pages)} rel="next">
          Newer comments →
        </a>
      )}
    </nav>
  )

  return (
    <section class="comments" id="comments" aria-labelledby="comments-title">
      <h2 id="comments-title">Comments</h2>
      {preview && !previewParent && (
        <ol class="comment-list own">
          <CommentItem comment={preview} level={0} slug={slug} page={page} held />
        </ol>
      )}
      {nav}
      {list(null, 0) ??
        (data.total === 0 && !preview ? <p class="no-comments">No comments yet.</p> : null)}
      {nav}
      <p class="comments-feed">
        <a href={commentsFeedPath(slug)} type="application/rss+xml">
          Follow the comments (RSS)
        </a>
      </p>
    </section>
  )
}

export interface FormValues {
  name: string
  email: string
  website: string
  body: string
  parentId: string
  remember: boolean
}

export const EMPTY_VALUES: FormValues = {
  name: '',
  email: '',
  website: '',
  body: '',
  parentId: '',
  remember: false,
}

export interface FormState {
  slug: string
  token: string
  values: FormValues
  errors?: FieldErrors
  /** A message about the whole form (token, honeypot, flood, storage). */
  formError?: string
  replyTarget: PublicComment | null
  /** ?cpage the reader is on, so "cancel reply" stays there. */
  page?: number
  turnstileSiteKey?: string | null
}

const INPUT_IDS: Record<Field, string> = {
  name: 'comment-name',
  email: 'comment-email',
  website: 'comment-website',
  body: 'comment-body',
  parentId: 'comment-parent',
}

function FieldError(props: { field: Field; errors?: FieldErrors }) {
  const message = props.errors?.[props.field]
  return message ? (
    <span class="error" id={`${INPUT_IDS[props.field]}-error`}>
      {message}
    </span>
  ) : null
}

function invalid(field: Field, errors?: FieldErrors) {
  return errors?.[field]
    ? { 'aria-invalid': 'true', 'aria-describedby': `${INPUT_IDS[field]}-error` }
    : {}
}

export const HONEYPOT_FIELD = 'homepage'
export const TURNSTILE_FIELD = 'cf-turnstile-response'

/** The comment form: plain HTML that works with JavaScript off; every typed value comes back on an error. */
export function CommentForm(props: FormState) {
  const { values, errors, slug } = props
  const messages = [
    props.formError,
    ...Object.entries(errors ?? {}).map(([, message]) => message),
  ].filter(Boolean)
  const target = props.replyTarget
  // The action's #respond survives the POST: an error page opens at the form and its summary, even without JavaScript.
  return (
    <form
      class="comment"
      method="post"
      action={`/essays/${slug}/comments#respond`}
      novalidate={messages.length > 0}
    >
      {messages.length > 0 && (
        <div class="notice error-summary" role="alert" id="comment-errors" tabindex={-1}>
          <h3>Your comment was not posted</h3>
          <ul>
            {props.formError && <li>{props.formError}</li>}
            {Object.entries(errors ?? {}).map(([field, message]) => (
              <li>
                <a href={`#${INPUT_IDS[field as Field]}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {target && (
        <p class="replying">
          Replying to <a href={`#comment-${target.id}`}>{target.authorName}</a>.{' '}
          <a href={`/essays/${slug}${props.page ? `?cpage=${props.page}` : ''}#respond`}>
            Cancel reply
          </a>
        </p>
      )}
      {(target || values.parentId) && (
        <input
          type="hidden"
          name="parent_id"
          id={INPUT_IDS.parentId}
          value={target?.id ?? values.parentId}
        />
      )}
      <FieldError field="parentId" errors={errors} />
      <input type="hidden" name="token" value={props.token} />
      <p class="field">
        <label for={INPUT_IDS.body}>
          Comment <span aria-hidden="true">*</span>
        </label>
        {/* A textarea drops one leading newline when parsed: the extra one keeps the value exact. */}
        <textarea id={INPUT_IDS.body} name="body" rows={8} required {...invalid('body', errors)}>
          {'\n' + values.body}
        </textarea>
        <FieldError field="body" errors={errors} />
      </p>
      <p class="field">
        <label for={INPUT_IDS.name}>
          Name <span aria-hidden="true">*</span>
        </label>
        <input
          id={INPUT_IDS.name}
          name="name"
          type="text"
          autocomplete="name"
          required
          value={values.name}
          {...invalid('name', errors)}
        />
        <FieldError field="name" errors={errors} />
      </p>
      <p class="field">
        <label for={INPUT_IDS.email}>
          Email <span aria-hidden="true">*</span>
        </label>
        <input
          id={INPUT_IDS.email}
          name="email"
          type="email"
          autocomplete="email"
          required
          value={values.email}
          {...invalid('email', errors)}
        />
        <FieldError field="email" errors={errors} />
      </p>
      <p class="field">
        <label for={INPUT_IDS.website}>Website</label>
        <input
          id={INPUT_IDS.website}
          name="website"
          type="url"
          autocomplete="url"
          value={values.website}
          {...invalid('website', errors)}
        />
        <FieldError field="website" errors={errors} />
      </p>
      {/* Hidden from people and assistive technology; bots that fill every field give themselves away. */}
      <p class="hp" aria-hidden="true">
        <label for="comment-homepage">Leave this field empty</label>
        <input
          id="comment-homepage"
          name={HONEYPOT_FIELD}
          type="text"
          tabindex={-1}
          autocomplete="off"
          value=""
        />
      </p>
      <p class="check">
        <input
          id="comment-remember"
          name="remember"
          type="checkbox"
          value="yes"
          checked={values.remember}
        />{' '}
        <label for="comment-remember">
          Save my name, email, and website in this browser for the next time I comment.
        </label>
      </p>
      {props.turnstileSiteKey && (
        <>
          <div class="cf-turnstile" data-sitekey={props.turnstileSiteKey} />
          <script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer />
        </>
      )}
      <p class="submit">
        <button type="submit">Post Comment</button>
      </p>
    </form>
  )
}
