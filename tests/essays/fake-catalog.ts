import { env } from 'cloudflare:test'
import { Hono } from 'hono'
import { etag } from 'hono/etag'
import { makeCatalog, type Catalog } from '../../src/content/catalog'
import { tagSlugsOf } from '../../src/content/tags'
import type { Essay } from '../../src/content/types'
import type { AppEnv } from '../../src/env'
import { feedRoutesFor } from '../../src/essays/feeds'
import { listingRoutes } from '../../src/essays/listing-routes'
import { errorHandler, notFound } from '../../src/lib/errors'

/**
 * 45 fake essays, newest first, 12 days apart from 2024-02-20 back into 2022, so they span
 * several months and three years. Every essay is tagged "All Things"; essays 0, 2, 4… (23 of
 * them) also "Even Ones"; essay 0 spells it "even ones" too, which is the same tag.
 */
export const FAKE_COUNT = 45

export function fakeEssays(count = FAKE_COUNT): Essay[] {
  const newest = Date.UTC(2024, 1, 20)
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(newest - i * 12 * 86_400_000).toISOString()
    const tags = [
      'All Things',
      ...(i % 2 === 0 ? ['Even Ones'] : []),
      ...(i === 0 ? ['even ones'] : []),
    ]
    return {
      slug: `fake-${i}`,
      title: `Fake essay ${i}`,
      description: `About fake essay ${i}.`,
      date,
      updated: date,
      author: 'Fake Author',
      tags,
      draft: false,
      page: false,
      html: `<p>The whole text of fake essay ${i}.</p>`,
      wordCount: 7,
      readingMinutes: 1,
    }
  })
}

let made = 0

/** A catalogue of the fake essays with its own cache id (prepared bodies never mix). */
export function fakeCatalog(essays = fakeEssays(), settings = { perPage: 20, feedItems: 20 }) {
  return makeCatalog(`fake-${++made}`, essays, {
    ...settings,
    tagSlugs: tagSlugsOf(essays),
    lang: 'en',
  })
}

/** The listing and feed routes over `catalog`, behind the same etag and error handling as src/index.ts. */
export function fakeBlog(catalog: Catalog, options: { sitemapLimit?: number } = {}) {
  const app = new Hono<AppEnv>()
    .use('*', etag())
    .route('/', listingRoutes(catalog))
    .route('/', feedRoutesFor(catalog, options))
  app.notFound(notFound)
  app.onError(errorHandler())
  return (path: string, init: RequestInit = {}) =>
    app.request(`https://blog.test${path}`, { redirect: 'manual', ...init }, env)
}

/** The slugs of the essays a listing page links to, in page order. */
export const listedSlugs = (html: string) =>
  [...html.matchAll(/<h2><a href="\/essays\/([^"]+)">/g)].map((match) => match[1])

/** `fake-A` … `fake-B` inclusive. */
export const fakeRange = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `fake-${from + i}`)
