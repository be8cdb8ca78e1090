import type { Context } from 'hono'
import { absoluteUrl, config } from '../config'
import type { Essay } from '../content/types'
import type { AppEnv } from '../env'
import { CACHE_SECONDS, privateNoStore, publicCache } from '../lib/cache'
import type { InputPage } from '../lib/errors'
import { cspWith } from '../lib/security'
import { essayPath } from '../lib/urls'
import { t, translated } from '../views/i18n'
import { Layout, type PageMeta } from '../views/layout'
import { COMMON_INSTANCES } from './mastodon'
import { mastodonPickerPath, sharePath } from './paths'

/** What a refused `?instance=` carries to the error channel, so the picker comes back with it. */
export class MastodonPickerInput {
  constructor(
    readonly essay: Essay,
    readonly utm: boolean,
    readonly instance: string,
  ) {}
}

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
  return (
    <Layout meta={props.meta}>
      <h1>{t().mastodonTitle}</h1>
      <p>
        {t().mastodonSharing} “<a href={essayPath(essay.slug)}>{essay.title}</a>”.{' '}
        {t().mastodonWhichServer}
      </p>
      <form method="get" action={sharePath(essay.slug, 'mastodon')} class="comment mastodon">
        <label for="instance">{t().mastodonServerLabel}</label>
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
          {t().mastodonServerHint}
        </p>
        {utm && <input type="hidden" name="utm" value="1" />}
        <button type="submit">{t().mastodonContinue}</button>
      </form>
      <h2>{t().mastodonCommon}</h2>
      <ul class="share-links">
        {COMMON_INSTANCES.map((host) => (
          <li>
            <a
              href={mastodonPickerPath(essay.slug, { instance: host, utm })}
              rel="nofollow noopener"
            >
              {host}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  )
}

/** The picker: empty (200, cacheable) or with a refused value kept and its reason (400, per reader). */
export function renderPicker(
  c: Context<AppEnv>,
  form: { essay: Essay; utm: boolean; instance?: string; error?: string },
) {
  const { essay, utm, instance, error } = form
  // This form GETs our own path, which then redirects to the reader's server; Chrome checks
  // form-action against redirect targets too, so this page alone allows https: there.
  c.header('Content-Security-Policy', cspWith({ formAction: ["'self'", 'https:'] }))
  if (error === undefined) publicCache(c, CACHE_SECONDS.page)
  else privateNoStore(c)
  const meta = {
    title: t().mastodonTitle,
    description: t().mastodonDescription({ title: essay.title }),
    canonical: absoluteUrl(c.env, sharePath(essay.slug, 'mastodon')),
    siteUrl: config(c.env).siteUrl,
    noindex: true,
  }
  return c.html(
    <MastodonPage meta={meta} essay={essay} utm={utm} value={instance} error={error} />,
    error === undefined ? 200 : 400,
  )
}

/** For errorHandler's inputPages: a refused server name shows the picker again, the value kept. */
export const mastodonPickerPage: InputPage = async (c, error) => {
  if (!(error.input instanceof MastodonPickerInput)) return null
  const { essay, utm, instance } = error.input
  return renderPicker(c, { essay, utm, instance, error: translated(error.message) })
}
