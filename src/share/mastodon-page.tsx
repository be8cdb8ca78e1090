import type { Essay } from '../content/types'
import { Layout, type PageMeta } from '../views/layout'
import { COMMON_INSTANCES } from './mastodon'

/**
 * Mastodon has no central share host, so the reader names their server. A plain GET form:
 * it works without JavaScript, and a refused value comes back in the field with the reason.
 */
export function MastodonPage(props: {
  meta: PageMeta
  essay: Essay
  utm: boolean
  value?: string
  error?: string
}) {
  const { essay, utm, error } = props
  const action = `/share/${essay.slug}/mastodon`
  const utmQuery = utm ? '&utm=1' : ''
  return (
    <Layout meta={props.meta}>
      <h1>Share on Mastodon</h1>
      <p>
        Sharing “<a href={`/essays/${essay.slug}`}>{essay.title}</a>”. Which server is your Mastodon
        account on?
      </p>
      <form method="get" action={action} class="comment mastodon">
        <label for="instance">Your Mastodon server</label>
        <input
          class="field"
          type="text"
          id="instance"
          name="instance"
          value={props.value}
          placeholder="mastodon.social"
          required
          maxlength={253}
          autocomplete="off"
          autocapitalize="none"
          spellcheck={false}
          inputmode="url"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'instance-error instance-hint' : 'instance-hint'}
        />
        {error && (
          <p class="error" id="instance-error">
            {error}
          </p>
        )}
        <p class="note" id="instance-hint">
          Only the host name, e.g. mastodon.social: you will be taken to that server to write the
          post.
        </p>
        {utm && <input type="hidden" name="utm" value="1" />}
        <button type="submit">Continue to my server</button>
      </form>
      <h2>Or pick a common server</h2>
      <ul class="share-links">
        {COMMON_INSTANCES.map((host) => (
          <li>
            <a href={`${action}?instance=${host}${utmQuery}`} rel="nofollow noopener">
              {host}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  )
}
