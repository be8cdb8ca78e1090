import { env } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import type { Essay } from '../../src/content/types'
import { SITE } from '../helpers/http'

/**
 * Issue 12, item 2: an essay and a tag whose slugs are Greek words, through the whole worker
 * (src/index.ts): the bundle is the real one plus these essays (the built module, mocked).
 */
const GREEK = 'επίπεδο-3'
const ENCODED = '%CE%B5%CF%80%CE%AF%CF%80%CE%B5%CE%B4%CE%BF-3'
const CYRILLIC = 'привет-мир'

vi.mock('../../src/generated/content', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/generated/content')>()
  const essay = (slug: string, title: string, tags: string[], day: number): Essay => ({
    ...real.essays[0]!,
    slug,
    title,
    description: `About ${title}.`,
    date: `2024-03-0${day}T00:00:00.000Z`,
    updated: `2024-03-0${day}T00:00:00.000Z`,
    tags,
    html: `<p>The text of ${title}.</p>`,
  })
  const extra = [
    essay('επίπεδο-3', 'Επίπεδο 3', ['Ηγεσία'], 2),
    essay('привет-мир', 'Привет, мир', ['Machine Learning'], 1),
  ]
  return {
    ...real,
    essays: [...extra, ...real.essays],
    tagSlugs: [...real.tagSlugs, ['Ηγεσία', 'ηγεσία'], ['Machine Learning', 'machine-learning']],
  }
})

// The worker's modules may already be loaded (by SELF) with the real bundle: load them afresh.
vi.resetModules()
const app = (await import('../../src/index')).default

function fetchApp(path: string) {
  const ctx = {
    waitUntil: () => {},
    passThroughOnException: () => {},
  } as unknown as ExecutionContext
  return app.fetch(new Request(SITE + path, { redirect: 'manual' }), env, ctx)
}

describe('an essay with a Greek slug', () => {
  it('is reached by the percent-encoded path, upper- or lowercase hex', async () => {
    for (const path of [`/essays/${ENCODED}`, `/essays/${ENCODED.toLowerCase()}`]) {
      const res = await fetchApp(path)
      expect(res.status, path).toBe(200)
      const html = await res.text()
      expect(html).toContain('The text of Επίπεδο 3.')
      // The canonical URL is the encoded NFC form, whatever spelling the reader used.
      expect(html).toContain(`<link rel="canonical" href="${SITE}/essays/${ENCODED}"`)
    }
  })

  it('is reached by the raw UTF-8 path (the URL parser encodes it on the way in)', async () => {
    const res = await fetchApp(`/essays/${GREEK}`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('The text of Επίπεδο 3.')
  })

  it('a decomposed (NFD) spelling serves the NFC essay, canonical to the NFC address', async () => {
    const nfd = encodeURIComponent(GREEK.normalize('NFD'))
    expect(nfd).not.toBe(ENCODED)
    const res = await fetchApp(`/essays/${nfd}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('The text of Επίπεδο 3.')
    expect(html).toContain(`<link rel="canonical" href="${SITE}/essays/${ENCODED}"`)
  })

  it('an uppercase spelling or a zero-width character is no essay (404, not 500)', async () => {
    for (const path of [
      `/essays/${encodeURIComponent(GREEK.toUpperCase())}`,
      `/essays/${encodeURIComponent('επί\u200Bπεδο-3')}`,
      '/essays/%CE',
    ]) {
      const res = await fetchApp(path)
      expect(res.status, path).toBe(404)
    }
  })

  it('links, the comment form, the feeds and the sitemap spell it percent-encoded', async () => {
    const home = await (await fetchApp('/')).text()
    expect(home).toContain(`href="/essays/${ENCODED}"`)
    expect(home).toContain(`href="/essays/${encodeURIComponent(CYRILLIC)}"`)
    expect(home).not.toContain(`href="/essays/${GREEK}"`)
    const page = await (await fetchApp(`/essays/${ENCODED}`)).text()
    expect(page).toContain(`action="/essays/${ENCODED}/comments#respond"`)
    expect(page).toContain(`href="/tags/${encodeURIComponent('ηγεσία')}"`)
    for (const feed of ['/feed.xml', '/atom.xml', '/sitemap.xml']) {
      const xml = await (await fetchApp(feed)).text()
      expect(xml, feed).toContain(`${SITE}/essays/${ENCODED}`)
      expect(xml, feed).not.toContain(`${SITE}/essays/${GREEK}`)
    }
  })

  it('its comments feed answers at the encoded address', async () => {
    const res = await fetchApp(`/essays/${ENCODED}/comments.xml`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(`${SITE}/essays/${ENCODED}`)
  })
})

describe('a tag with Greek words', () => {
  it('has its page and feeds at the encoded words, raw UTF-8 too', async () => {
    const encoded = encodeURIComponent('ηγεσία')
    for (const path of [`/tags/${encoded}`, '/tags/ηγεσία', `/tags/${encoded}/feed.xml`]) {
      const res = await fetchApp(path)
      expect(res.status, path).toBe(200)
      expect(await res.text(), path).toContain(`${SITE}/tags/${encoded}`)
    }
    const index = await (await fetchApp('/tags')).text()
    expect(index).toContain(`href="/tags/${encoded}"`)
    expect(index).toContain('href="/tags/machine-learning"')
  })
})
