import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import * as v from 'valibot'
import { absoluteUrl, config } from '../config'
import { writeSession } from '../db/session'
import type { AppEnv } from '../env'
import { emit, emitAndWait } from '../events'
import { privateNoStore } from '../lib/cache'
import { renderComment } from '../lib/comment-markdown'
import { requireSecret } from '../lib/crypto'
import { collectFields, parseUrlEncoded, utf8 } from '../lib/decode'
import type { InputPage } from '../lib/errors'
import { essayParam } from '../lib/route-params'
import { commentFields, commentId, parseOr } from '../lib/schema'
import { commentAnchor, commentEditPath, essayPath } from '../lib/urls'
import { formatNumber, t, translated } from '../views/i18n'
import { Layout } from '../views/layout'
import { CommentHtml } from './body'
import { checkEditToken } from './edit-token'
import { previewToken } from './form-token'
import { findEditable, storeDelete, storeEdit, type EditableRow } from './edit-sql'
import { classify, countLinks, matchWords } from './spam'
import { bodyKey } from './write-sql'

/**
 * Second thoughts: the author edits or deletes a comment for EDIT_WINDOW_MINUTES after posting it,
 * without an account, through the comment's signed edit link (src/comments/edit-token.ts). Plain
 * HTML forms, JavaScript off. An edit is validated and spam-checked like a new comment (an approved
 * comment that gains links, or a moderation word, goes back to the queue; a blocked word sends it
 * to spam) and audited with the previous text. After the window the link answers 403, saying why.
 */

const idParam = v.object({ id: commentId })
const secret = (c: Context<AppEnv>) => requireSecret(c.env)

const minutesText = (c: Context<AppEnv>) => formatNumber(config(c.env).comments.editWindowMinutes)

/** The comment the link names, if the link is good and the window open: else a clear 403 / 404. */
async function authorised(c: Context<AppEnv>, slug: string, id: string, token: string | undefined) {
  const minutes = config(c.env).comments.editWindowMinutes
  const m = t()
  const check = await checkEditToken(requireSecret(c.env), id, token)
  if (check === 'invalid') throw new HTTPException(403, { message: m.editLinkInvalid })
  const row = await findEditable(writeSession(c.env), id)
  if (!row || row.essaySlug !== slug || row.deletedAt !== null || row.status === 'trash')
    throw new HTTPException(404, { message: m.editCommentGone })
  const windowStart = Date.now() - minutes * 60_000
  if (check === 'expired' || minutes === 0 || row.createdAt <= windowStart)
    throw new HTTPException(403, { message: m.editWindowOver({ minutes: minutesText(c) }) })
  return { row, windowStart }
}

/** What an edit given back to its page carries (the app's error handler shows it again, text kept). */
interface EditInput {
  kind: 'comment-edit'
  slug: string
  id: string
  token: string
  body: string
}
const isEditInput = (input: unknown): input is EditInput =>
  typeof input === 'object' && input !== null && (input as EditInput).kind === 'comment-edit'

function EditPage(props: {
  c: Context<AppEnv>
  row: EditableRow
  token: string
  body: string
  error?: string
}) {
  const { c, row, token } = props
  const m = t()
  const action = commentEditPath(row.essaySlug, row.id)
  const siteUrl = config(c.env).siteUrl
  return (
    <Layout
      meta={{
        title: m.editTitle,
        description: m.editTitle,
        canonical: absoluteUrl(c.env, action),
        siteUrl,
        noindex: true,
      }}
    >
      <section class="edit-comment" aria-labelledby="edit-title">
        <h1 id="edit-title">{m.editTitle}</h1>
        <p>{m.editIntro({ minutes: minutesText(c) })}</p>
        <div class="comment-body e-content">
          <CommentHtml comment={{ body: row.body }} />
        </div>
        <form class="comment" method="post" action={action}>
          {props.error && (
            <div class="notice error-summary" role="alert" tabindex={-1}>
              <h2>{m.notPosted}</h2>
              <ul>
                <li>
                  <a href="#comment-body">{translated(props.error)}</a>
                </li>
              </ul>
            </div>
          )}
          <input type="hidden" name="token" value={token} />
          <p class="field">
            <label for="comment-body">{m.fieldComment}</label>
            <textarea
              id="comment-body"
              name="body"
              rows={10}
              required
              {...(props.error
                ? { 'aria-invalid': 'true', 'aria-describedby': 'comment-body-error' }
                : {})}
            >
              {'\n' + props.body}
            </textarea>
            {props.error && (
              <span class="error" id="comment-body-error">
                {translated(props.error)}
              </span>
            )}
            <small class="hint">{m.formattingHelp}</small>
          </p>
          <p class="submit">
            <button type="submit">{m.saveEdit}</button>
          </p>
        </form>
        <form
          class="delete-comment"
          id="delete"
          method="post"
          action={commentEditPath(row.essaySlug, row.id).replace(/\/edit$/, '/delete')}
        >
          <input type="hidden" name="token" value={token} />
          <p class="submit">
            <button type="submit">{m.confirmDelete}</button>
          </p>
        </form>
        <p>
          <a href={essayPath(row.essaySlug, { hash: commentAnchor(row.id) })}>{m.backToEssay}</a>
        </p>
      </section>
    </Layout>
  )
}

