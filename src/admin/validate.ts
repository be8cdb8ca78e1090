import * as v from 'valibot'
import { COMMENT_STATUSES, type CommentStatus } from '../db/schema'
import {
  bulkIds,
  commentFields,
  commentId,
  commentStatus,
  essaySlug,
  MAX_BULK,
  namedField,
  parseOr,
  storedEmail,
} from '../lib/schema'
import { isModerationAction, MODERATION_ACTIONS, type ModerationAction } from './moderate'
import { decodeCursor, type CommentEdit, type CommentQuery } from './store'

/**
 * The admin's input schemas (valibot, like every route's), at the edge of each admin route. Query
 * parameter messages are fragments ("must be one of …"): `namedField` puts the parameter's name in
 * front, so every 400 names what was wrong. The shared pieces (ids, slugs, statuses, bulk ids, the
 * comment fields) come from src/lib/schema.ts.
 */

const shown = (input: unknown, max: number) => JSON.stringify(String(input).slice(0, max))

/** A key the client left out is checked as empty, so the field's own message answers ("email is required."). */
const required = <S extends v.GenericSchema>(schema: S) =>
  v.optional(v.pipe(v.unknown(), schema), '')

// ---- the comment listing (dashboard and API) ----

const NO_FILTER = new Set(['', 'all'])

// Hono gives a repeated parameter as an array: one value per filter.
const param = () => v.string('must be given once.')

const statusParam = v.pipe(
  param(),
  v.check<string, (issue: v.CheckIssue<string>) => string>(
    (raw) => NO_FILTER.has(raw) || v.is(commentStatus, raw),
    (issue) => `must be one of ${COMMENT_STATUSES.join(', ')} (got ${shown(issue.input, 40)}).`,
  ),
  v.transform((raw) => (NO_FILTER.has(raw) ? undefined : (raw as CommentStatus))),
)

const essayParam = v.pipe(
  param(),
  v.check<string, (issue: v.CheckIssue<string>) => string>(
    (raw) => raw === '' || v.is(essaySlug, raw),
    (issue) => `must be an essay slug like "my-essay" (got ${shown(issue.input, 40)}).`,
  ),
  v.transform((raw) => raw || undefined),
)

export const MAX_SEARCH = 200
const searchParam = v.pipe(
  param(),
  v.trim(),
  v.maxLength(MAX_SEARCH, `must be at most ${MAX_SEARCH} characters.`),
  v.transform((q) => q || undefined),
)

const cursorParam = v.pipe(
  param(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    if (dataset.value === '') return undefined
    const cursor = decodeCursor(dataset.value)
    if (cursor) return cursor
    addIssue({ message: 'is not valid: use the nextCursor value of a previous page.' })
    return NEVER
  }),
)

export const MAX_PAGE = 100
const limitParam = (fallback: number) =>
  v.optional(
    v.pipe(
      param(),
      v.check<string, (issue: v.CheckIssue<string>) => string>(
        (raw) =>
          raw === '' || (/^\d{1,3}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= MAX_PAGE),
        (issue) => `must be a whole number from 1 to ${MAX_PAGE} (got ${shown(issue.input, 20)}).`,
      ),
      v.transform((raw) => (raw === '' ? fallback : Number(raw))),
    ),
    String(fallback),
  )

/** ?status&essay&q&cursor&limit; `status` absent means `defaults.status` (the dashboard opens on the pending queue). */
export function commentQuery(defaults: { limit: number; status?: CommentStatus }) {
  return v.object({
    status: v.optional(statusParam, defaults.status),
    essay: v.optional(essayParam),
    q: v.optional(searchParam),
    cursor: v.optional(cursorParam),
    limit: limitParam(defaults.limit),
  }) satisfies v.GenericSchema<unknown, CommentQuery>
}

/** The listing query as the store takes it, or a 400 whose message starts with the parameter's name. */
export function parseCommentQuery(
  query: Record<string, unknown>,
  defaults: { limit: number; status?: CommentStatus },
): CommentQuery {
  return parseOr(commentQuery(defaults), query, { status: 400, message: namedField })
}

export const auditQuery = v.object({
  cursor: v.optional(
    v.pipe(
      param(),
      v.regex(/^[1-9]\d{0,15}$/, 'is not valid: use the nextCursor value of a previous page.'),
      v.transform(Number),
    ),
  ),
  comment: v.optional(
    v.pipe(
      param(),
      v.check((raw) => raw === '' || v.is(commentId, raw), 'is not a comment id.'),
      v.transform((raw) => raw || undefined),
    ),
  ),
  limit: limitParam(50),
})

