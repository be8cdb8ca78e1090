/** A reader's first visit: index, essay, feed, 404, without JavaScript, accessibility, screenshots. */
import { parseFeed } from '@rowanmanning/feed-parser'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  axeViolations,
  baseUrl,
  describeViolations,
  launch,
  newContext,
  screenshotPath,
  SEED_SLUG,
  SEED_TITLE,
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

describe('reading', () => {
  it('shows the index and opens the essay from it', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const errors = watchErrors(page)
    const res = await page.goto('/')
    expect(res?.status()).toBe(200)
    await expect(page.title()).resolves.toMatch(/\S/)
    const link = page.getByRole('main').getByRole('link', { name: SEED_TITLE })
    await link.click()
    await page.waitForURL(`**/essays/${SEED_SLUG}`)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(SEED_TITLE)
    const text = await page.locator('main > article').innerText()
    expect(text).toContain(
      'Management is doing things right; leadership is doing the right things.',
    )
    await expect(page.getByRole('heading', { name: 'Submit a Comment' }).isVisible()).resolves.toBe(
      true,
    )
    await expect(page.getByRole('heading', { name: 'Share This' }).isVisible()).resolves.toBe(true)
    expect(errors).toEqual([])
    await context.close()
  })

  it('follows the feed link to an RSS feed that parses and links back to the essay', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    await page.goto('/')
    const href = await page
      .getByRole('navigation', { name: 'Site' })
      .getByRole('link', { name: 'Feed' })
      .getAttribute('href')
    expect(href).toBeTruthy()
    const discovered = await page
      .locator('link[rel="alternate"][type="application/rss+xml"]')
      .getAttribute('href')
    expect(discovered).toBe(`${baseUrl()}/feed.xml`)
    // A feed is a download target for a browser, not a page: fetch it through the same context.
    const feedRes = await context.request.get(new URL(href!, baseUrl()).href)
    expect(feedRes.status()).toBe(200)
    expect(feedRes.headers()['content-type']).toMatch(/^application\/rss\+xml/)
    const feed = parseFeed(await feedRes.text())
    expect(feed.title).toBeTruthy()
    const item = feed.items.find((i) => i.title === SEED_TITLE)
    expect(item?.url).toBe(`${baseUrl()}/essays/${SEED_SLUG}`)
    const res = await page.goto(item!.url!)
    expect(res?.status()).toBe(200)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(SEED_TITLE)
    await context.close()
  })

  it('shows a real 404 page with a way back', async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const res = await page.goto('/essays/no-such-essay')
    expect(res?.status()).toBe(404)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Page not found',
    )
    await page.getByRole('link', { name: 'Back to the essays' }).click()
    await page.waitForURL(`${baseUrl()}/`)
    await context.close()
  })

  it('reads fine with JavaScript off', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false })
    const page = await context.newPage()
    expect((await page.goto('/'))?.status()).toBe(200)
    await page.getByRole('main').getByRole('link', { name: SEED_TITLE }).click()
    await page.waitForURL(`**/essays/${SEED_SLUG}`)
    const text = await page.locator('main > article').innerText()
    expect(text).toContain(
      'Management is doing things right; leadership is doing the right things.',
    )
    await context.close()
  })
})

describe('navigation with JavaScript off', () => {
  // The e2e blog (e2e/fixtures/content) has 26 essays, so its home page has a page 2 (walked in
  // navigation.e2e.ts) and no page 3: the walk checks that /page/3 is the 404 page with a way home,
  // then goes on through a tag page, the tag index and the archive.
  it('walks home → /page/3 (the 404 page past the last page) → a tag → the tag index → the archive', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false })
    const page = await context.newPage()
    expect((await page.goto('/'))?.status()).toBe(200)
    await expect(page.locator('link[rel="canonical"]').getAttribute('href')).resolves.toBe(
      `${baseUrl()}/`,
    )
    await expect(page.locator('link[rel="next"]').getAttribute('href')).resolves.toBe(
      `${baseUrl()}/page/2`,
    )

    expect((await page.goto('/page/3'))?.status()).toBe(404)
    await page.getByRole('link', { name: 'Back to the essays' }).click()
    await page.waitForURL(`${baseUrl()}/`)

    await page.getByRole('main').getByRole('link', { name: SEED_TITLE }).click()
    await page.waitForURL(`**/essays/${SEED_SLUG}`)
    await page.getByRole('list', { name: 'Tags' }).getByRole('link', { name: 'leadership' }).click()
    await page.waitForURL(`${baseUrl()}/tags/leadership`)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Essays tagged “leadership”',
    )
    await expect(
      page.locator('link[rel="alternate"][type="application/rss+xml"]').nth(1).getAttribute('href'),
    ).resolves.toBe(`${baseUrl()}/tags/leadership/feed.xml`)
    await expect(
      page.getByRole('main').getByRole('link', { name: SEED_TITLE }).isVisible(),
    ).resolves.toBe(true)

    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Tags' }).click()
    await page.waitForURL(`${baseUrl()}/tags`)
    const tagIndex = await page.getByRole('main').innerText()
    expect(tagIndex).toContain('leadership 1 essay')
    expect(tagIndex).toContain('management 1 essay')

    await page
      .getByRole('navigation', { name: 'Site' })
      .getByRole('link', { name: 'Archive' })
      .click()
    await page.waitForURL(`${baseUrl()}/archive`)
    await expect(page.getByRole('heading', { level: 2, name: '2023' }).isVisible()).resolves.toBe(
      true,
    )
    await expect(
      page.getByRole('heading', { level: 3, name: 'January 2023' }).isVisible(),
    ).resolves.toBe(true)
    await page.getByRole('main').getByRole('link', { name: SEED_TITLE }).click()
    await page.waitForURL(`**/essays/${SEED_SLUG}`)
    await context.close()
  })
})

describe('accessibility (axe-core)', () => {
  for (const path of [
    '/',
    `/essays/${SEED_SLUG}`,
    '/essays/no-such-essay',
    '/tags',
    '/tags/leadership',
    '/archive',
  ]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`${path} (${colorScheme}) has no serious or critical violations`, async () => {
        const context = await newContext(browser, { bypassCSP: true, colorScheme })
        const page = await context.newPage()
        await page.goto(path)
        const violations = await axeViolations(page)
        if (violations.length)
          console.log(
            `axe ${path} ${colorScheme}: minor findings\n${describeViolations(violations)}`,
          )
        expect(serious(violations), describeViolations(serious(violations))).toEqual([])
        await context.close()
      })
    }
  }
})

describe('screenshots (artifacts/e2e/)', () => {
  for (const [name, path] of [
    ['index', '/'],
    ['essay', `/essays/${SEED_SLUG}`],
  ] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`${name} ${colorScheme}`, async () => {
        const context = await newContext(browser, { colorScheme })
        const page = await context.newPage()
        await page.goto(path)
        const png = await page.screenshot({
          path: screenshotPath(`${name}-${colorScheme}`),
          fullPage: true,
        })
        // A PNG, and not a blank one: the page has rendered content.
        expect(png.subarray(1, 4).toString()).toBe('PNG')
        expect(png.length).toBeGreaterThan(10_000)
        await context.close()
      })
    }
  }
})
