import { essayPath } from '../lib/urls'
import { formatNumber, t } from '../views/i18n'

/**
 * "Email me new comments on this essay", under the comment form: one field, plain HTML, works without
 * JavaScript. Rendered only when mail is on (the essay page asks `mailOn`), and the same for every
 * reader, so the shared page cache can keep it.
 */
export function SubscribeForm(props: { slug: string; batchMinutes: number }) {
  const m = t()
  return (
    <form
      class="subscribe"
      method="post"
      action={`${essayPath(props.slug)}/subscribe`}
      aria-labelledby="subscribe-title"
    >
      <h3 id="subscribe-title">{m.mailSubscribeHeading}</h3>
      <p class="field">
        <label for="subscribe-email">{m.mailSubscribeField}</label>
        <input
          id="subscribe-email"
          class="field"
          name="email"
          type="email"
          autocomplete="email"
          required
        />
      </p>
      <p class="note">{m.mailSubscribeNote({ minutes: formatNumber(props.batchMinutes) })}</p>
      <p class="submit">
        <button type="submit" class="secondary">
          {m.mailSubscribeButton}
        </button>
      </p>
    </form>
  )
}
