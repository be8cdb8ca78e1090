import { purgeEssayPages } from '../comments/page-cache'
import { getConfig } from '../config'
import type { Env } from '../env'

/**
 * After a moderation write, drop the cached essay pages that show those comments, so readers see
 * the change at once (the pages' own max-age bounds the staleness elsewhere). The database already
 * holds the change, so a failed purge is logged, never reported as a failed action.
 */
export async function refreshEssays(env: Env, slugs: Iterable<string>): Promise<void> {
  const siteUrl = getConfig(env).siteUrl
  await Promise.all(
    [...new Set(slugs)].map((slug) =>
      purgeEssayPages(siteUrl, slug).catch((err: unknown) => {
        console.error(
          JSON.stringify({
            level: 'error',
            message: 'cache purge failed',
            slug,
            error: String(err),
          }),
        )
      }),
    ),
  )
}
