import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { clearBodyCache, MissingEssayBody, withAllBodies } from '../../src/content/bodies'
import { findEssay } from '../../src/content/catalog'
import type { Essay } from '../../src/content/types'
import { purgeEssayPages } from '../../src/essays/page-cache'
import worker from '../../src/index'
import { SEED_SLUG, SITE } from '../helpers/http'

/**
 * A large blog's essay bodies live in the static assets (scripts/build/bodies.ts) and are read
 * through ASSETS (src/content/bodies.ts). The test build bundles the seed essay's body, so these
 * tests move it out in place: the catalogue entry loses its `html` and names an asset that a fake
 * ASSETS serves, exactly as the build writes it for a large blog.
 */
const ASSET_PATH = '/_essays/seed-body-for-tests.txt'
const essay = findEssay(SEED_SLUG) as Essay
const bundledHtml = essay.html

/** The form token differs per response (it is signed per view): the same page otherwise. */
const sameView = (html: string) =>
  html.replace(/name="token" value="[^"]*"/, 'name="token" value=""')

async function fetchWith(path: string, assets: Fetcher) {
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request(SITE + path),
    { ...env, ASSETS: assets } as typeof env,
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}

function fakeAssets(files: Record<string, string>) {
  const requested: string[] = []
  const assets = {
    fetch: async (input: RequestInfo | URL) => {
      const path = new URL(input instanceof Request ? input.url : String(input)).pathname
      requested.push(path)
      const body = files[path]
      return body === undefined
        ? new Response('no such asset', { status: 404 })
        : new Response(body)
    },
    connect: () => {
      throw new Error('not used')
    },
  } as unknown as Fetcher
  return { assets, requested }
}

/** A miss every time: no shared copy of the page in this isolate or the Cache API. */
async function essayPageMiss(assets: Fetcher) {
  await purgeEssayPages(SITE, SEED_SLUG)
  return fetchWith(`/essays/${SEED_SLUG}`, assets)
}

describe('an essay whose body lives in the static assets', () => {
  beforeEach(() => clearBodyCache())
  afterEach(async () => {
    essay.html = bundledHtml
    delete essay.bodyAsset
    clearBodyCache()
    await purgeEssayPages(SITE, SEED_SLUG)
  })

  it('renders the same HTML as the bundled form, reading the asset once per isolate', async () => {
    const none = fakeAssets({})
    const bundled = await essayPageMiss(none.assets)
    expect(bundled.status).toBe(200)
    const bundledPage = await bundled.text()
    // A small blog never touches ASSETS for an essay page.
    expect(none.requested).toEqual([])

    const { assets, requested } = fakeAssets({ [ASSET_PATH]: bundledHtml })
    essay.html = ''
    essay.bodyAsset = ASSET_PATH
    const fromAssets = await essayPageMiss(assets)
    expect(fromAssets.status).toBe(200)
    const assetPage = await fromAssets.text()
    expect(assetPage).toContain('Management is doing things right')
    expect(sameView(assetPage)).toBe(sameView(bundledPage))
    expect(requested).toEqual([ASSET_PATH])

    // Another miss in this isolate is served from the body cache: no second read.
    const again = await essayPageMiss(assets)
    expect(sameView(await again.text())).toBe(sameView(bundledPage))
    expect(requested).toEqual([ASSET_PATH])
  })

  it('puts the asset body into the full-content feeds', async () => {
    const { assets, requested } = fakeAssets({ [ASSET_PATH]: '<p>Only in the assets.</p>' })
    essay.html = ''
    essay.bodyAsset = ASSET_PATH
    // The feed is prepared once per isolate: a SITE_URL of its own makes this test's copy.
    const res = await worker.fetch(
      new Request('https://assets-feed.test/feed.xml'),
      { ...env, ASSETS: assets, SITE_URL: 'https://assets-feed.test' } as typeof env,
      createExecutionContext(),
    )
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('&lt;p&gt;Only in the assets.&lt;/p&gt;')
    expect(requested).toEqual([ASSET_PATH])
  })

  it('answers a missing asset with a logged 500 naming the request id, not a blank page', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { assets, requested } = fakeAssets({})
    essay.html = ''
    essay.bodyAsset = ASSET_PATH
    const res = await essayPageMiss(assets)
    expect(res.status).toBe(500)
    const page = await res.text()
    expect(requested).toEqual([ASSET_PATH])
    const logged = errors.mock.calls
      .map((call) => String(call[0]))
      .find((line) => line.includes(ASSET_PATH))
    expect(logged).toBeDefined()
    const entry = JSON.parse(logged!) as { requestId?: string; message: string }
    expect(entry.requestId).toMatch(/\S/)
    expect(page).toContain(`Reference: ${entry.requestId}`)
    expect(page).not.toContain('Management is doing things right')
    errors.mockRestore()
  })

  it('never serves a body file on its own: /_essays/ paths are the 404 page', async () => {
    const { assets } = fakeAssets({ [ASSET_PATH]: bundledHtml })
    const res = await fetchWith(ASSET_PATH, assets)
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('Management is doing things right')
  })

  it('gives the search reload every body from the packs, one read a pack', async () => {
    const { assets, requested } = fakeAssets({
      '/_essays/pack-a.json': JSON.stringify({ [ASSET_PATH]: '<p>Packed body.</p>' }),
    })
    const outside = { ...essay, html: '', bodyAsset: ASSET_PATH }
    const bundled = { ...essay, slug: 'bundled-one', html: '<p>Bundled.</p>' }
    const full = await withAllBodies(assets, [outside, bundled], ['/_essays/pack-a.json'])
    expect(full.map((e) => e.html)).toEqual(['<p>Packed body.</p>', '<p>Bundled.</p>'])
    expect(requested).toEqual(['/_essays/pack-a.json'])
    // A small blog reads nothing.
    expect(await withAllBodies(assets, [bundled], [])).toEqual([bundled])
    expect(requested).toHaveLength(1)
    await expect(withAllBodies(assets, [outside], ['/_essays/pack-missing.json'])).rejects.toThrow(
      MissingEssayBody,
    )
  })
})
