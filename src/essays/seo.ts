import { site } from '../generated/content'
import { ogImage } from '../share/og'
import type { PageMeta } from '../views/layout'
import type { Essay } from '../content/types'
import { essayPath } from '../lib/urls'

/** Canonical, social-card and JSON-LD metadata for an essay page. */
export function essayMeta(siteUrl: string, essay: Essay): PageMeta {
  const canonical = siteUrl + essayPath(essay.slug)
  const image = ogImage(siteUrl, essay)
  return {
    title: essay.title,
    description: essay.description,
    canonical,
    siteUrl,
    type: 'article',
    noindex: essay.draft,
    image,
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'Article',
      headline: essay.title,
      image: image.url,
      description: essay.description,
      datePublished: essay.date,
      dateModified: essay.updated,
      author: { '@type': 'Person', name: essay.author },
      publisher: { '@type': 'Organization', name: site.title },
      mainEntityOfPage: canonical,
      wordCount: essay.wordCount,
      keywords: essay.tags.join(', '),
    },
  }
}
