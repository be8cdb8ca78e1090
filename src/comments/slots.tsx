import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import * as v from 'valibot'
import { config } from '../config'
import type { Essay } from '../content/types'
import { readSession } from '../db/session'
import type { AppEnv } from '../env'
import { scripts } from '../generated/content'
import { requireSecret, verifyToken } from '../lib/crypto'
import { describeError, log } from '../lib/log'
import { pageNumber } from '../lib/route-params'
import { commentId } from '../lib/schema'
import { commentsFeedPath } from '../lib/urls'
import { formatNumber, t } from '../views/i18n'
import {
  readBookmark,
  readEditable,
  readRemembered,
  type Editable,
  type Remembered,
} from './cookies'
import { editHref } from './edit-token'
import { signedInModerator, type Moderator } from './moderator'
import { CommentForm, EMPTY_VALUES, type FormState, type FormValues } from './form'
import { formToken, spliceToken, TOKEN_PLACEHOLDER } from './form-token'
import { loadCommentsPage, type CommentSort, type CommentsPage, type Db } from './store'
import { CommentsSection } from './thread'
import { turnstileCsp } from './turnstile'
import type { FieldErrors } from './validate'

/**
 * What the comments feature puts into an essay page (src/essays owns the page, its cache and its
 * route): the facts the page needs to decide whether a shared copy may serve this reader
 * (`commentView`), the thread, the form and the head link (`commentSlots`), and the last step of
 * every response, the form token of this view (`forThisView`).
 */

/** The query parameters of an essay page that are comments' (for `validQuery`). */
export const pageQuery = {
  cpage: v.optional(pageNumber),
  replyto: v.optional(v.string()),
  unapproved: v.optional(v.string()),
  'moderation-hash': v.optional(v.string()),
  sort: v.optional(v.picklist(['oldest', 'newest'])),
}
export type PageQuery = { [K in keyof typeof pageQuery]: v.InferOutput<(typeof pageQuery)[K]> }

/** The form as a refused post left it: every typed value, the messages, a message for the whole form. */
export interface RefusedForm {
  values: FormValues
  errors?: FieldErrors
  formError?: string
  /** A preview (the form's second button): the validated body, shown rendered above the form. */
  previewBody?: string
}

/** Who is looking at which comment page, and how. */
export interface CommentView {
  /** ?cpage, or null for the newest page. */
  cpage: number | null
  /**
   * Anything personal (a signed remember-me cookie, a fresh bookmark, ?replyto, a preview): this
   * reader gets their own render, never a shared copy, and it is never stored in a shared cache.
   */
  personal: boolean
  replyToId: string | null
  /** The held comment a valid preview link asks for. */
  previewId: string | null
  bookmark: string | undefined
  /** Refills a fresh form. */
  remembered: Remembered | null
  /** After a refused post: the form as the reader left it, shown even if D1 fails. */
  refused?: RefusedForm
  /** ?sort=newest, or the default. */
  sort: CommentSort
  /** This browser's own comments still inside the edit window (signed cookie). */
  editable: Editable[]
  /** A signed-in moderator: the form posts as the site's author. */
  moderator?: Moderator | null
}

const asReplyTarget = (id: string | undefined) => (id && v.is(commentId, id) ? id : null)

/** The view an essay page GET asks for. Only a signed cookie is personal: a tampered one refills nothing. */
export async function commentView(c: Context<AppEnv>, query: PageQuery): Promise<CommentView> {
  const secret = requireSecret(c.env)
  const bookmark = readBookmark(c)
  const remembered = await readRemembered(c, secret)
  const editable = await readEditable(c, secret)
  const moderator = await signedInModerator(c)
  const previewHash = query['moderation-hash']
  let previewId: string | null = null
  if (query.unapproved && previewHash) {
    const payload = await verifyToken<{ id: string }>(secret, 'comment-preview', previewHash)
    if (payload?.id === query.unapproved) previewId = query.unapproved
  }
  return {
    cpage: query.cpage ?? null,
    personal: Boolean(
      remembered ||
      bookmark ||
      editable.length ||
      moderator ||
      // Not in the shared page cache's key (src/essays): the newest-first order is rendered per view.
      query.sort === 'newest' ||
      query.replyto !== undefined ||
      query.unapproved !== undefined ||
      previewHash !== undefined,
    ),
    replyToId: asReplyTarget(query.replyto),
    previewId,
    bookmark,
    remembered,
    sort: query.sort ?? 'oldest',
    editable,
    moderator,
  }
}

