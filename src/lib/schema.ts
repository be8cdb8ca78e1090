import type { ValidationTargets } from 'hono'
import { validator } from 'hono/validator'
import * as v from 'valibot'
import { isSlug } from '../content/slugs'
import { COMMENT_STATUSES } from '../db/schema'
import { RequestError, type FieldMessages } from './errors'
import { trimChars } from './text'
import { formatNumber, t } from '../views/i18n'

/**
 * The one validation style: valibot schemas at the edge of each route, and `parseOr` (or the `valid`
 * middleware) turning a failure into a RequestError whose fields name what was wrong. The pieces
 * every feature shares (comment fields, email, ids, slugs, URLs, bulk ids) are defined here once.
 *
 * Comment text is stored exactly as sent except: outer ASCII whitespace is trimmed (as WordPress does,
 * by a loop: the regex trim is quadratic), and line breaks are stored as "\n" (browsers send "\r\n";
 * HTML and XML parsers turn "\r" into "\n", so only "\n" round-trips through page and feed).
 * No Unicode normalisation: emoji, RTL, combining marks and zero-width characters are kept as sent.
 */

export const LIMITS = { name: 245, email: 100, website: 200, bodyBytes: 65_525 } as const

// XML 1.0 cannot carry these even escaped; U+007F is refused too.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const OUTER_SPACE = ' \t\n\r'
// Pragmatic, like WordPress's is_email: a plain local part, a dotted domain of letters, digits and hyphens.
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/
// Random base64url ids, and the "wordpress:12:34"-style ids imports keep: anything else cannot exist.
const ID = /^[A-Za-z0-9_:.-]{1,128}$/

const encoder = new TextEncoder()
export const byteLength = (text: string) => encoder.encode(text).length
export const charLength = (text: string) => [...text].length

/** Absolute http(s) URL with a host and no whitespace. */
export function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text) || /\s/.test(text)) return false
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0
  } catch {
    return false
  }
}

/** Text a reader typed: absent is "", anything but a string is refused, storable characters only, trimmed. */
/** `label` names the field in messages: a text, or a function read when the message is made (its locale's word). */
export function typedText(label: string | (() => string)) {
  const named = () => (typeof label === 'string' ? label : label())
  return v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const value = dataset.value
      if (value === undefined || value === null) return ''
      if (typeof value !== 'string') {
        addIssue({ message: t().mustBeText({ label: named() }) })
        return NEVER
      }
      if (FORBIDDEN.test(value)) {
        addIssue({ message: t().controlCharacter({ label: named() }) })
        return NEVER
      }
      if (LONE_SURROGATE.test(value)) {
        addIssue({ message: t().loneSurrogate({ label: named() }) })
        return NEVER
      }
      return trimChars(value.replace(/\r\n?/g, '\n'), OUTER_SPACE)
    }),
  )
}

const atMostChars = (label: () => string, max: number) =>
  v.check<string, (issue: v.CheckIssue<string>) => string>(
    (text) => charLength(text) <= max,
    (issue) =>
      t().atMostChars({
        label: label(),
        max: formatNumber(max),
        has: formatNumber(charLength(issue.input)),
      }),
  )

// Labels and messages are read when a value fails (not at import), in the site's language.
const label = {
  name: () => t().fieldName,
  email: () => t().fieldEmail,
  website: () => t().fieldWebsite,
  body: () => t().fieldComment,
  parentId: () => t().fieldReplyTarget,
}

/** The comment fields, each with the rule and the message readers see. Shared by the form, the API and the admin edit. */
export const commentFields = {
  name: v.pipe(
    typedText(label.name),
    v.check(
      (text) => text.trim() !== '',
      () => t().nameRequired,
    ),
    atMostChars(label.name, LIMITS.name),
  ),
  email: v.pipe(
    typedText(label.email),
    v.check(
      (text) => text !== '',
      () => t().emailRequired,
    ),
    atMostChars(label.email, LIMITS.email),
    v.check(
      (text) => EMAIL.test(text),
      () => t().emailInvalid,
    ),
    // Never shown; lower case so flood, duplicate and hold-first checks match however it is typed.
    v.toLowerCase(),
  ),
  website: v.pipe(
    typedText(label.website),
    atMostChars(label.website, LIMITS.website),
    v.check(
      (text) => text === '' || isHttpUrl(text),
      () => t().websiteInvalid,
    ),
    v.transform((text) => (text === '' ? null : text)),
  ),
  body: v.pipe(
    typedText(label.body),
    v.check(
      (text) => text.trim() !== '',
      () => t().commentRequired,
    ),
    v.check<string, (issue: v.CheckIssue<string>) => string>(
      (text) => byteLength(text) <= LIMITS.bodyBytes,
      (issue) =>
        t().atMostBytes({
          label: label.body(),
          max: formatNumber(LIMITS.bodyBytes),
          has: formatNumber(byteLength(issue.input)),
        }),
    ),
  ),
  parentId: v.pipe(
    typedText(label.parentId),
    v.check(
      (text) => text === '' || ID.test(text),
      () => t().replyTargetInvalid,
    ),
    v.transform((text) => (text === '' ? null : text)),
  ),
}

