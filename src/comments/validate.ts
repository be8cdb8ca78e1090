import * as v from 'valibot'
import { commentSchema, fieldMessages, type CommentInput } from '../lib/schema'

/**
 * A reader's comment, checked by the shared field rules (src/lib/schema.ts): the form and the JSON
 * API use this; the admin edit uses the same rules field by field.
 */

export { byteLength, LIMITS, isHttpUrl, type CommentInput } from '../lib/schema'

export const FIELDS = ['name', 'email', 'website', 'body', 'parentId'] as const
export type Field = (typeof FIELDS)[number]
export type FieldErrors = Partial<Record<Field, string>>

export type Validation = { ok: true; value: CommentInput } | { ok: false; errors: FieldErrors }

export function validateComment(raw: Record<string, unknown>): Validation {
  const result = v.safeParse(commentSchema, raw)
  if (result.success) return { ok: true, value: result.output }
  return { ok: false, errors: fieldMessages(result.issues) as FieldErrors }
}
