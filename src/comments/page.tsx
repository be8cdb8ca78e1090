import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import { getConfig } from '../config'
import { readSession } from '../db/session'
import type { AppEnv } from '../env'
import type { Essay } from '../essays/types'
import { scripts } from '../generated/content'
import { CACHE_SECONDS, privateNoStore, publicCache } from '../lib/cache'
import { randomId, requireSecret, signToken, verifyToken } from '../lib/crypto'
import { commentConfig } from './config'
import { readBookmark, readRemembered } from './cookies'
import { essayPageCacheKey, readCachedPage, storePage } from './page-cache'
import {
  commentsFeedPath,
  CommentForm,
  CommentsSection,
  EMPTY_VALUES,
  type FormState,
} from './render'
import { loadCommentsPage, type CommentsPage } from './store'
import { turnstileCsp } from './turnstile'

/** What a comment feature puts into the essay page. */
export interface CommentSlots {
  comments: Child
  respond: Child
  head: Child
}

/** Renders the whole essay page around the comment slots (src/essays/routes.tsx owns the page). */
export type RenderEssay = (c: Context<AppEnv>, essay: Essay, slots: CommentSlots) => Child

export const FORM_TOKEN_SECONDS = 86_400
export const PREVIEW_TOKEN_SECONDS = 3_600
const ID = /^[A-Za-z0-9_-]{1,64}$/

export function formToken(secret: string, slug: string): Promise<string> {
  // The nonce is shared by every reader of one cached copy: the submission key adds email and body.
  return signToken(
    secret,
    'comment-form',
    { s: slug, t: Date.now(), n: randomId() },
    FORM_TOKEN_SECONDS,
  )
}

export function previewToken(secret: string, id: string): Promise<string> {
  return signToken(secret, 'comment-preview', { id }, PREVIEW_TOKEN_SECONDS)
}

/** "?cpage=N": null when absent, undefined when malformed (a 404, never a 500). */
export function parsePage(raw: string | undefined): number | null | undefined {
  if (raw === undefined) return null
  return /^[1-9][0-9]{0,5}$/.test(raw) ? Number(raw) : undefined
}

export interface PageOptions {
  page: number | null
  previewId?: string | null
  replyToId?: string | null
  bookmark?: string | null
  /** The form as the reader left it (after an error); otherwise a fresh one, refilled from remember-me. */
  form?: Omit<FormState, 'slug' | 'token' | 'replyTarget' | 'turnstileSiteKey'>
  /** On an error re-render the reader's text matters more than the comment list: show the form even if D1 fails. */
  tolerateDbFailure?: boolean
}

/** The essay page with comments and form, as HTML text. One D1 query. */
export async function renderEssayWithComments(
  c: Context<AppEnv>,
  essay: Essay,
  render: RenderEssay,
  options: PageOptions,
): Promise<{ html: string; data: CommentsPage | null }> {
  const secret = requireSecret(c.env)
  const { siteUrl } = getConfig(c.env)
  let data: CommentsPage | null = null
  try {
    data = await loadCommentsPage(readSession(c.env, options.bookmark), essay.slug, {
      page: options.page,
      previewId: options.previewId,
      replyToId: options.replyToId && ID.test(options.replyToId) ? options.replyToId : null,
    })
  } catch (error) {
    if (!options.tolerateDbFailure) throw error
    console.error(
      JSON.stringify({
        level: 'error',
        requestId: c.get('requestId'),
        message: 'comments page query failed',
        error: String(error),
      }),
    )
  }
  const remembered = options.form ? null : readRemembered(c)
  const form: FormState = {
    slug: essay.slug,
    token: await formToken(secret, essay.slug),
    values:
      options.form?.values ??
      (remembered ? { ...EMPTY_VALUES, ...remembered, remember: true } : EMPTY_VALUES),
    errors: options.form?.errors,
    formError: options.form?.formError,
    replyTarget: data?.replyTarget ?? null,
    page: options.page ?? undefined,
    turnstileSiteKey: commentConfig(c.env).turnstile?.siteKey,
  }
  const slots: CommentSlots = {
    comments: data ? (
      <CommentsSection slug={essay.slug} data={data} explicitPage={options.page !== null} />
    ) : null,
    respond: <CommentForm {...form} />,
    head: (
      <link
        rel="alternate"
        type="application/rss+xml"
        title={`Comments on ${essay.title}`}
        href={siteUrl + commentsFeedPath(essay.slug)}
      />
    ),
  }
  const csp = pageCsp(c)
  if (csp) c.header('Content-Security-Policy', csp)
  const node = render(c, essay, slots)
  return { html: await (node as { toString(): string | Promise<string> }).toString(), data }
}

/**
 * GET of an essay page. Anonymous readers share one copy per page from the Cache API (at most
 * CACHE_SECONDS.page old); readers with anything personal (remember-me, a fresh bookmark,
 * ?replyto, a preview) get their own render, never stored in any shared cache.
 */
export async function serveEssayPage(
  c: Context<AppEnv>,
  essay: Essay,
  render: RenderEssay,
): Promise<Response> {
  const page = parsePage(c.req.query('cpage'))
  if (page === undefined) return c.notFound()
  const bookmark = readBookmark(c)
  const replyTo = c.req.query('replyto')
  const previewId = c.req.query('unapproved')
  const previewHash = c.req.query('moderation-hash')
  const personal = Boolean(
    readRemembered(c) ||
    bookmark ||
    replyTo !== undefined ||
    previewId !== undefined ||
    previewHash !== undefined,
  )
  const key = essayPageCacheKey(getConfig(c.env).siteUrl, essay.slug, page)

  if (!personal) {
    const hit = await readCachedPage(key)
    if (hit) {
      const csp = pageCsp(c)
      if (csp) c.header('Content-Security-Policy', csp)
      publicCache(c, CACHE_SECONDS.page)
      // Age lets browsers count the time spent here against max-age, so edge + browser stay within one TTL.
      c.header('Age', String(hit.age))
      c.header('ETag', hit.etag)
      return c.html(hit.html)
    }
  }

  let verifiedPreview: string | null = null
  if (previewId && previewHash) {
    const payload = await verifyToken<{ id: string }>(
      requireSecret(c.env),
      'comment-preview',
      previewHash,
    )
    if (payload?.id === previewId) verifiedPreview = previewId
  }
  const { html, data } = await renderEssayWithComments(c, essay, render, {
    page,
    previewId: verifiedPreview,
    replyToId: replyTo,
    bookmark,
  })
  if (page !== null && data && page > Math.max(1, data.pages)) return c.notFound()

  if (personal) privateNoStore(c)
  else {
    publicCache(c, CACHE_SECONDS.page)
    const stored = storePage(key, html)
    try {
      c.executionCtx.waitUntil(stored)
    } catch {
      await stored
    }
  }
  return c.html(html)
}

/** Only pages showing the Turnstile widget widen the CSP, and only by Turnstile's origin. */
function pageCsp(c: Context<AppEnv>): string | null {
  return commentConfig(c.env).turnstile
    ? turnstileCsp(Object.values(scripts).map((script) => script.hash))
    : null
}
