/**
 * @deprecated Transitional, for src/admin/freshness.ts only, until the admin announces
 * 'essays.changed' (src/events.ts) itself: the essay page cache is src/essays/page-cache.ts, and
 * comments may not import essays, so src/index.ts hands the purge in at startup. Delete this file
 * together with src/admin/freshness.ts.
 */
type Purge = (siteUrl: string, slug: string) => Promise<void>

let purge: Purge = () => Promise.reject(new Error('the essay page purge was not wired'))

/** Called once, by src/index.ts. */
export function wireEssayPagePurge(essayPagePurge: Purge): void {
  purge = essayPagePurge
}

export const purgeEssayPages: Purge = (siteUrl, slug) => purge(siteUrl, slug)
