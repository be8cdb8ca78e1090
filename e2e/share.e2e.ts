/** "Share This" in a real Chromium: with JavaScript off and on, the Mastodon picker, the card image. No request leaves for a network. */
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  axeViolations,
  baseUrl,
  describeViolations,
  launch,
  newContext,
  SEED_SLUG,
  serious,
  watchErrors,
} from './support/browser'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

/** Answers every off-site request locally, and records it: the tests never reach a real network. */
async function offline(context: BrowserContext): Promise<string[]> {
  const offsite: string[] = []
  await context.route(
    (url) => url.origin !== new URL(baseUrl()).origin,
    (route) => {
      offsite.push(route.request().url())
      return route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><title>network</title><p>network stand-in',
      })
    },
  )
  return offsite
}

const share = (context: BrowserContext) => context.pages()[0]!.locator('section#share')

describe('Share This with JavaScript off', () => {
  it('shows every network as a link, hides the buttons, and a click lands on the network with the essay', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false })
    const offsite = await offline(context)
    const page = await context.newPage()
    await page.goto(`/essays/${SEED_SLUG}`)
    const block = share(context)
    const names = await block
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')))
    expect(names).toContain('Share on Bluesky')
    expect(names).toHaveLength(12)
    await expect(block.getByRole('button', { name: 'Copy link' }).isVisible()).resolves.toBe(false)
    // Reading the page asked no network for anything.
    expect(offsite).toEqual([])
    await block.getByRole('link', { name: 'Share on Bluesky' }).click()
    await page.waitForURL(/^https:\/\/bsky\.app\//)
    const text = new URL(page.url()).searchParams.get('text')
    expect(text).toBe(`Management Versus Leadership ${baseUrl()}/essays/${SEED_SLUG}`)
    await context.close()
  })

  it('Mastodon: the picker form redirects to the chosen server (CSP form-action allows it) and refuses a bad value', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false })
    const offsite = await offline(context)
    const page = await context.newPage()
    const errors = watchErrors(page)
    await page.goto(`/essays/${SEED_SLUG}`)
    await share(context).getByRole('link', { name: 'Share on Mastodon' }).click()
    await page.waitForURL(`**/share/${SEED_SLUG}/mastodon`)
    await page.getByLabel('Your Mastodon server').fill('evil.com/@x')
    await page.getByRole('button', { name: 'Continue to my server' }).click()
    await page.waitForURL(/instance=/)
    await expect(page.getByText(/^instance: /).isVisible()).resolves.toBe(true)
    await expect(page.getByLabel('Your Mastodon server').inputValue()).resolves.toBe('evil.com/@x')
    expect(offsite).toEqual([])
    await page.getByLabel('Your Mastodon server').fill('Hachyderm.IO')
    await page.getByRole('button', { name: 'Continue to my server' }).click()
    await page.waitForURL(/^https:\/\/hachyderm\.io\/share\?/)
    expect(new URL(page.url()).searchParams.get('text')).toBe(
      `Management Versus Leadership ${baseUrl()}/essays/${SEED_SLUG}`,
    )
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([])
    await context.close()
  })
})

describe('Share This with JavaScript on', () => {
  it('reveals Copy link where the clipboard API exists and copies the canonical URL; Share… only with navigator.share', async () => {
    const context = await newContext(browser, {
      permissions: ['clipboard-read', 'clipboard-write'],
    })
    await offline(context)
    const page = await context.newPage()
    const errors = watchErrors(page)
    await page.goto(`/essays/${SEED_SLUG}`)
    const block = share(context)
    const copy = block.getByRole('button', { name: 'Copy link' })
    await expect(copy.isVisible()).resolves.toBe(true)
    await copy.click()
    // The clipboard write is asynchronous: wait for the announcement rather than reading it at once.
    const status = block.getByRole('status')
    await status.filter({ hasText: 'Link copied.' }).waitFor({ timeout: 10_000 })
    await expect(status.textContent()).resolves.toBe('Link copied.')
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(
      `${baseUrl()}/essays/${SEED_SLUG}`,
    )
    const canShare = await page.evaluate(
      () =>
        typeof navigator.share === 'function' &&
        typeof navigator.canShare === 'function' &&
        navigator.canShare({ url: location.href }),
    )
    await expect(block.getByRole('button', { name: 'Share…' }).isVisible()).resolves.toBe(canShare)
    // A CSP refusal of the inline script would show here.
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('share pages: accessibility and the card', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`the Mastodon picker with an error (${colorScheme}) has no serious axe violations`, async () => {
      const context = await newContext(browser, { bypassCSP: true, colorScheme })
      const page = await context.newPage()
      await page.goto(`/share/${SEED_SLUG}/mastodon?instance=${encodeURIComponent('user@host')}`)
      const violations = await axeViolations(page)
      expect(serious(violations), describeViolations(serious(violations))).toEqual([])
      await context.close()
    })
  }

  it('serves the og:image the page names, as a 1200x630 PNG', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto(`/essays/${SEED_SLUG}`)
    const image = await page.locator('meta[property="og:image"]').getAttribute('content')
    expect(image).toBe(`${baseUrl()}/og/${SEED_SLUG}.png`)
    const res = await context.request.get(image!)
    expect(res.status()).toBe(200)
    expect(res.headers()['content-type']).toBe('image/png')
    const png = await res.body()
    expect(png.toString('latin1', 12, 16)).toBe('IHDR')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630])
    await context.close()
  })
})
