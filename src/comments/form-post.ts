import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import * as v from 'valibot'
import { config } from '../config'
import type { Essay } from '../content/types'
import type { AppEnv } from '../env'
import { privateNoStore } from '../lib/cache'
import { requireSecret, verifyToken } from '../lib/crypto'
import { collectFields, parseUrlEncoded, utf8 } from '../lib/decode'
import { RequestError } from '../lib/errors'
import { commentSchema, parseOr } from '../lib/schema'
import { commentAnchor, essayPath } from '../lib/urls'
import {
  readEditable,
  readRemembered,
  rememberAuthor,
  rememberEditable,
  setBookmark,
} from './cookies'
import { HONEYPOT_FIELD, TURNSTILE_FIELD, type FormValues } from './form'
import { previewToken } from './form-token'
import { signedInModerator } from './moderator'
import { keepingForm, type CommentFormInput } from './refused-form'
import { submissionKey, submitComment } from './submit'
import type { Field, FieldErrors } from './validate'
import { t } from '../views/i18n'
import { en } from '../views/locales/en'

/**
 * The comment form's POST: works with JavaScript off. Every refusal is thrown; one that can show the
 * form again carries the form's input (`CommentFormInput`), and the app's error handler renders the
 * essay page with every typed value, the messages and a fresh token (src/essays/form-page.tsx).
 */

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']
/** The English wording, for the JSON API's own check (src/comments/api.ts). */
export const NOT_UTF8 = en.notUtf8

