import type { Child } from 'hono/jsx'
import { config } from '../../config'
import type { InputPage } from '../../lib/errors'
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
        title: 'Sign in',
        description: 'Moderators sign in',
        canonical: `${props.siteUrl}/admin/login`,
        siteUrl: props.siteUrl,
        noindex: true,
      }}
    >
      <h1>Sign in to moderate</h1>
      {props.tokenLogin ? (
        <form method="post" action="/admin/login" class="admin-login">
          {props.error && (
            <p class="error" role="alert" id="login-error">
              {props.error}
            </p>
          )}
          <input type="hidden" name="next" value={props.next} />
          <label for="token">Admin token</label>
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
            The <code>ADMIN_TOKEN</code> secret. Locally, <code>npm start</code> put one in{' '}
            <code>.dev.vars</code>.
          </p>
          <button type="submit">Sign in</button>
        </form>
      ) : (
        <p>
          This site signs moderators in through Cloudflare Access: open <a href="/admin">/admin</a>{' '}
          through your Access login.
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
      error={error.message}
    />,
    error.status,
  )
}
