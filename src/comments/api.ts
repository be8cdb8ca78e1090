import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import * as v from 'valibot'
import { readSession } from '../db/session'
import type { AppEnv } from '../env'
import type { Essay } from '../content/types'
import { CACHE_SECONDS, publicCache } from '../lib/cache'
import { fromBase64Url, toBase64Url } from '../lib/crypto'
import { utf8 } from '../lib/decode'
import { commentId, commentSchema, parseOr } from '../lib/schema'
import { trustedCommentHtml } from './body'
import { readBookmark } from './cookies'
import { mediaType, NOT_UTF8 } from './form-post'
import { type ApiStart, loadApiThreads, type PublicComment, THREADS_PER_PAGE } from './store'

/** The JSON API's side of comments: what it accepts and the shape it answers with. */

/** The comment fields (the form's rules) plus the Turnstile answer a script may send. */
const apiCommentSchema = v.object({
  ...commentSchema.entries,
  turnstileToken: v.optional(v.string('turnstileToken must be text.')),
})

/** The posted comment, strictly decoded and validated; JSON only, so a cross-site HTML form cannot post here. */
export async function readApiComment(c: Context<AppEnv>) {
  if (mediaType(c) !== 'application/json')
    throw new HTTPException(415, { message: 'Send the comment as application/json.' })
  const text = utf8(await c.req.arrayBuffer())
  if (text === null) throw new HTTPException(400, { message: NOT_UTF8 })
  let data: unknown
  try {
    // A leading byte-order mark is tolerated in JSON; inside form values it is kept as text.
    data = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw new HTTPException(400, { message: 'The request body is not valid JSON.' })
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new HTTPException(400, { message: 'The request body must be a JSON object.' })
  return parseOr(apiCommentSchema, data, { message: 'The comment was not accepted.' })
}

/** What readers and API clients may see of a comment, threaded. Never email, IP hash, user agent or signals. */
export interface ApiComment {
  id: string
  parentId: string | null
  authorName: string
  authorUrl: string | null
  /** The Markdown source, and the HTML the page shows (the one trusted path). */
  body: string
  html: string
  createdAt: string
  /** Written by the site's author (a moderator); the essay's pinned comment. */
  isAuthor: boolean
  pinned: boolean
  editedAt: string | null
  /** Deleted by its author while it had replies: kept so the thread makes sense, its text gone. */
  deleted: boolean
  replies: ApiComment[]
}

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function toApi(comment: PublicComment): ApiComment {
  const deleted = comment.deletedAt !== null
  return {
    id: comment.id,
    parentId: comment.parentId,
    authorName: deleted ? '' : comment.authorName,
    authorUrl: deleted ? null : comment.authorUrl,
    body: deleted ? '' : comment.body,
    html: deleted ? '' : trustedCommentHtml(comment),
    createdAt: new Date(comment.createdAt).toISOString(),
    isAuthor: Boolean(comment.isAuthor),
    pinned: comment.pinnedAt !== null,
    editedAt: isoOrNull(comment.editedAt),
    deleted,
    replies: [],
  }
}

export function thread(comments: PublicComment[]): ApiComment[] {
  const nodes = new Map(comments.map((comment) => [comment.id, toApi(comment)]))
  const roots: ApiComment[] = []
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined
    ;(parent ? parent.replies : roots).push(node)
  }
  return roots
}

/** A thread's position as the API hands it out: opaque to clients (base64url of `[createdAt, id]`). */
export function encodeApiCursor(position: { createdAt: number; id: string }): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify([position.createdAt, position.id])))
}

const BAD_CURSOR = 'cursor is not one this API gave out: use the "next" value of an earlier answer.'

/** A cursor back to its position; anything else (edited, truncated, made up) is a 400, never a 500. */
export function decodeApiCursor(cursor: string): { createdAt: number; id: string } {
  const bytes = cursor.length <= 400 ? fromBase64Url(cursor) : null
  const text = bytes ? utf8(bytes) : null
  let value: unknown
  try {
    value = text === null ? null : JSON.parse(text)
  } catch {
    value = null
  }
  if (Array.isArray(value) && value.length === 2) {
    const [createdAt, id] = value as unknown[]
    if (Number.isSafeInteger(createdAt) && (createdAt as number) >= 0 && v.is(commentId, id))
      return { createdAt: createdAt as number, id }
  }
  throw new HTTPException(400, { message: BAD_CURSOR })
}

/**
 * GET /api/essays/:slug/comments: one page of threads, oldest first. `?cursor=` (the `next` of the
 * previous answer) is the way through a long conversation: a keyset seek, the same cost at any
 * depth. `?page=N` still works as documented (it skips with OFFSET, so deep pages cost more).
 * `threads` and `pages` come from a maintained counter; `page` is null when a cursor was used.
 */
export async function listApiComments(c: Context<AppEnv>, essay: Essay, page: number | undefined) {
  const cursor = c.req.query('cursor')
  if (cursor !== undefined && page !== undefined)
    throw new HTTPException(400, { message: 'Send page or cursor, not both.' })
  const start: ApiStart =
    cursor !== undefined ? { after: decodeApiCursor(cursor) } : { page: page ?? 1 }
  const data = await loadApiThreads(readSession(c.env, readBookmark(c)), essay.slug, start)
  const pages = Math.ceil(data.total / THREADS_PER_PAGE)
  if (page !== undefined && page > Math.max(1, pages))
    throw new HTTPException(404, { message: `There is no page ${page} of comments.` })
  publicCache(c, CACHE_SECONDS.page)
  return c.json({
    essay: essay.slug,
    page: 'page' in start ? start.page : null,
    pages,
    threads: data.total,
    next: data.last ? encodeApiCursor(data.last) : null,
    comments: thread(data.comments),
  })
}
