/** Mail with JavaScript off: subscribe to an essay from its page, confirm from the local Outbox, unsubscribe. */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, SEED_SLUG, screenshotPath, watchErrors } from './support/browser'
import { readerContext, signIn, uniq } from './support/blog'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

/** The Outbox entry for this address with this kind of message, once the queue consumer has sent it. */
async function outboxEntry(page: Page, address: string, subject: RegExp) {
  const deadline = Date.now() + 30_000
  for (;;) {
    await page.goto('/admin/outbox')
    const entry = page
      .locator('#outbox > li')
      .filter({ hasText: address })
      .filter({ hasText: subject })
    if ((await entry.count()) > 0 && (await entry.first().innerText()).includes('sent'))
      return entry.first()
    if (Date.now() > deadline)
      throw new Error(`no sent "${subject}" mail to ${address} in the Outbox`)
    // The local queue delivers in batches (max_batch_timeout 5 s).
    await page.waitForTimeout(1_000)
  }
}

describe('essay subscription, JavaScript off', () => {
  it('subscribes from the essay page, confirms from the Outbox, and unsubscribes', async () => {
    const reader = await readerContext(browser, { javaScriptEnabled: false })
    const page = await reader.newPage()
    const errors = watchErrors(page)
    const address = `${uniq('sub')}@example.com`

    await page.goto(`/essays/${SEED_SLUG}`)
    const form = page.locator('form.subscribe')
    await form.getByLabel('Your email').fill(address)
    await form.getByRole('button', { name: 'Subscribe' }).click()
    await expect(page.locator('h1').innerText()).resolves.toBe('Check your inbox')

    // The author's side: the local Outbox shows the confirmation with its link clickable.
    const moderator = await signIn(browser)
    const confirmation = await outboxEntry(moderator.page, address, /Confirm/)
    const confirmHref = await confirmation
      .locator('a[href*="/mail/confirm/"]')
      .first()
      .getAttribute('href')
    expect(confirmHref).toBeTruthy()
    await moderator.page.screenshot({ path: screenshotPath('mail-outbox'), fullPage: true })

    // The reader opens the link: a page with a button (a GET changes nothing), then confirms.
    await page.goto(new URL(confirmHref!).pathname)
    await expect(page.locator('h1').innerText()).resolves.toBe('Confirm your subscription')
    await page.getByRole('button', { name: 'Confirm' }).click()
    await expect(page.locator('h1').innerText()).resolves.toBe('Subscription confirmed')

    // The confirmation mail carries the unsubscribe link too; leaving is one button, no sign-in.
    const unsubscribeHref = await confirmation
      .locator('a[href*="/mail/unsubscribe/"]')
      .first()
      .getAttribute('href')
    await page.goto(new URL(unsubscribeHref!).pathname)
    await expect(page.locator('h1').innerText()).resolves.toBe('Unsubscribe')
    await page.getByRole('button', { name: 'Stop this' }).click()
    await expect(page.locator('h1').innerText()).resolves.toBe('Unsubscribed')
    // The link again: nothing left to stop, said calmly.
    await page.goto(new URL(unsubscribeHref!).pathname)
    await expect(page.locator('h1').innerText()).resolves.toBe('Unsubscribed')

    expect(errors).toEqual([])
    await moderator.context.close()
    await reader.close()
  })
})
