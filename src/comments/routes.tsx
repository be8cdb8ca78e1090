import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import * as v from 'valibot'
import { absoluteUrl, config } from '../config'
import { readSession } from '../db/session'
import type { AppEnv } from '../env'
import { CACHE_SECONDS, publicCache } from '../lib/cache'
import { requireSecret } from '../lib/crypto'
import { isApiRequest } from '../lib/errors'
import { essayParam, pageNumber, validQuery } from '../lib/route-params'
import { commentAnchor, essayPath } from '../lib/urls'
import { listApiComments, readApiComment } from './api'
import { readRemembered, setBookmark } from './cookies'
import { commentsFeed } from './feed'
import { editRoutes } from './edit'
import { editHref } from './edit-token'
import { postCommentForm, previewCommentForm } from './form-post'
import { latestApproved } from './store'
import { submitComment } from './submit'

/**
 * Request bodies above this are refused with 413 before parsing (chunked bodies are counted too).
 * Not 64 KB: the largest valid comment (65,525 bytes) could then never be posted, and percent- or
 * \u-escaping triples non-ASCII text on the wire. 256 KiB fits every valid comment in any encoding,
 * so an over-long one gets a 422 with the reader's text kept; only abusive requests meet the 413.
 */
export const MAX_BODY_BYTES = 256 * 1024

const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c: Context) => {
    throw new HTTPException(413, {
      message: isApiRequest(c)
        ? 'The request body is larger than 256 KB.'
        : 'This request is larger than 256 KB, so the comment was not posted. Comments can be at most 65,525 bytes.',
    })
  },
})

export const commentRoutes = new Hono<AppEnv>()
  // The form: works with JavaScript off; any refusal shows the essay page again with the reader's input.
  .post('/essays/:slug/comments', limitBody, essayParam(), (c) =>
    postCommentForm(c, c.req.valid('param').essay),
  )
  // The form's "Preview" button (formaction): the page again with the rendered body, nothing stored.
  .post('/essays/:slug/comments/preview', limitBody, essayParam(), (c) =>
    previewCommentForm(c, c.req.valid('param').essay),
  )
  // The author's second thoughts, within the edit window (src/comments/edit.tsx).
  .route('/', editRoutes)

  .get(
    '/api/essays/:slug/comments',
    essayParam(),
    validQuery(
      { page: v.optional(pageNumber) },
      { status: 400, message: 'page must be a whole number from 1.' },
    ),
    (c) => listApiComments(c, c.req.valid('param').essay, c.req.valid('query').page),
  )

  // The API: JSON only, so a cross-site HTML form (which cannot send application/json without CORS) cannot post here.
  .post('/api/essays/:slug/comments', limitBody, essayParam(), async (c) => {
    const { essay } = c.req.valid('param')
    const { turnstileToken, ...comment } = await readApiComment(c)
    const { stored, bookmark } = await submitComment(c, essay, comment, {
      submissionKey: null,
      // An API client holding the signed remember-me cookie proves a returning author the same way.
      remembered: await readRemembered(c, requireSecret(c.env)),
      turnstileToken,
    })
    setBookmark(c, bookmark)
    c.header('Cache-Control', 'no-store')
    // The signed, comment-bound edit link: the only way to edit it, until the window closes.
    const minutes = config(c.env).comments.editWindowMinutes
    const editUrl =
      minutes > 0
        ? absoluteUrl(
            c.env,
            await editHref(requireSecret(c.env), essay.slug, stored.id, stored.createdAt, minutes),
          )
        : null
    if (stored.status === 'approved') {
      c.header(
        'Location',
        absoluteUrl(c.env, essayPath(essay.slug, { hash: commentAnchor(stored.id) })),
      )
      return c.json({ id: stored.id, status: 'approved', editUrl }, 201)
    }
    // Spam is reported as held: telling a spammer which rule caught them helps only the spammer.
    return c.json(
      {
        id: stored.id,
        status: 'pending',
        message: 'Your comment is awaiting moderation.',
        editUrl,
      },
      202,
    )
  })

  .get('/essays/:slug/comments.xml', essayParam(), async (c) => {
    const { essay } = c.req.valid('param')
    const comments = await latestApproved(readSession(c.env), essay.slug)
    publicCache(c, CACHE_SECONDS.page)
    return c.body(commentsFeed(config(c.env).siteUrl, essay, comments), 200, {
      'Content-Type': 'application/rss+xml; charset=utf-8',
    })
  })
