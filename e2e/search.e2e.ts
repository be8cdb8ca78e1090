/** Search without JavaScript: the header's box, a plain GET form, a highlighted result. */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, newContext, SEED_SLUG, SEED_TITLE } from './support/browser'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

describe('search', () => {
  it('finds the essay from the header box with JavaScript off, the match marked', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`/essays/${SEED_SLUG}`)
    const box = page.getByRole('banner').getByLabel('Search')
    await box.fill('leadership')
    await box.press('Enter')
    await page.waitForURL('**/search?q=leadership')
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Search')
    const result = page.locator('ol.search-results > li').first()
    await expect(result.getByRole('link', { name: SEED_TITLE }).isVisible()).resolves.toBe(true)
    const marks = await result.locator('mark').allTextContents()
    expect(marks.map((text) => text.toLowerCase())).toContain('leadership')
    await expect(page.getByLabel('Search the essays and comments').inputValue()).resolves.toBe(
      'leadership',
    )
    await context.close()
  })
})
