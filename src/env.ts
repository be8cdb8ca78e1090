/**
 * What the worker is given. Bindings and vars are generated from wrangler.toml by `npm run types`
 * into src/worker-configuration.d.ts (`Cloudflare.Env`; `npm run typecheck` fails when the two
 * disagree), and documented there, in wrangler.toml. Secrets never appear in wrangler.toml, so they
 * are declared here, optional: a feature whose secret is missing is off and fails closed.
 */
export interface Secrets {
  /** HMAC key for IP hashes, form, preview and session tokens. `wrangler secret put SECRET_KEY`. */
  SECRET_KEY?: string
  /** Moderators' bearer token. `wrangler secret put ADMIN_TOKEN`; locally in .dev.vars. */
  ADMIN_TOKEN?: string
  /** Held comments are POSTed here as JSON with one-click links. `wrangler secret put NOTIFY_WEBHOOK_URL`. */
  NOTIFY_WEBHOOK_URL?: string
  /** Cloudflare Turnstile's secret; on only with TURNSTILE_SITE_KEY. `wrangler secret put TURNSTILE_SECRET`. */
  TURNSTILE_SECRET?: string
  /**
   * The fediverse actor's RSA 2048 private key (PKCS#8 PEM); without it federation is off (WebFinger
   * and the actor 404, the inbox 503). `npm start` writes one into .dev.vars;
   * `wrangler secret put FEDIVERSE_PRIVATE_KEY < key.pem` for production.
   */
  FEDIVERSE_PRIVATE_KEY?: string
  /** Bearer token of the HTTP mail API (MAIL_TRANSPORT "http"). `wrangler secret put MAIL_API_TOKEN`. */
  MAIL_API_TOKEN?: string
  /** Cloudflare Access in front of /admin (vars, commented out in wrangler.toml until used): both or neither. */
  ACCESS_TEAM_DOMAIN?: string
  ACCESS_AUD?: string
}

export interface Env extends Cloudflare.Env, Secrets {}

export interface AppVariables {
  requestId: string
}

export type AppEnv = { Bindings: Env; Variables: AppVariables }
