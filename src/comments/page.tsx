import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import { getConfig } from '../config'
import { readSession } from '../db/session'
import type { AppEnv } from '../env'
import type { Essay } from '../content/types'
import { scripts } from '../generated/content'
import { CACHE_SECONDS, privateNoStore, publicCache } from '../lib/cache'
import { randomId, requireSecret, signToken, verifyToken } from '../lib/crypto'
import { commentConfig } from './config'
import { readBookmark, readRemembered, type Remembered } from './cookies'
import { essayPageCacheKey, readCachedPage, storePage } from './page-cache'
import { strongEtag } from '../lib/prepared'
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

/**
 * One page view's form token: the essay, the time this reader was served the page (the minimum fill
 * time counts from then, not from when a shared copy was rendered) and a nonce of its own, which
 * stores one comment only (comments.form_nonce is UNIQUE).
 */
export function formToken(secret: string, slug: string): Promise<string> {
  return signToken(
    secret,
    'comment-form',
    { s: slug, t: Date.now(), n: randomId() },
    FORM_TOKEN_SECONDS,
  )
}

/**
 * Pages are rendered with this in the token field, and every response gets its own token spliced
 * in, so one shared (cached) copy serves each reader a fresh token. The slot includes `name="token"`
 * and raw quotes, which escaped text (comments, essays) can never contain, so the first match is the form's.
 */
const TOKEN_PLACEHOLDER = 'per-view-form-token'
const TOKEN_SLOT = `name="token" value="${TOKEN_PLACEHOLDER}"`

/** The page with `token` in its form, or null when the page has no token slot (a copy from an older deploy). */
export function spliceToken(html: string, token: string): string | null {
  const slot = html.indexOf(TOKEN_SLOT)
  if (slot === -1) return null
  const start = slot + TOKEN_SLOT.length - TOKEN_PLACEHOLDER.length - 1
  return html.slice(0, start) + token + html.slice(start + TOKEN_PLACEHOLDER.length)
}

/** The rendered page as this reader gets it: with a token of its own. */
export async function withFreshToken(
  c: Context<AppEnv>,
  essay: Essay,
  html: string,
): Promise<string> {
  const page = spliceToken(html, await formToken(requireSecret(c.env), essay.slug))
  if (page === null) throw new Error('the essay page has no form token slot')
  return page
}

/**
 * Cached pages differ per response only in their form token, so their validator is weak, computed
 * over the shared copy: byte-for-byte the responses differ, semantically they are the same page.
 * hono's etag() keeps an ETag that is already set and compares weakly for If-None-Match, so 304 works.
 */
const weak = (etag: string) => (etag.startsWith('W/') ? etag : `W/${etag}`)

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
  /** The reader's verified remember-me cookie, which refills a fresh form. */
  remembered?: Remembered | null
}

/**
 * The essay page with comments and form, as HTML text with the token slot still empty: give it to
 * `withFreshToken` (or `spliceToken`) before it is sent. One D1 query.
 */
export async function renderEssayWithComments(
  c: Context<AppEnv>,
  essay: Essay,
  render: RenderEssay,
  options: PageOptions,
): Promise<{ html: string; data: CommentsPage | null }> {
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
  const remembered = options.form ? null : (options.remembered ?? null)
  const form: FormState = {
    slug: essay.slug,
    token: TOKEN_PLACEHOLDER,
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
  const secret = requireSecret(c.env)
  const bookmark = readBookmark(c)
  const replyTo = c.req.query('replyto')
  const previewId = c.req.query('unapproved')
  const previewHash = c.req.query('moderation-hash')
  // Only a signed cookie is personal: an unsigned or tampered one refills nothing and is ignored.
  const remembered = await readRemembered(c, secret)
  const personal = Boolean(
    remembered ||
    bookmark ||
    replyTo !== undefined ||
    previewId !== undefined ||
    previewHash !== undefined,
  )
  const key = essayPageCacheKey(getConfig(c.env).siteUrl, essay.slug, page)

  if (!personal) {
    const hit = await readCachedPage(key)
    const html = hit && spliceToken(hit.html, await formToken(secret, essay.slug))
    if (hit && html) {
      const csp = pageCsp(c)
      if (csp) c.header('Content-Security-Policy', csp)
      publicCache(c, CACHE_SECONDS.page)
      // Age lets browsers count the time spent here against max-age, so edge + browser stay within one TTL.
      c.header('Age', String(hit.age))
      c.header('ETag', weak(hit.etag))
      return c.html(html)
    }
  }

  let verifiedPreview: string | null = null
  if (previewId && previewHash) {
    const payload = await verifyToken<{ id: string }>(secret, 'comment-preview', previewHash)
    if (payload?.id === previewId) verifiedPreview = previewId
  }
  const { html, data } = await renderEssayWithComments(c, essay, render, {
    page,
    previewId: verifiedPreview,
    replyToId: replyTo,
    bookmark,
    remembered,
  })
  if (page !== null && data && page > Math.max(1, data.pages)) return c.notFound()

  if (personal) privateNoStore(c)
  else {
    publicCache(c, CACHE_SECONDS.page)
    // The shared copy keeps the empty token slot; this response, like every hit, gets its own token.
    const etag = await strongEtag(html)
    c.header('ETag', weak(etag))
    const stored = storePage(key, html, etag)
    try {
      c.executionCtx.waitUntil(stored)
    } catch {
      await stored
    }
  }
  return c.html(await withFreshToken(c, essay, html))
}

/** Only pages showing the Turnstile widget widen the CSP, and only by Turnstile's origin. */
function pageCsp(c: Context<AppEnv>): string | null {
  return commentConfig(c.env).turnstile
    ? turnstileCsp(Object.values(scripts).map((script) => script.hash))
    : null
}