/** The edit page again after a refused edit (registered with the error handler in src/index.ts). */
export const commentEditPage: InputPage = async (c, error) => {
  const input = error.input
  if (!isEditInput(input)) return null
  const row = await findEditable(writeSession(c.env), input.id)
  if (!row) return null
  privateNoStore(c)
  return c.html(
    <EditPage c={c} row={row} token={input.token} body={input.body} error={error.fields.body} />,
    error.status,
  )
}

async function readPosted(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded')
    throw new HTTPException(415, { message: t().postAsForm })
  const text = utf8(await c.req.arrayBuffer())
  if (text === null) throw new HTTPException(400, { message: t().notUtf8 })
  const pairs = parseUrlEncoded(text)
  if (pairs === null) throw new HTTPException(400, { message: t().formUnreadable })
  const { fields, repeated } = collectFields(pairs)
  if (repeated.length) throw new HTTPException(400, { message: t().formUnreadable })
  return fields
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined)

/** The new status: the spam rules as for a new comment, applied to what the edit changed. */
function editedStatus(c: Context<AppEnv>, row: EditableRow, body: string) {
  const settings = config(c.env).comments
  const input = {
    name: row.authorName,
    email: row.authorEmail,
    website: row.authorUrl,
    body,
    parentId: row.parentId,
  }
  const { verdict, signals } = classify(input, { userAgent: c.req.header('User-Agent') }, settings)
  const gainedLinks = countLinks(body) > countLinks(row.body)
  const newWords = matchWords(settings.moderationWords, [body]).some(
    (word) => !matchWords([word], [row.body]).length,
  )
  const spamSignals = Object.keys(signals).length ? JSON.stringify(signals) : null
  if (verdict === 'spam') return { status: 'spam' as const, spamSignals }
  if (row.status === 'approved' && (gainedLinks || newWords))
    return { status: 'pending' as const, spamSignals }
  return { status: row.status, spamSignals: null }
}

const limitBody = bodyLimit({
  maxSize: 256 * 1024,
  onError: () => {
    throw new HTTPException(413, { message: t().formUnreadable })
  },
})

export const editRoutes = new Hono<AppEnv>()
  .get('/essays/:slug/comments/:id/edit', essayParam(), async (c) => {
    const { essay } = c.req.valid('param')
    const id = c.req.param('id')
    if (!v.is(idParam, { id })) throw new HTTPException(404, { message: t().editCommentGone })
    const token = c.req.query('token')
    const { row } = await authorised(c, essay.slug, id, token)
    privateNoStore(c)
    return c.html(<EditPage c={c} row={row} token={token!} body={row.body} />)
  })

  .post('/essays/:slug/comments/:id/edit', limitBody, essayParam(), async (c) => {
    const { essay } = c.req.valid('param')
    const id = c.req.param('id')
    if (!v.is(idParam, { id })) throw new HTTPException(404, { message: t().editCommentGone })
    const form = await readPosted(c)
    const token = text(form.token)
    const { row, windowStart } = await authorised(c, essay.slug, id, token)
    const typed = text(form.body) ?? ''
    const { body } = parseOr(
      v.object({ body: v.optional(commentFields.body, '') }),
      { body: form.body },
      {
        message: t().notAccepted,
        input: { kind: 'comment-edit', slug: essay.slug, id, token: token!, body: typed },
      },
    )
    const { status, spamSignals } = editedStatus(c, row, body)
    const db = writeSession(c.env)
    const now = Date.now()
    const html = renderComment(body)
    const done = await storeEdit(
      db,
      row,
      { body, bodyKey: bodyKey(body), bodyHtml: html, status, spamSignals },
      now,
      windowStart,
    )
    if (!done)
      throw new HTTPException(403, { message: t().editWindowOver({ minutes: minutesText(c) }) })
    if (row.status === 'approved' || status === 'approved')
      await emitAndWait(c, 'essays.changed', { slugs: [essay.slug] })
    if (status === 'pending' && row.status !== 'pending')
      emit(c, 'comment.held', {
        id,
        essaySlug: essay.slug,
        authorName: row.authorName,
        body,
        status,
      })
    privateNoStore(c)
    // Held, it is only visible to its author through the signed preview link.
    const hash = commentAnchor(id)
    const location =
      status === 'approved'
        ? essayPath(essay.slug, { hash })
        : essayPath(essay.slug, {
            query: { unapproved: id, 'moderation-hash': await previewToken(secret(c), id) },
            hash,
          })
    return c.redirect(location, 303)
  })

  .post('/essays/:slug/comments/:id/delete', limitBody, essayParam(), async (c) => {
    const { essay } = c.req.valid('param')
    const id = c.req.param('id')
    if (!v.is(idParam, { id })) throw new HTTPException(404, { message: t().editCommentGone })
    const form = await readPosted(c)
    const { row, windowStart } = await authorised(c, essay.slug, id, text(form.token))
    const result = await storeDelete(writeSession(c.env), row, Date.now(), windowStart)
    if (!result)
      throw new HTTPException(403, { message: t().editWindowOver({ minutes: minutesText(c) }) })
    if (row.status === 'approved') await emitAndWait(c, 'essays.changed', { slugs: [essay.slug] })
    privateNoStore(c)
    return c.redirect(essayPath(essay.slug, { hash: 'comments' }), 303)
  })
