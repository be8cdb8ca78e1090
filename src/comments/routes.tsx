import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { getConfig } from '../config'
import { readSession } from '../db/session'
import type { AppEnv } from '../env'
import { findEssay } from '../content/catalog'
import { renderEssayPage } from '../essays/routes'
import type { Essay } from '../content/types'
import { CACHE_SECONDS, privateNoStore, publicCache } from '../lib/cache'
import { errorResponse } from '../lib/errors'
import { requireSecret, verifyToken } from '../lib/crypto'
import { commentConfig } from './config'
import { readBookmark, readRemembered, rememberAuthor, setBookmark } from './cookies'
import { collectFields, parseUrlEncoded, utf8 } from '../lib/decode'
import { commentsFeed } from './feed'
import { parsePage, previewToken, renderEssayWithComments, withFreshToken } from './page'
import { EMPTY_VALUES, HONEYPOT_FIELD, TURNSTILE_FIELD, type FormValues } from './render'
import { latestApproved, loadCommentsPage, type PublicComment } from './store'
import { submissionKey, submitComment, type Outcome } from './submit'
import { validateComment, type Field, type FieldErrors } from './validate'

/**
 * Request bodies above this are refused with 413 before parsing (chunked bodies are counted too).
 * Not 64 KB: the largest valid comment (65,525 bytes) could then never be posted, and percent- or
 * \u-escaping triples non-ASCII text on the wire. 256 KiB fits every valid comment in any encoding,
 * so an over-long one gets a 422 with the reader's text kept; only abusive requests meet the 413.
 */
export const MAX_BODY_BYTES = 256 * 1024

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']
const NOT_UTF8 = 'The request is not valid UTF-8 text, so the comment was not posted.'

/** The media type without parameters, lower case ("Application/JSON; charset=utf-8" -> "application/json"). */
const mediaType = (c: Context) =>
  (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()

type JsonErrorStatus = 400 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503

function jsonError(
  c: Context<AppEnv>,
  status: JsonErrorStatus,
  error: string,
  fields: FieldErrors = {},
) {
  c.header('Cache-Control', 'no-store')
  return c.json({ error, fields }, status)
}

/** What readers and API clients may see of a comment, threaded. Never email, IP hash, user agent or signals. */
export interface ApiComment {
  id: string
  parentId: string | null
  authorName: string
  authorUrl: string | null
  body: string
  createdAt: string
  replies: ApiComment[]
}

function toApi(comment: PublicComment): ApiComment {
  return {
    id: comment.id,
    parentId: comment.parentId,
    authorName: comment.authorName,
    authorUrl: comment.authorUrl,
    body: comment.body,
    createdAt: new Date(comment.createdAt).toISOString(),
    replies: [],
  }
}

function thread(comments: PublicComment[]): ApiComment[] {
  const nodes = new Map(comments.map((comment) => [comment.id, toApi(comment)]))
  const roots: ApiComment[] = []
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined
    ;(parent ? parent.replies : roots).push(node)
  }
  return roots
}