/** The media type without parameters, lower case ("Application/JSON; charset=utf-8" -> "application/json"). */
export const mediaType = (c: Context) =>
  (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()

/** Form field names and the comment fields they fill. */
const FORM_FIELDS: Record<string, Field> = {
  name: 'name',
  email: 'email',
  website: 'website',
  body: 'body',
  parent_id: 'parentId',
}

const formText = (value: unknown): string => (typeof value === 'string' ? value : '')

/** The posted fields, strictly decoded (never repaired): a body that cannot be read is a plain 400. */
async function readForm(c: Context<AppEnv>) {
  if (!FORM_TYPES.includes(mediaType(c)))
    throw new HTTPException(415, {
      message: t().postAsForm,
    })
  let pairs: Iterable<[string, unknown]> | null
  try {
    const text = utf8(await c.req.arrayBuffer())
    pairs =
      text === null
        ? null
        : mediaType(c) === 'multipart/form-data'
          ? await new Response(text, {
              headers: { 'Content-Type': c.req.header('Content-Type')! },
            }).formData()
          : parseUrlEncoded(text)
  } catch {
    throw new HTTPException(400, { message: t().formUnreadable })
  }
  if (pairs === null) throw new HTTPException(400, { message: t().notUtf8 })
  return collectFields(pairs)
}

/**
 * Why this post is refused as a whole, if it is: an expired or forged form token, a post within
 * seconds of the page loading, or the honeypot filled in. Otherwise the token's nonce.
 */
async function formCheck(
  c: Context<AppEnv>,
  secret: string,
  essay: Essay,
  form: Record<string, unknown>,
): Promise<{ nonce: string | null; formError?: string }> {
  const token = await verifyToken<{ s?: unknown; t?: unknown; n?: unknown }>(
    secret,
    'comment-form',
    formText(form.token),
  )
  if (
    !token ||
    token.s !== essay.slug ||
    typeof token.t !== 'number' ||
    typeof token.n !== 'string'
  )
    return {
      nonce: null,
      formError: t().formExpired,
    }
  if (Date.now() - token.t < config(c.env).comments.minFormSeconds * 1000)
    return {
      nonce: token.n,
      formError: t().tooFast,
    }
  // Not stored: only bots see and fill this field.
  if (formText(form[HONEYPOT_FIELD]) !== '')
    return {
      nonce: token.n,
      formError: t().looksAutomated,
    }
  return { nonce: token.n }
}

/** Where a stored comment is shown: its anchor, with a preview token while it is held. */
async function commentLocation(secret: string, slug: string, id: string, status: string) {
  if (status === 'approved') return essayPath(slug, { hash: commentAnchor(id) })
  return essayPath(slug, {
    query: { unapproved: id, 'moderation-hash': await previewToken(secret, id) },
    hash: commentAnchor(id),
  })
}

/**
 * The form's second button, "Preview" (`formaction`): the essay page again at 200 with the body
 * rendered above the form and every typed value kept, the reply target too. Nothing is stored and
 * nothing counted (no D1, no rate limiter, no token spent); the answer is personal (private, no-store).
 * Only the essays feature can render its page, so the preview takes the road a refused form takes
 * (src/essays/form-page.tsx through the app's error handler), at status 200 with the preview in it.
 * Only the body must be valid to preview; the other fields are checked when the comment is posted.
 */
/** Every value the reader typed, as the form shows it again (refused, previewed or kept). */
function typedValues(form: Record<string, unknown>): FormValues {
  return {
    name: formText(form.name),
    email: formText(form.email),
    website: formText(form.website),
    body: formText(form.body),
    parentId: formText(form.parent_id),
    remember: form.remember !== undefined,
    notifyReplies: form.notify_replies !== undefined,
  }
}

export async function previewCommentForm(c: Context<AppEnv>, essay: Essay): Promise<never> {
  const { fields: form } = await readForm(c)
  const values = typedValues(form)
  const input = (previewBody?: string): CommentFormInput => ({
    kind: 'comment-form',
    slug: essay.slug,
    values,
    previewBody,
  })
  const { body } = parseOr(
    v.object({ body: commentSchema.entries.body }),
    { body: form.body },
    { message: t().notAccepted, input: input() },
  )
  privateNoStore(c)
  throw new RequestError(200, t().previewTitle, { input: input(body) })
}

export async function postCommentForm(c: Context<AppEnv>, essay: Essay): Promise<Response> {
  const { fields: form, repeated } = await readForm(c)
  const secret = requireSecret(c.env)
  const values = typedValues(form)
  const kept = (formError?: string): CommentFormInput => ({
    kind: 'comment-form',
    slug: essay.slug,
    values,
    formError,
  })

  // A field sent twice is ambiguous (which one did the reader mean?): refuse it by name, input kept.
  const twice: FieldErrors = {}
  for (const name of repeated) {
    const field = FORM_FIELDS[name]
    if (field) twice[field] = t().fieldTwice({ name })
  }
  if (Object.keys(twice).length || repeated.includes('token')) {
    const formError = repeated.includes('token') ? t().tokenTwice : undefined
    throw new RequestError(422, formError ?? t().notAccepted, {
      fields: twice,
      input: kept(formError),
    })
  }

  // The field messages and the whole-form message are shown together.
  const { nonce, formError } = await formCheck(c, secret, essay, form)
  const comment = parseOr(
    commentSchema,
    {
      name: form.name,
      email: form.email,
      website: form.website,
      body: form.body,
      parentId: form.parent_id,
      notifyReplies: form.notify_replies,
    },
    { message: formError ?? t().notAccepted, input: kept(formError) },
  )
  if (formError || nonce === null)
    throw new RequestError(422, formError ?? t().notAccepted, { input: kept(formError) })

  const remembered = await readRemembered(c, secret)
  const moderator = await signedInModerator(c)
  const { stored, bookmark } = await keepingForm(kept, async () =>
    submitComment(c, essay, comment, {
      submissionKey: await submissionKey(secret, nonce, comment),
      formNonce: nonce,
      remembered,
      turnstileToken: formText(form[TURNSTILE_FIELD]) || undefined,
      asAuthor: moderator,
    }),
  )
  await rememberAuthor(
    c,
    secret,
    values.remember,
    { name: comment.name, email: comment.email, website: comment.website ?? '' },
    stored.id,
    remembered,
  )
  // The thread shows Edit / Delete to this browser only, for the edit window.
  await rememberEditable(
    c,
    secret,
    await readEditable(c, secret),
    { id: stored.id, createdAt: stored.createdAt },
    config(c.env).comments.editWindowMinutes,
  )
  setBookmark(c, bookmark)
  privateNoStore(c)
  return c.redirect(await commentLocation(secret, essay.slug, stored.id, stored.status), 303)
}
