import type { D1Migration } from 'cloudflare:test'
import type { Secrets } from '../src/env'

// Bindings and vars come from src/worker-configuration.d.ts (generated from wrangler.toml); the tests add
// the secrets (made fresh per run in vitest.config.ts) and their own fixtures.
declare global {
  namespace Cloudflare {
    interface Env extends Secrets {
      TEST_MIGRATIONS: D1Migration[]
      /** The seed essay's text, verbatim, for the words-kept-exactly tests. */
      SEED_TEXT: string
    }
  }
}
