import type { Context } from 'hono'
import { config } from '../config'
import type { AppEnv } from '../env'
import { describeError, log } from '../lib/log'
import { forgetListingCounts } from './listing-counts'
import { purgeEssayPages } from './page-cache'

/**
 * The reaction to 'essays.changed' (wired in src/index.ts): drop the cached pages of those essays,
 * so readers see the change at once (the pages' own max-age bounds the staleness elsewhere). The
 * database already holds the change, so a failed purge is logged, never reported as a failed write.
 */
export async function refreshEssayPages(
  c: Context<AppEnv>,
  slugs: Iterable<string>,
): Promise<void> {
  const { siteUrl } = config(c.env)
  // The listings' "N comments" too (this isolate; others within their 60 s).
  forgetListingCounts()
  await Promise.all(
    [...new Set(slugs)].map((slug) =>
      purgeEssayPages(siteUrl, slug).catch((error: unknown) =>
        log(c, 'error', 'cache purge failed', { slug, error: describeError(error) }),
      ),
    ),
  )
}
