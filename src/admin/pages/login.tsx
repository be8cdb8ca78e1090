import type { Child } from 'hono/jsx'
import { config } from '../../config'
import type { InputPage } from '../../lib/errors'
import { t, translated } from '../../views/i18n'
import { Layout } from '../../views/layout'

/** The moderators' sign-in: the admin token once (then a session cookie), or a pointer to Cloudflare Access. */

export function LoginPage(props: {
  siteUrl: string
  next: string
  error?: string
  tokenLogin: boolean
}): Child {
  return (
    <Layout
      meta={{
        title: t().signInTitle,
        description: t().signInDescription,
        canonical: `${props.siteUrl}/admin/login`,
        siteUrl: props.siteUrl,
        noindex: true,
      }}
    >
      <h1>{t().signInHeading}</h1>
      {props.tokenLogin ? (
        <form method="post" action="/admin/login" class="admin-login">
          {props.error && (
            <p class="error" role="alert" id="login-error">
              {props.error}
            </p>
          )}
          <input type="hidden" name="next" value={props.next} />
          <label for="token">{t().adminTokenLabel}</label>
          <input
            class="field"
            type="password"
            id="token"
            name="token"
            required
            autocomplete="current-password"
            aria-describedby={props.error ? 'login-error token-help' : 'token-help'}
            autofocus
          />
          <p class="note" id="token-help">
            {t().adminTokenHelpBefore} <code>ADMIN_TOKEN</code> {t().adminTokenHelpMiddle}{' '}
            <code>npm start</code> {t().adminTokenHelpAfter} <code>.dev.vars</code>.
          </p>
          <button type="submit">{t().signInButton}</button>
        </form>
      ) : (
        <p>
          {t().signInAccessBefore} <a href="/admin">/admin</a> {t().signInAccessAfter}
        </p>
      )}
    </Layout>
  )
}

/** What a refused sign-in carries back to its form (RequestError `input`): where the moderator was going. */
export class LoginAttempt {
  constructor(readonly next: string) {}
}

/**
 * The error channel's page for a refused sign-in: the form again, with the message and `next` kept
 * (errorHandler({ inputPages }) in src/index.ts). Anything else is not this page's input.
 */
export const loginFormPage: InputPage = async (c, error) => {
  if (!(error.input instanceof LoginAttempt)) return null
  return c.html(
    <LoginPage
      siteUrl={config(c.env).siteUrl}
      next={error.input.next}
      tokenLogin
      error={translated(error.message)}
    />,
    error.status,
  )
}
