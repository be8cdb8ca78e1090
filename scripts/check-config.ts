/**
 * `npm run check:config` (and the first step of `npm run deploy`): the worker's own config reader
 * (src/config.ts `readConfig`) over the vars in wrangler.toml, so a malformed var is a deploy error
 * that names it instead of a worker that fails on its first request. Secrets are not in wrangler.toml
 * and are not checked here: a missing one turns its feature off at runtime, by design.
 */
import { unstable_readConfig } from 'wrangler'
import { ConfigError, readConfig } from '../src/config.ts'

const wrangler = unstable_readConfig({ config: process.argv[2] ?? 'wrangler.toml' })
try {
  const settings = readConfig(wrangler.vars as Record<string, unknown>)
  console.log(
    `config ok: SITE_URL ${settings.siteUrl}, moderation ${settings.comments.policy}, flood ${settings.comments.floodSeconds} s`,
  )
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(`wrangler.toml [vars]: ${error.message}`)
  process.exit(1)
}
