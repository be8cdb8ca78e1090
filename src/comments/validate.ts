/**
 * The one validator for comments, used by the form and the JSON API alike.
 * Text is stored exactly as sent except: outer ASCII whitespace is trimmed (as WordPress does),
 * and line breaks are stored as "\n" (browsers submit textareas with "\r\n"; HTML and XML
 * parsers turn "\r" into "\n" anyway, so only "\n" can round-trip byte-exact through page and feed).
 * No Unicode normalisation: emoji, RTL, combining marks, zero-width characters are kept as sent.
 */

import { trimChars } from '../lib/text'

export const FIELDS = ['name', 'email', 'website', 'body', 'parentId'] as const
export type Field = (typeof FIELDS)[number]
export type FieldErrors = Partial<Record<Field, string>>

export const LIMITS = { name: 245, email: 100, website: 200, bodyBytes: 65_525 } as const

export interface CommentInput {
  name: string
  email: string
  website: string | null
  body: string
  parentId: string | null
}

export type Validation = { ok: true; value: CommentInput } | { ok: false; errors: FieldErrors }

const LABELS: Record<Field, string> = {
  name: 'Name',
  email: 'Email',
  website: 'Website',
  body: 'Comment',
  parentId: 'Reply target',
}

// XML 1.0 cannot carry these even escaped; U+007F is refused too. Lone surrogates are caught separately.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
// Trimmed by a loop, not /^\s+|\s+$/g, which is quadratic on a long run of spaces inside the text.
const OUTER_SPACE = ' \t\n\r'
// Pragmatic, like WordPress's is_email: a plain local part, a dotted domain of letters, digits and hyphens.
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/
const ID = /^[A-Za-z0-9_-]{1,64}$/

const encoder = new TextEncoder()
export const byteLength = (text: string) => encoder.encode(text).length
const charLength = (text: string) => [...text].length

/** Why this value cannot be stored at all, or null. */
function unsafeChars(text: string): string | null {
  if (FORBIDDEN.test(text)) return 'contains a control character that cannot be stored'
  if (LONE_SURROGATE.test(text)) return 'contains an invalid (lone surrogate) character'
  return null
}

function asText(raw: Record<string, unknown>, field: Field, errors: FieldErrors): string | null {
  const value = raw[field]
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') {
    errors[field] = `${LABELS[field]} must be text.`
    return null
  }
  const problem = unsafeChars(value)
  if (problem) {
    errors[field] = `${LABELS[field]} ${problem}.`
    return null
  }
  return trimChars(value.replace(/\r\n?/g, '\n'), OUTER_SPACE)
}

export function validateComment(raw: Record<string, unknown>): Validation {
  const errors: FieldErrors = {}
  const name = asText(raw, 'name', errors)
  const email = asText(raw, 'email', errors)
  const website = asText(raw, 'website', errors)
  const body = asText(raw, 'body', errors)
  const parentId = asText(raw, 'parentId', errors)

  if (name !== null) {
    if (!name.trim()) errors.name = 'Name is required.'
    else if (charLength(name) > LIMITS.name)
      errors.name = `Name must be at most ${LIMITS.name} characters (it has ${charLength(name)}).`
  }
  if (email !== null) {
    if (!email) errors.email = 'Email is required.'
    else if (email.length > LIMITS.email)
      errors.email = `Email must be at most ${LIMITS.email} characters (it has ${charLength(email)}).`
    else if (!EMAIL.test(email))
      errors.email = 'Email must be a valid address, like name@example.com.'
  }
  if (website !== null && website) {
    if (charLength(website) > LIMITS.website)
      errors.website = `Website must be at most ${LIMITS.website} characters (it has ${charLength(website)}).`
    else if (!isHttpUrl(website)) errors.website = 'Website must be an http:// or https:// address.'
  }
  if (body !== null) {
    if (!body.trim()) errors.body = 'Comment is required.'
    else if (byteLength(body) > LIMITS.bodyBytes)
      errors.body = `Comment must be at most ${LIMITS.bodyBytes.toLocaleString('en')} bytes (it has ${byteLength(body).toLocaleString('en')}).`
  }
  if (parentId !== null && parentId && !ID.test(parentId))
    errors.parentId = 'Reply target is not a valid comment id.'

  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    value: {
      name: name!,
      // Never shown; lower case so flood, duplicate and hold-first checks match however it is typed.
      email: email!.toLowerCase(),
      website: website || null,
      body: body!,
      parentId: parentId || null,
    },
  }
}

export function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text) || /\s/.test(text)) return false
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0
  } catch {
    return false
  }
}
