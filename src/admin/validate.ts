import { HTTPException } from 'hono/http-exception'
import { COMMENT_STATUSES, type CommentStatus } from '../db/schema'
import { validateComment } from '../comments/validate'
import { findEssay } from '../content/catalog'
import { decodeCursor, type CommentEdit, type CommentQuery } from './store'

/** Input checks at the edge of the admin routes: each failure names the parameter. */

const bad = (message: string) => new HTTPException(400, { message })

// Comment ids are random base64url; anything else can't exist, so it is answered like an unknown id.
const COMMENT_ID = /^[A-Za-z0-9_:.-]{1,128}$/
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export function commentId(raw: string): string {
  if (!COMMENT_ID.test(raw))
    throw new HTTPException(404, {
      message: `No comment with id ${JSON.stringify(raw.slice(0, 140))}.`,
    })
  return raw
}

export function parseStatus(raw: string | undefined, name = 'status'): CommentStatus | undefined {
  if (raw === undefined || raw === '' || raw === 'all') return undefined
  if (!COMMENT_STATUSES.includes(raw as CommentStatus))
    throw bad(
      `${name} must be one of ${COMMENT_STATUSES.join(', ')} (got ${JSON.stringify(raw.slice(0, 40))}).`,
    )
  return raw as CommentStatus
}

export function parseLimit(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 100)
    throw bad(
      `limit must be a whole number from 1 to 100 (got ${JSON.stringify(raw.slice(0, 20))}).`,
    )
  return Number(raw)
}

export function parseEssay(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined
  if (raw.length > 200 || !SLUG.test(raw))
    throw bad(
      `essay must be an essay slug like "my-essay" (got ${JSON.stringify(raw.slice(0, 40))}).`,
    )
  return raw
}

export function parseSearch(raw: string | undefined): string | undefined {
  const q = raw?.trim()
  if (!q) return undefined
  if (q.length > 200) throw bad('q must be at most 200 characters.')
  return q
}

export function parseCommentQuery(
  query: Record<string, string | undefined>,
  defaults: { limit: number; status?: CommentStatus },
): CommentQuery {
  let cursor: CommentQuery['cursor']
  if (query.cursor) {
    const decoded = decodeCursor(query.cursor)
    if (!decoded) throw bad('cursor is not valid: use the nextCursor value of a previous page.')
    cursor = decoded
  }
  return {
    status: query.status === undefined ? defaults.status : parseStatus(query.status),
    essay: parseEssay(query.essay),
    q: parseSearch(query.q),
    cursor,
    limit: parseLimit(query.limit, defaults.limit),
  }
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/

/** The address lowercased: stored emails are lowercased (on submission, and once for older rows by the migration), so privacy requests compare like with like. */
export function parseEmail(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.trim()) throw bad('email is required.')
  const email = raw.trim()
  if (email.length > 254 || !EMAIL.test(email))
    throw bad(`email must be an email address (got ${JSON.stringify(email.slice(0, 60))}).`)
  return email.toLowerCase()
}

/**
 * PATCH body: any of body, name, website, checked by the readers' own validator so an edit can
 * never store what a reader couldn't submit. Unknown fields are refused rather than ignored.
 */
export function parseEdit(
  raw: unknown,
  current: { authorName: string; body: string },
): CommentEdit {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw bad('The request body must be a JSON object with body, name and/or website.')
  const input = raw as Record<string, unknown>
  const unknown = Object.keys(input).filter((key) => !['body', 'name', 'website'].includes(key))
  if (unknown.length)
    throw bad(
      `Unknown field ${JSON.stringify(unknown[0])}: only body, name and website can be edited.`,
    )
  if (input.body === undefined && input.name === undefined && input.website === undefined)
    throw bad('Send at least one of body, name, website.')
  const result = validateComment({
    name: input.name ?? current.authorName,
    body: input.body ?? current.body,
    website: input.website ?? null,
    // Email isn't editable here; a valid stand-in keeps the readers' validator from complaining about it.
    email: 'moderator@example.com',
  })
  if (!result.ok) {
    const [field, message] =
      Object.entries(result.errors).find(([key]) => ['name', 'body', 'website'].includes(key)) ?? []
    throw new HTTPException(422, {
      message: field ? `${field}: ${message}` : 'The edit is not valid.',
    })
  }
  const { value } = result
  const edit: CommentEdit = {}
  if (input.body !== undefined) edit.body = value.body
  if (input.name !== undefined) edit.authorName = value.name
  if (input.website !== undefined) edit.authorUrl = value.website
  return edit
}

export function essayTitle(slug: string): string {
  return findEssay(slug)?.title ?? slug
}
