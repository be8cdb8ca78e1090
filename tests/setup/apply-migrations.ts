import { applyD1Migrations, env } from 'cloudflare:test'

// The same migrations folder production applies with `wrangler d1 migrations apply`.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