function formText(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** Where a stored comment is shown: its anchor, with a preview token while it is held. */
async function commentLocation(
  secret: string,
  slug: string,
  id: string,
  status: string,
): Promise<string> {
  if (status === 'approved') return `/essays/${slug}#comment-${id}`
  const hash = await previewToken(secret, id)
  return `/essays/${slug}?unapproved=${encodeURIComponent(id)}&moderation-hash=${encodeURIComponent(hash)}#comment-${id}`
}

/** Form field names and the comment fields they fill. */
const FORM_FIELDS: Record<string, Field> = {
  name: 'name',
  email: 'email',
  website: 'website',
  body: 'body',
  parent_id: 'parentId',
}

const tooLarge = (c: Context<AppEnv>) =>
  c.req.path.startsWith('/api/')
    ? jsonError(c, 413, 'The request body is larger than 256 KB.')
    : errorResponse(
        c,
        413,
        'This request is larger than 256 KB, so the comment was not posted. Comments can be at most 65,525 bytes.',
      )

export const commentRoutes = new Hono<AppEnv>()
  // The form: works with JavaScript off; any problem re-renders the essay page with the reader's input.
  .post(
    '/essays/:slug/comments',
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }),
    async (c) => {
      const essay = findEssay(c.req.param('slug'))
      if (!essay) return errorResponse(c, 404, 'There is no essay at this address.')
      if (!FORM_TYPES.includes(mediaType(c)))
        return errorResponse(
          c,
          415,
          'Comments are posted as a form (application/x-www-form-urlencoded or multipart/form-data).',
        )
      let pairs: Iterable<[string, unknown]> | null
      try {
        const text = utf8(await c.req.arrayBuffer())
        if (text === null) return errorResponse(c, 400, NOT_UTF8)
        pairs =
          mediaType(c) === 'multipart/form-data'
            ? await new Response(text, {
                headers: { 'Content-Type': c.req.header('Content-Type')! },
              }).formData()
            : parseUrlEncoded(text)
      } catch {
        return errorResponse(c, 400, 'The form data could not be read.')
      }
      if (pairs === null) return errorResponse(c, 400, NOT_UTF8)
      const { fields: form, repeated } = collectFields(pairs)
      const secret = requireSecret(c.env)
      const values: FormValues = {
        name: formText(form.name),
        email: formText(form.email),
        website: formText(form.website),
        body: formText(form.body),
        parentId: formText(form.parent_id),
        remember: form.remember !== undefined,
      }
      const again = (
        status: 403 | 404 | 409 | 422 | 429 | 503,
        errors: FieldErrors,
        formError?: string,
      ) => rerender(c, essay, status, { values, errors, formError })

      // A field sent twice is ambiguous (which one did the reader mean?): refuse it by name, input kept.
      const repeatedErrors: FieldErrors = {}
      for (const name of repeated) {
        const field = FORM_FIELDS[name]
        if (field)
          repeatedErrors[field] = `The field "${name}" was sent more than once; send it once.`
      }
      if (Object.keys(repeatedErrors).length || repeated.includes('token')) {
        return again(
          422,
          repeatedErrors,
          repeated.includes('token')
            ? 'The form token was sent more than once, so the comment was not posted. Please post it again.'
            : undefined,
        )
      }

      const validation = validateComment({
        name: form.name,
        email: form.email,
        website: form.website,
        body: form.body,
        parentId: form.parent_id,
      })
      const token = await verifyToken<{ s?: unknown; t?: unknown; n?: unknown }>(
        secret,
        'comment-form',
        formText(form.token),
      )
      let formError: string | undefined
      if (
        !token ||
        token.s !== essay.slug ||
        typeof token.t !== 'number' ||
        typeof token.n !== 'string'
      ) {
        formError =
          'This form has expired or could not be verified, so the comment was not posted. Your text is still here: please post it again.'
      } else if (Date.now() - token.t < commentConfig(c.env).minFormSeconds * 1000) {
        formError =
          'That was fast: the comment was posted within seconds of the page loading, which is what spam bots do. Please check it and post again.'
      } else if (formText(form[HONEYPOT_FIELD]) !== '') {
        // Not stored: only bots see and fill this field.
        formError =
          'Your comment looks automated and was not posted. If you are a person, leave the field labelled "Leave this field empty" empty and post again.'
      }
      if (!validation.ok || formError)
        return again(422, validation.ok ? {} : validation.errors, formError)

      const remembered = await readRemembered(c, secret)
      const outcome = await submitComment(c, essay, validation.value, {
        submissionKey: await submissionKey(secret, token!.n as string, validation.value),
        formNonce: token!.n as string,
        remembered,
        turnstileToken: formText(form[TURNSTILE_FIELD]) || undefined,
      })
      if (!outcome.ok) {
        if (outcome.retryAfter) c.header('Retry-After', String(outcome.retryAfter))
        return again(
          outcome.status,
          outcome.field ? { [outcome.field]: outcome.message } : {},
          outcome.field ? undefined : outcome.message,
        )
      }
      await rememberAuthor(
        c,
        secret,
        values.remember,
        {
          name: validation.value.name,
          email: validation.value.email,
          website: validation.value.website ?? '',
        },
        outcome.stored.id,
        remembered,
      )
      setBookmark(c, outcome.bookmark)
      privateNoStore(c)
      return c.redirect(
        await commentLocation(secret, essay.slug, outcome.stored.id, outcome.stored.status),
        303,
      )
    },
  )

  .get('/api/essays/:slug/comments', async (c) => {
    const essay = findEssay(c.req.param('slug'))
    if (!essay) return jsonError(c, 404, 'There is no essay at this address.')
    const page = parsePage(c.req.query('page'))
    if (page === undefined) return jsonError(c, 400, 'page must be a whole number from 1.', {})
    const data = await loadCommentsPage(readSession(c.env, readBookmark(c)), essay.slug, {
      page: page ?? 1,
    })
    if (page !== null && page > Math.max(1, data.pages))
      return jsonError(c, 404, `There is no page ${page} of comments.`)
    publicCache(c, CACHE_SECONDS.page)
    return c.json({
      essay: essay.slug,
      page: data.page,
      pages: data.pages,
      threads: data.total,
      comments: thread(data.comments),
    })
  })

  // The API: JSON only, so a cross-site HTML form (which cannot send application/json without CORS) cannot post here.
  .post(
    '/api/essays/:slug/comments',
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }),
    async (c) => {
      const essay = findEssay(c.req.param('slug'))
      if (!essay) return jsonError(c, 404, 'There is no essay at this address.')
      if (mediaType(c) !== 'application/json')
        return jsonError(c, 415, 'Send the comment as application/json.')
      const text = utf8(await c.req.arrayBuffer())
      if (text === null) return jsonError(c, 400, NOT_UTF8)
      let data: unknown
      try {
        // A leading byte-order mark is tolerated in JSON; inside form values it is kept as text.
        data = JSON.parse(text.replace(/^\uFEFF/, ''))
      } catch {
        return jsonError(c, 400, 'The request body is not valid JSON.')
      }
      if (typeof data !== 'object' || data === null || Array.isArray(data))
        return jsonError(c, 400, 'The request body must be a JSON object.')
      const raw = data as Record<string, unknown>
      const validation = validateComment(raw)
      if (!validation.ok)
        return jsonError(c, 422, 'The comment was not accepted.', validation.errors)
      if (raw.turnstileToken !== undefined && typeof raw.turnstileToken !== 'string') {
        return jsonError(c, 422, 'The comment was not accepted.', {
          turnstileToken: 'turnstileToken must be text.',
        } as FieldErrors)
      }

      const outcome: Outcome = await submitComment(c, essay, validation.value, {
        submissionKey: null,
        // An API client holding the signed remember-me cookie proves a returning author the same way.
        remembered: await readRemembered(c, requireSecret(c.env)),
        turnstileToken: raw.turnstileToken as string | undefined,
      })
      if (!outcome.ok) {
        if (outcome.retryAfter) c.header('Retry-After', String(outcome.retryAfter))
        return jsonError(
          c,
          outcome.status,
          outcome.message,
          outcome.field ? { [outcome.field]: outcome.message } : {},
        )
      }
      setBookmark(c, outcome.bookmark)
      c.header('Cache-Control', 'no-store')
      const { stored } = outcome
      if (stored.status === 'approved') {
        c.header(
          'Location',
          `${getConfig(c.env).siteUrl}/essays/${essay.slug}#comment-${stored.id}`,
        )
        return c.json({ id: stored.id, status: 'approved' }, 201)
      }
      // Spam is reported as held: telling a spammer which rule caught them helps only the spammer.
      return c.json(
        { id: stored.id, status: 'pending', message: 'Your comment is awaiting moderation.' },
        202,
      )
    },
  )

  .get('/essays/:slug/comments.xml', async (c) => {
    const essay = findEssay(c.req.param('slug'))
    if (!essay) return errorResponse(c, 404, 'There is no essay at this address.')
    const comments = await latestApproved(readSession(c.env), essay.slug)
    publicCache(c, CACHE_SECONDS.page)
    return c.body(commentsFeed(getConfig(c.env).siteUrl, essay, comments), 200, {
      'Content-Type': 'application/rss+xml; charset=utf-8',
    })
  })

/** The essay page again, with the reader's input and the messages, at the given status; never cached. */
async function rerender(
  c: Context<AppEnv>,
  essay: Essay,
  status: 403 | 404 | 409 | 422 | 429 | 503,
  form: { values: FormValues; errors: FieldErrors; formError?: string },
) {
  const parentId = form.values.parentId || null
  const { html } = await renderEssayWithComments(c, essay, renderEssayPage, {
    page: null,
    replyToId: parentId,
    bookmark: readBookmark(c),
    form: { ...form, values: { ...EMPTY_VALUES, ...form.values } },
    tolerateDbFailure: true,
  })
  privateNoStore(c)
  // A fresh token: the one posted may be spent (one comment per token) or refused.
  return c.html(await withFreshToken(c, essay, html), status)
}
