import { withBody } from '../content/bodies'
import { responsesCompanion } from '../responses/slot'
import { isCommentFormInput } from '../comments/refused-form'
import { commentSlots, forThisView, refusedView } from '../comments/slots'
import type { FieldErrors } from '../comments/validate'
import { findEssay } from '../content/catalog'
import { privateNoStore } from '../lib/cache'
import type { InputPage } from '../lib/errors'
import { describeError, log } from '../lib/log'
import { essayHtml } from './essay-html'

/**
 * The essay page again after a refused comment form (registered with the app's error handler in
 * src/index.ts): every typed value kept, each message beside its field and in the summary, a fresh
 * form token (the one posted may be spent or refused), at the refusal's status; never cached.
 * Any other error input is not this page's.
 */
export const commentFormPage: InputPage = async (c, error) => {
  const input = error.input
  if (!isCommentFormInput(input)) return null
  const essay = findEssay(input.slug)
  if (!essay) return null
  try {
    const view = refusedView(c, {
      values: input.values,
      errors: error.fields as FieldErrors,
      formError: input.formError,
      previewBody: input.previewBody,
    })
    const [slots, full] = await Promise.all([
      commentSlots(c, essay, view, responsesCompanion(essay.slug)),
      withBody(c.env.ASSETS, essay),
    ])
    const html = await essayHtml(c, full, slots)
    const page = await forThisView(c, essay, html)
    if (page === null) return null
    privateNoStore(c)
    return c.html(page, error.status)
  } catch (failure) {
    // The plain error page (with the message) is still an answer; this one is logged.
    log(c, 'error', 'the comment form could not be shown again', {
      status: error.status,
      error: describeError(failure),
    })
    return null
  }
}
