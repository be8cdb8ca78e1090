import type { Essay } from './types'

/** A tag with its page's essays (dated essays only, newest first) and the text shown for it. */
export interface Tag {
  slug: string
  /** The display text of its first (newest) use. */
  name: string
  essays: readonly Essay[]
}

/**
 * What the listing pages, feeds and sitemap read: the essays and their derived indexes. Made once
 * per isolate for the site; the tests make their own from fake essays (`makeCatalog`).
 */
export interface Catalog {
  /** Names this catalogue in per-isolate caches (src/lib/prepared.ts keys). */
  id: string
  perPage: number
  feedItems: number
  /** Every essay and standalone page, newest first. */
  all: readonly Essay[]
  /** Dated essays (not standalone pages), newest first: the home pages, tags, archive and feeds. */
  dated: readonly Essay[]
  /** Every tag that has a dated essay, by display text. */
  tags: readonly Tag[]
  tag(slug: string): Tag | undefined
  /** The slug of a tag's display text, when that tag has a page. */
  tagSlug(text: string): string | undefined
  /** The newest change in `essays`: a feed's or sitemap's "updated". */
  lastUpdated(essays?: readonly Essay[]): string
}

export interface CatalogOptions {
  perPage: number
  feedItems: number
  /** Display text -> slug, from the build (src/content/tags.ts `tagSlugsOf`). */
  tagSlugs: ReadonlyArray<readonly [string, string]>
  lang?: string
  /**
   * The tags as the build computed them (scripts/build/content.ts, with this same function): slug,
   * display text and the indexes of their essays in `all`, already sorted. Given, the isolate skips
   * walking every essay's tags and sorting at startup.
   */
  tagLists?: ReadonlyArray<TagList>
}

/** One tag as the build writes it: [slug, display text, indexes into the catalogue's essays]. */
export type TagList = readonly [slug: string, name: string, essays: readonly number[]]

function tagsOf(dated: readonly Essay[], options: CatalogOptions): Tag[] {
  const slugOf = new Map(options.tagSlugs)
  const bySlug = new Map<string, { slug: string; name: string; essays: Essay[] }>()
  for (const essay of dated) {
    for (const text of new Set(essay.tags)) {
      const slug = slugOf.get(text)
      if (slug === undefined) throw new Error(`tag ${JSON.stringify(text)} has no slug`)
      const tag = bySlug.get(slug) ?? { slug, name: text, essays: [] }
      // Two spellings of one tag on one essay list it once.
      if (tag.essays.at(-1) !== essay) tag.essays.push(essay)
      bySlug.set(slug, tag)
    }
  }
  const collator = new Intl.Collator(options.lang)
  return [...bySlug.values()].sort((a, b) => collator.compare(a.name, b.name))
}

/** The tags of `catalog` as the build writes them (`TagList`): indexes into `all`. */
export function tagListsOf(catalog: Catalog): TagList[] {
  const index = new Map(catalog.all.map((essay, i) => [essay, i]))
  return catalog.tags.map((tag) => [tag.slug, tag.name, tag.essays.map((e) => index.get(e)!)])
}

const newest = (list: readonly Essay[]) =>
  list.reduce(
    (latest, essay) => (essay.updated > latest ? essay.updated : latest),
    '1970-01-01T00:00:00.000Z',
  )

export function makeCatalog(id: string, all: readonly Essay[], options: CatalogOptions): Catalog {
  const dated = all.filter((essay) => !essay.page)
  const slugOf = new Map(options.tagSlugs)
  const tags = options.tagLists
    ? options.tagLists.map(([slug, name, list]) => ({
        slug,
        name,
        essays: list.map((i) => all[i]!),
      }))
    : tagsOf(dated, options)
  const bySlug = new Map(tags.map((tag) => [tag.slug, tag]))
  const latest = newest(all)
  return {
    id,
    perPage: options.perPage,
    feedItems: options.feedItems,
    all,
    dated,
    tags,
    // A decoded path may spell the slug in another normal form (NFD from some clients): same tag.
    tag: (slug) => bySlug.get(slug.normalize('NFC')),
    tagSlug: (text) => {
      const slug = slugOf.get(text)
      return slug !== undefined && bySlug.has(slug) ? slug : undefined
    },
    lastUpdated: (list) => (list ? newest(list) : latest),
  }
}
