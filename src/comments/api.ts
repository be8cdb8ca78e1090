import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import * as v from 'valibot'
import type { AppEnv } from '../env'
import { utf8 } from '../lib/decode'
import { commentSchema, parseOr } from '../lib/schema'
import { mediaType, NOT_UTF8 } from './form-post'
import type { PublicComment } from './store'

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

export function thread(comments: PublicComment[]): ApiComment[] {
  const nodes = new Map(comments.map((comment) => [comment.id, toApi(comment)]))
  const roots: ApiComment[] = []
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined
    ;(parent ? parent.replies : roots).push(node)
  }
  return roots
}