/**
 * "Email me when someone replies" (off by default): the form's checkbox sends "yes", JSON a boolean.
 * Only mail reads it (src/mail, through the 'comment.posted' event); it is not a comment column.
 */
export const wantsReplies = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const value = dataset.value
    if (value === undefined || value === null || value === false || value === '') return false
    if (value === true || value === 'yes' || value === 'on') return true
    addIssue({ message: 'notifyReplies must be true or false.' })
    return NEVER
  }),
)

/** Absent fields are empty text, so "required" fires for them like for "" (JSON may simply leave one out). */
const present = <S extends v.GenericSchema<unknown, unknown>>(schema: S) => v.optional(schema, '')

export const commentSchema = v.object({
  name: present(commentFields.name),
  email: present(commentFields.email),
  website: present(commentFields.website),
  body: present(commentFields.body),
  parentId: present(commentFields.parentId),
  notifyReplies: v.optional(wantsReplies),
})
export type CommentInput = v.InferOutput<typeof commentSchema>

/** One comment id (path parameter); what cannot be an id cannot exist, so it is a 404 where used. */
export const commentId = v.pipe(v.string(), v.regex(ID, 'is not a comment id'))
export const essaySlug = v.pipe(
  v.string(),
  v.maxLength(200),
  // The router hands over the decoded path: a non-NFC spelling names the same (NFC) essay.
  v.transform((slug) => slug.normalize('NFC')),
  v.check(isSlug, 'must be an essay slug like "my-essay"'),
)
export const commentStatus = v.picklist(
  COMMENT_STATUSES,
  `must be one of ${COMMENT_STATUSES.join(', ')}`,
)

/** A moderator's bulk request: 1 to MAX_BULK distinct ids. */
export const MAX_BULK = 200
export const bulkIds = v.pipe(
  v.array(commentId, 'ids must be an array of comment ids'),
  v.minLength(1, 'ids must list at least one comment id'),
  v.maxLength(MAX_BULK, `ids must list at most ${MAX_BULK} comment ids`),
  v.transform((ids) => [...new Set(ids)]),
)

/**
 * An email to look up what is stored (privacy export, erase): looser than `commentFields.email` on
 * purpose, because imported comments may carry addresses the form would refuse today, and those
 * readers have the same right to have them found.
 */
export const storedEmail = v.pipe(
  v.string('email is required.'),
  v.trim(),
  v.nonEmpty('email is required.'),
  v.maxLength(254, 'email must be an email address.'),
  v.regex(/^[^\s@]{1,64}@[^\s@]{1,189}$/, 'email must be an email address.'),
  v.toLowerCase(),
)

/** The first message per field (dotted path for nested fields; "" for the whole value). */
export function fieldMessages(issues: readonly v.BaseIssue<unknown>[]): FieldMessages {
  const fields: FieldMessages = {}
  for (const issue of issues) {
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? ''
    fields[path] ??= issue.message
  }
  return fields
}

/**
 * The answer's message: a fixed text, or one worded from the failing fields (used when the value as
 * a whole had nothing to say, e.g. `namedField` for query parameters).
 */
export type ErrorMessage = string | ((fields: FieldMessages) => string | undefined)

/**
 * The first failing field's message, prefixed with its name when the message is a fragment
 * ("is not a comment id" -> "ids.3 is not a comment id"); sentences, and messages that already start
 * with the name ("ids must list at least one comment id"), are kept as they are. For parameters and
 * JSON fields, whose names are what the client sent.
 */
export function namedField(fields: FieldMessages): string | undefined {
  const first = Object.entries(fields)[0]
  if (!first) return undefined
  const [path, message] = first
  const name = path.split('.')[0]!
  const fragment = /^[a-z]/.test(message) && !message.startsWith(`${name} `)
  return fragment ? `${path} ${message}` : message
}

/**
 * The parsed value, or a RequestError (default 422) with each failing field's first message and,
 * for pages that show a form again, the input as it arrived.
 */
export function parseOr<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  options: { status?: 400 | 404 | 422; message?: ErrorMessage; input?: unknown } = {},
): v.InferOutput<S> {
  const result = v.safeParse(schema, value)
  if (result.success) return result.output
  const fields = fieldMessages(result.issues)
  const whole = fields['']
  delete fields['']
  const message =
    typeof options.message === 'string'
      ? options.message
      : (whole ?? options.message?.(fields) ?? t().requestRefused)
  throw new RequestError(options.status ?? 422, message, { fields, input: options.input })
}

/** Hono middleware: validates one part of the request (query, param, json, form) with a schema. */
export function valid<T extends keyof ValidationTargets, S extends v.GenericSchema>(
  target: T,
  schema: S,
  options: { status?: 400 | 404 | 422; message?: ErrorMessage } = {},
) {
  return validator(
    target,
    (value) =>
      parseOr(schema, value, {
        status: options.status ?? 400,
        message: options.message,
      }) as v.InferOutput<S>,
  )
}