// ---- path parameters: what cannot be an id cannot exist, so it is answered like an unknown id ----

export const commentIdParam = v.pipe(
  v.string(),
  v.check<string, (issue: v.CheckIssue<string>) => string>(
    (raw) => v.is(commentId, raw),
    (issue) => `No comment with id ${shown(issue.input, 140)}.`,
  ),
)

/** The API's /comments/:id/:action: delete has its own verb (DELETE /comments/:id). */
export const apiActionParams = v.object({
  id: commentIdParam,
  action: v.pipe(
    v.string(),
    v.check<string, (issue: v.CheckIssue<string>) => string>(
      (raw) => isModerationAction(raw) && raw !== 'delete',
      (issue) => `Unknown action ${shown(issue.input, 40)}: use approve, spam, trash or restore.`,
    ),
    v.transform((raw) => raw as Exclude<ModerationAction, 'delete'>),
  ),
})

/** The dashboard's form actions, delete included (only from the trash, checked by the store). */
export const formActionParams = v.object({
  id: commentIdParam,
  action: v.custom<ModerationAction>(isModerationAction, 'There is no such action.'),
})

// ---- bodies ----

/** The JSON bulk request; the ids are the shared `bulkIds`, refused rather than merged when repeated. */
export const apiBulk = v.object(
  {
    action: required(
      v.custom<ModerationAction>(
        isModerationAction,
        `action must be one of ${MODERATION_ACTIONS.join(', ')}.`,
      ),
    ),
    ids: required(
      v.pipe(
        v.array(
          v.string('ids must all be strings.'),
          `ids must be an array of 1 to ${MAX_BULK} comment ids.`,
        ),
        v.check((ids) => new Set(ids).size === ids.length, 'ids must not repeat an id.'),
        bulkIds,
      ),
    ),
  },
  'Send { "ids": [...], "action": "..." }.',
)

/** The dashboard's bulk form: the ticked checkboxes (one value or several), each once. */
export const formBulk = v.object({
  action: required(
    v.custom<ModerationAction>(isModerationAction, 'Choose an action for the selected comments.'),
  ),
  ids: v.pipe(
    v.optional(
      v.union([v.string(), v.array(v.string())], 'Select the comments by their checkboxes.'),
      [],
    ),
    v.transform((ids) => [...new Set([ids].flat())]),
    v.minLength(1, 'Select at least one comment first.'),
    v.maxLength(MAX_BULK, `Select at most ${MAX_BULK} comments at a time.`),
    bulkIds,
  ),
})

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const EDITABLE = ['body', 'name', 'website'] as const

/** PATCH's shape (400): an object naming only editable fields, at least one of them. */
const editShape = v.pipe(
  v.custom<Record<string, unknown>>(
    isRecord,
    'The request body must be a JSON object with body, name and/or website.',
  ),
  v.check<Record<string, unknown>, (issue: v.CheckIssue<Record<string, unknown>>) => string>(
    (input) => Object.keys(input).every((key) => (EDITABLE as readonly string[]).includes(key)),
    (issue) =>
      `Unknown field ${shown(
        Object.keys(issue.input).find((key) => !(EDITABLE as readonly string[]).includes(key)),
        60,
      )}: only body, name and website can be edited.`,
  ),
  v.check(
    (input) => EDITABLE.some((key) => input[key] !== undefined),
    'Send at least one of body, name, website.',
  ),
)

/** PATCH's fields (422): each one sent is checked by the readers' own rule, so an edit can never store what a reader couldn't submit. */
const editFields = v.object({
  body: v.optional(commentFields.body),
  name: v.optional(commentFields.name),
  website: v.optional(commentFields.website),
})

export function parseEdit(raw: unknown): CommentEdit {
  parseOr(editShape, raw, { status: 400 })
  const value = parseOr(editFields, raw, {
    status: 422,
    message: (fields) => {
      const [field, message] = Object.entries(fields)[0] ?? []
      return field ? `${field}: ${message}` : undefined
    },
  })
  const edit: CommentEdit = {}
  if (value.body !== undefined) edit.body = value.body
  if (value.name !== undefined) edit.authorName = value.name
  if (value.website !== undefined) edit.authorUrl = value.website
  return edit
}

/** A privacy request's address (the export's query, the erase's body), matched like stored addresses are. */
export const emailQuery = v.object({ email: required(storedEmail) })
export const eraseBody = v.object(
  { email: required(storedEmail) },
  'Send { "email": "…" } as the request body.',
)