/** The view that shows a refused form again: the newest page, replying where the form was. */
export function refusedView(c: Context<AppEnv>, refused: RefusedForm): CommentView {
  return {
    cpage: null,
    personal: true,
    replyToId: asReplyTarget(refused.values.parentId),
    previewId: null,
    bookmark: readBookmark(c),
    remembered: null,
    refused: { ...refused, values: { ...EMPTY_VALUES, ...refused.values } },
    sort: 'oldest',
    // The form is what matters here; the author's edit links are on the thread's own views.
    editable: [],
  }
}

export interface CommentSlots {
  /** The thread (null when D1 failed while showing a refused form again). */
  comments: Child
  /** The form, with the token slot still empty: `forThisView` fills it. */
  respond: Child
  /** The essay's comments feed, for <head>. */
  head: Child
  /** How many pages of threads exist (null when unknown: D1 failed on a refused form). */
  pages: number | null
  /** "12 comments", linked to the thread, for the essay header (null when unknown). */
  count: Child
  /** What the page's other statements answered in the same D1 round trip (empty when D1 failed). */
  companionResults: D1Result[]
}

/** The thread, the form and the head link of one essay page view. One D1 query. */
export async function commentSlots(
  c: Context<AppEnv>,
  essay: Essay,
  view: CommentView,
  companions?: (db: Db) => D1PreparedStatement[],
): Promise<CommentSlots> {
  let data: CommentsPage | null = null
  try {
    data = await loadCommentsPage(
      readSession(c.env, view.bookmark),
      essay.slug,
      {
        page: view.cpage,
        previewId: view.previewId,
        replyToId: view.replyToId,
        sort: view.sort,
      },
      companions,
    )
  } catch (error) {
    // On a refused post the reader's text matters more than the comment list.
    if (!view.refused) throw error
    log(c, 'error', 'comments page query failed', { error: describeError(error) })
  }
  const { refused, remembered } = view
  const settings = config(c.env).comments
  const secret = requireSecret(c.env)
  const editLinks: Record<string, string> = {}
  for (const own of view.editable)
    if (own.createdAt + settings.editWindowMinutes * 60_000 > Date.now())
      editLinks[own.id] = await editHref(
        secret,
        essay.slug,
        own.id,
        own.createdAt,
        settings.editWindowMinutes,
      )
  const m = t()
  const form: FormState = {
    slug: essay.slug,
    token: TOKEN_PLACEHOLDER,
    values:
      refused?.values ??
      (remembered
        ? { ...EMPTY_VALUES, ...remembered, remember: true }
        : view.moderator
          ? { ...EMPTY_VALUES, name: view.moderator.authorName }
          : EMPTY_VALUES),
    errors: refused?.errors,
    formError: refused?.formError,
    replyTarget: data?.replyTarget ?? null,
    page: view.cpage ?? undefined,
    turnstileSiteKey: settings.turnstile?.siteKey,
    previewBody: refused?.previewBody,
    moderatorAs: view.moderator?.authorName,
    replyMail: config(c.env).mail !== null,
  }
  return {
    comments: data ? (
      <CommentsSection
        slug={essay.slug}
        data={data}
        explicitPage={view.cpage !== null}
        sort={view.sort}
        editLinks={editLinks}
      />
    ) : null,
    respond: <CommentForm {...form} />,
    head: (
      <link
        rel="alternate"
        type="application/rss+xml"
        title={`Comments on ${essay.title}`}
        href={config(c.env).siteUrl + commentsFeedPath(essay.slug)}
      />
    ),
    pages: data ? data.pages : null,
    count: data ? (
      <a class="comment-count" href="#comments">
        {m.commentCount({ count: data.count, countText: formatNumber(data.count) })}
      </a>
    ) : null,
    companionResults: data ? data.companionResults : [],
  }
}

/**
 * The rendered (or cached) page as this reader gets it: a form token of its own, and the CSP the
 * Turnstile widget needs when it is on. Null when the page has no token slot (an older deploy's copy).
 */
export async function forThisView(
  c: Context<AppEnv>,
  essay: Essay,
  html: string,
): Promise<string | null> {
  const page = spliceToken(html, await formToken(requireSecret(c.env), essay.slug))
  if (page === null) return null
  // Only pages showing the Turnstile widget widen the CSP, and only by Turnstile's origin.
  if (config(c.env).comments.turnstile)
    c.header(
      'Content-Security-Policy',
      turnstileCsp(Object.values(scripts).map((script) => script.hash)),
    )
  return page
}
