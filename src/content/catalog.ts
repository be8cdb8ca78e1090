import { essays, site, tagLists, tagListsEssays, tagSlugs } from '../generated/content'
import { makeCatalog } from './make-catalog'
import type { Essay } from './types'

export { makeCatalog, tagListsOf, type Catalog, type CatalogOptions, type Tag } from './make-catalog'

/** The site's own catalogue, from the build: its tag lists precomputed there. */
export const siteCatalog = makeCatalog('site', essays, {
  perPage: site.perPage,
  feedItems: site.feedItems,
  tagSlugs,
  lang: site.lang,
  // Precomputed lists index this very list (tests that add essays to it get computed ones).
  tagLists: tagListsEssays === essays.length ? tagLists : undefined,
})

const bySlug = new Map(essays.map((essay) => [essay.slug, essay]))

/** Essays newest first, as the build ordered them. */
export function listEssays(): readonly Essay[] {
  return essays
}

export function findEssay(slug: string): Essay | undefined {
  return bySlug.get(slug)
}

/** The newest change across all essays: feeds' and the sitemap's "updated". */
export function lastUpdated(): string {
  return siteCatalog.lastUpdated()
}
