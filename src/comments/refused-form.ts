import { RequestError } from '../lib/errors'
import type { RefusedForm } from './slots'

/**
 * The input a refused form post carries in its RequestError (`input`), so the app's error handler
 * can show the essay page again with every typed value: src/essays/form-page.tsx recognises it.
 */
export interface CommentFormInput extends RefusedForm {
  kind: 'comment-form'
  slug: string
}

export function isCommentFormInput(input: unknown): input is CommentFormInput {
  return (
    typeof input === 'object' &&
    input !== null &&
    (input as { kind?: unknown }).kind === 'comment-form' &&
    typeof (input as { slug?: unknown }).slug === 'string'
  )
}

/**
 * Runs `task`; a RequestError it throws without an input (a refusal from the write path: flood,
 * duplicate, reply rules, storage) gets this form's input, so the page shows the form again. A
 * refusal that names a field is shown beside that field; one that does not, above the form.
 */
export async function keepingForm<T>(
  form: (formError?: string) => CommentFormInput,
  task: () => Promise<T>,
): Promise<T> {
  try {
    return await task()
  } catch (error) {
    if (!(error instanceof RequestError) || error.input !== undefined) throw error
    const blamed = Object.keys(error.fields).length > 0
    const refused = new RequestError(error.status, error.message, {
      fields: error.fields,
      headers: error.headers,
      input: form(blamed ? undefined : error.message),
    })
    refused.cause = error.cause
    throw refused
  }
}
