/**
 * A reader finding their way with JavaScript off, on the fixture blog (the seed plus 25 older
 * essays, e2e/fixtures/content): search from the header box, a tag page, the tag index, the
 * archive, and the home page's pagination to page 2 and back. Screenshots into artifacts/e2e/.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, launch, newContext, screenshotPath, SEED_TITLE } from './support/browser'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

/** The fixture blog: 26 essays, 20 a page. */
const ESSAYS = 26
const PER_PAGE = 20

const essayLinks = (page: Page) => page.getByRole('main').locator('ol.essays > li h2 a')

async function shoot(page: Page, name: string) {
  const png = await page.screenshot({ path: screenshotPath(`nojs-${name}`), fullPage: true })
  expect(png.subarray(1, 4).toString()).toBe('PNG')
}

describe('finding essays with JavaScript off', () => {
  it('searches, opens a tag page, the tag index and the archive, and pages to page 2 and back', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false })
    const page = await context.newPage()

    // Home, page 1: the newest essays, a way to the older ones, none back.
    expect((await page.goto('/'))?.status()).toBe(200)
    await expect(essayLinks(page).count()).resolves.toBe(PER_PAGE)
    await expect(essayLinks(page).first().textContent()).resolves.toBe(SEED_TITLE)
    await expect(page.locator('a[rel="prev"]').count()).resolves.toBe(0)
    await page.getByRole('link', { name: 'Older essays →' }).click()
    await page.waitForURL(`${baseUrl()}/page/2`)
    await expect(page.locator('link[rel="canonical"]').getAttribute('href')).resolves.toBe(
      `${baseUrl()}/page/2`,
    )
    await expect(essayLinks(page).count()).resolves.toBe(ESSAYS - PER_PAGE)
    await expect(page.getByRole('main').innerText()).resolves.toContain('Page 2 of 2')
    await expect(page.locator('a[rel="next"]').count()).resolves.toBe(0)
    // The oldest fixture essay (January 2021) is on the last page.
    await expect(
      page.getByRole('main').getByRole('link', { name: 'Fixture Essay 24 on Lanterns' }).count(),
    ).resolves.toBe(1)
    await shoot(page, 'page-2')
    await page.getByRole('link', { name: '← Newer essays' }).click()
    await page.waitForURL(`${baseUrl()}/`)
    await expect(essayLinks(page).first().textContent()).resolves.toBe(SEED_TITLE)

    // Search from the header box: a plain GET form.
    const box = page.getByRole('banner').getByLabel('Search')
    await box.fill('lanterns')
    await box.press('Enter')
    await page.waitForURL('**/search?q=lanterns')
    const results = page.locator('ol.search-results > li')
    await expect(results.count()).resolves.toBe(3)
    for (const n of ['04', '14', '24'])
      await expect(
        results.getByRole('link', { name: `Fixture Essay ${n} on Lanterns` }).count(),
      ).resolves.toBe(1)
    const marks = await results.locator('mark').allTextContents()
    expect(marks.map((text) => text.toLowerCase())).toContain('lanterns')
    await shoot(page, 'search')
    // A query the index cannot take: a message, not an error page.
    const box2 = page.getByRole('banner').getByLabel('Search')
    await box2.fill('"*')
    await box2.press('Enter')
    await page.waitForURL('**/search?q=*')
    await expect(page.locator('.search-message').textContent()).resolves.toContain(
      'There is nothing to search for in that',
    )

    // From a result to its essay, then to one of its tags.
    await page.goto('/search?q=lanterns')
    await results.getByRole('link', { name: 'Fixture Essay 04 on Lanterns' }).click()
    await page.waitForURL('**/essays/fixture-essay-04')
    await page.getByRole('list', { name: 'Tags' }).getByRole('link', { name: 'teams' }).click()
    await page.waitForURL(`${baseUrl()}/tags/teams`)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Essays tagged “teams”',
    )
    // teams: fixture essays 1, 4, 6, 9, ... (every 5th from 1 and from 4): 10 of them.
    await expect(essayLinks(page).count()).resolves.toBe(10)
    await shoot(page, 'tag')

    // The tag index, from the site navigation.
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Tags' }).click()
    await page.waitForURL(`${baseUrl()}/tags`)
    const tagIndex = await page.getByRole('main').innerText()
    expect(tagIndex).toContain('craft 15 essays')
    expect(tagIndex).toContain('teams 10 essays')
    expect(tagIndex).toContain('writing 15 essays')
    expect(tagIndex).toContain('leadership 1 essay')

    // The archive: three years, newest first, months named.
    await page
      .getByRole('navigation', { name: 'Site' })
      .getByRole('link', { name: 'Archive' })
      .click()
    await page.waitForURL(`${baseUrl()}/archive`)
    const years = await page.getByRole('main').getByRole('heading', { level: 2 }).allTextContents()
    expect(years).toEqual(['2023', '2022', '2021'])
    await expect(
      page.getByRole('heading', { level: 3, name: 'December 2022' }).isVisible(),
    ).resolves.toBe(true)
    await expect(page.getByRole('main').getByRole('link').count()).resolves.toBeGreaterThanOrEqual(
      ESSAYS,
    )
    await shoot(page, 'archive')
    await context.close()
  })
})
