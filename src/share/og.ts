/**
 * Where each essay's Open Graph card lives. The PNGs are rendered at build time by
 * scripts/build/og-images.ts into public/og/ and served as static assets; the worker only names them.
 */
import type { Essay } from '../content/types'
import { site } from '../generated/content'
import { formatDay } from '../lib/dates'
import { slugSegment } from '../lib/urls'

export const OG_WIDTH = 1200
export const OG_HEIGHT = 630

// The file is public/og/<slug>.png; its URL carries the slug percent-encoded, like every essay URL.
export const ogImagePath = (slug: string) => `/og/${slugSegment(slug)}.png`

/** The card as PageMeta.image: absolute URL, size, and a text alternative saying what it shows. */
export function ogImage(siteUrl: string, essay: Pick<Essay, 'slug' | 'title' | 'date'>) {
  return {
    url: siteUrl + ogImagePath(essay.slug),
    width: OG_WIDTH,
    height: OG_HEIGHT,
    alt: `${essay.title} (${site.title}, ${formatDay(essay.date)})`,
  }
}
