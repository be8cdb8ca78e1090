/** Bindings, vars and secrets the worker reads, typed once. Secrets are optional: features that need one fail closed without it. */
export interface Env {
  DB: D1Database
  ASSETS: Fetcher
  /** Public origin, e.g. https://blog.example.com: every absolute URL is built from it. */
  SITE_URL: string
  /** Secret key for HMACs: IP hashes, form and preview tokens, sessions. `wrangler secret put SECRET_KEY`. */
  SECRET_KEY?: string
  /** Moderators' bearer token. `wrangler secret put ADMIN_TOKEN`; locally in .dev.vars. */
  ADMIN_TOKEN?: string
}

export interface AppVariables {
  requestId: string
}

export type AppEnv = { Bindings: Env; Variables: AppVariables }
