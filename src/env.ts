/** Bindings, vars and secrets the worker reads, typed once. Secrets are optional: features that need one fail closed without it. */
export interface Env {
  DB: D1Database
  ASSETS: Fetcher
  /** Rate Limiting bindings ([[ratelimits]] in wrangler.toml) for anonymous writes; see src/lib/rate-limit.ts. */
  COMMENT_LIMITER?: RateLimit
  SHARE_LIMITER?: RateLimit
  /** Public origin, e.g. https://blog.example.com: every absolute URL is built from it. */
  SITE_URL: string
  /** Secret key for HMACs: IP hashes, form and preview tokens, sessions. `wrangler secret put SECRET_KEY`. */
  SECRET_KEY?: string
  /** Moderators' bearer token. `wrangler secret put ADMIN_TOKEN`; locally in .dev.vars. */
  ADMIN_TOKEN?: string
  /** Cloudflare Access in front of /admin: the team ("team", "team.cloudflareaccess.com") and the application's AUD tag. Both or neither. */
  ACCESS_TEAM_DOMAIN?: string
  ACCESS_AUD?: string
  /** Held comments are POSTed here as JSON with one-click approve/spam links. `wrangler secret put NOTIFY_WEBHOOK_URL`. */
  NOTIFY_WEBHOOK_URL?: string
  /** Comments (src/comments/config.ts reads and validates these; defaults in brackets). */
  /** Seconds between two comments from one IP hash or email [15]; "0" disables. */
  FLOOD_SECONDS?: string
  /** Forms posted sooner than this many seconds after rendering are rejected [2]. */
  MIN_FORM_SECONDS?: string
  /** A comment with this many links or more is held [2]. */
  MAX_LINKS?: string
  /** Comma-separated words that hold a comment for moderation / send it to spam. */
  MODERATION_WORDS?: string
  BLOCK_WORDS?: string
  /** hold-all (default) | hold-first | open. */
  MODERATION_POLICY?: string
  /** Cloudflare Turnstile: both set turns it on for the comment form and API. */
  TURNSTILE_SITE_KEY?: string
  TURNSTILE_SECRET?: string
}

export interface AppVariables {
  requestId: string
}

export type AppEnv = { Bindings: Env; Variables: AppVariables }
