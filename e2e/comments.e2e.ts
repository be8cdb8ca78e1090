/** Commenting as readers meet it: JS on and off, held for moderation, approved, replied to, errors that keep input. */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, SEED_SLUG, watchErrors } from './support/browser'
import {
  commentText,
  draft,
  fillComment,
  MIN_FORM_MS,
  openEssay,
  previewId,
  readerContext,
  signIn,
  submitComment,
} from './support/blog'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

/** Cache-Control max-age of essay pages (src/lib/cache.ts CACHE_SECONDS.page), the promised staleness bound. */
const PAGE_CACHE_SECONDS = 60

describe('posting a comment', () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}: the author sees it held, a second browser does not`, async () => {
      const author = await readerContext(browser, { javaScriptEnabled })
      const page = await author.newPage()
      const errors = watchErrors(page)
      const comment = draft()
      const loadedAt = await openEssay(page)
      await fillComment(page, comment)
      await submitComment(page, loadedAt)

      const id = previewId(page)
      const item = page.locator(`#comment-${id}`)
      await expect(item.innerText()).resolves.toContain('Your comment is awaiting moderation.')
      await expect(commentText(page, id)).resolves.toBe(comment.body)
      await expect(item.innerText()).resolves.toContain(comment.name)
      expect(await page.content()).not.toContain(comment.email)

      const stranger = await readerContext(browser, { javaScriptEnabled })
      const other = await stranger.newPage()
      await openEssay(other)
      expect(await other.locator(`#comment-${id}`).count()).toBe(0)
      expect(await other.locator('body').innerText()).not.toContain(comment.body.split('\n')[0])
      // Not even with the author's preview link but without its signature.
      await openEssay(other, `?unapproved=${id}`)
      expect(await other.locator(`#comment-${id}`).count()).toBe(0)
      const api = await stranger.request.get(`/api/essays/${SEED_SLUG}/comments`)
      expect(JSON.stringify(await api.json())).not.toContain(id)
      expect(errors).toEqual([])
      await author.close()
      await stranger.close()
    })
  }

  it('the form error path keeps every typed value (JavaScript off)', async () => {
    const context = await readerContext(browser, { javaScriptEnabled: false })
    const page = await context.newPage()
    const comment = { ...draft(), website: 'https://example.org/a?b=1&c="2"', remember: true }
    // Passes the browser's own type=email check, fails the server's (no dot in the domain).
    comment.email = 'reader@localhost'
    const loadedAt = await openEssay(page)
    await fillComment(page, comment)
    await submitComment(page, loadedAt)
    const form = page.locator('form.comment')
    await expect(
      form.getByRole('textbox', { name: 'Comment', exact: true }).inputValue(),
    ).resolves.toBe(comment.body)
    await expect(
      form.getByRole('textbox', { name: 'Name', exact: true }).inputValue(),
    ).resolves.toBe(comment.name)
    await expect(
      form.getByRole('textbox', { name: 'Email', exact: true }).inputValue(),
    ).resolves.toBe(comment.email)
    await expect(
      form.getByRole('textbox', { name: 'Website', exact: true }).inputValue(),
    ).resolves.toBe(comment.website)
    await expect(form.getByRole('checkbox', { name: /^Save my name/ }).isChecked()).resolves.toBe(
      true,
    )
    const email = form.getByRole('textbox', { name: 'Email', exact: true })
    await expect(email.getAttribute('aria-invalid')).resolves.toBe('true')
    const describedBy = await email.getAttribute('aria-describedby')
    await expect(page.locator(`#${describedBy}`).innerText()).resolves.toMatch(/Email/)
    await context.close()
  })

  it('with JavaScript on, a refused post answers 422 and keeps the text', async () => {
    const context = await readerContext(browser)
    const page = await context.newPage()
    const comment = { ...draft(), email: 'reader@localhost' }
    const loadedAt = await openEssay(page)
    await fillComment(page, comment)
    const wait = loadedAt + MIN_FORM_MS - Date.now()
    if (wait > 0) await page.waitForTimeout(wait)
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.locator('form.comment').getByRole('button', { name: 'Post Comment' }).click(),
    ])
    expect(response.status()).toBe(422)
    await page.waitForLoadState('domcontentloaded')
    const form = page.locator('form.comment')
    await expect(
      form.getByRole('textbox', { name: 'Comment', exact: true }).inputValue(),
    ).resolves.toBe(comment.body)
    await expect(
      form.getByRole('textbox', { name: 'Email', exact: true }).inputValue(),
    ).resolves.toBe(comment.email)
    await expect(page.locator('#comment-errors').isVisible()).resolves.toBe(true)
    await context.close()
  })
})

describe('moderation round trip', () => {
  it('a moderator approves it, another reader sees it within the page cache time, and replies to it', async () => {
    const author = await readerContext(browser, { javaScriptEnabled: false })
    const page = await author.newPage()
    const comment = draft()
    const loadedAt = await openEssay(page)
    await fillComment(page, comment)
    await submitComment(page, loadedAt)
    const id = previewId(page)

    const reader = await readerContext(browser)
    const readerPage = await reader.newPage()
    await openEssay(readerPage)
    expect(await readerPage.locator(`#comment-${id}`).count()).toBe(0)

    const { context: admin, page: dashboard } = await signIn(browser)
    const row = dashboard.locator(`#c-${id}`)
    await expect(row.innerText()).resolves.toContain(comment.name)
    // Moderators see the email (in the row's details, which the desk keeps closed until opened); readers never do.
    await row
      .locator('details')
      .first()
      .evaluate((el) => el.setAttribute('open', ''))
    await expect(row.innerText()).resolves.toContain(comment.email)
    const [action] = await Promise.all([
      dashboard.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().includes(`/admin/comments/${id}/approve`),
      ),
      row.locator('button[data-action="approve"]').click(),
    ])
    expect(action.status()).toBe(303)
    await dashboard.waitForLoadState('domcontentloaded')

    // The promise: visible to every reader within the page's max-age (the app also purges its page cache on approve).
    const approvedAt = Date.now()
    let seen = false
    while (Date.now() - approvedAt < (PAGE_CACHE_SECONDS + 5) * 1000) {
      await readerPage.reload()
      if ((await readerPage.locator(`#comment-${id}`).count()) > 0) {
        seen = true
        break
      }
      await readerPage.waitForTimeout(2_000)
    }
    expect(seen, `approved comment not visible after ${PAGE_CACHE_SECONDS}s`).toBe(true)
    console.log(
      `approved comment visible to another reader after ${((Date.now() - approvedAt) / 1000).toFixed(1)}s`,
    )
    await expect(commentText(readerPage, id)).resolves.toBe(comment.body)
    expect(await readerPage.locator(`#comment-${id}`).innerText()).not.toContain(
      'awaiting moderation',
    )

    // Reply through the no-JavaScript reply link.
    await readerPage.getByRole('link', { name: `Reply to ${comment.name}` }).click()
    await readerPage.waitForURL((url) => url.searchParams.get('replyto') === id)
    const loaded = Date.now()
    const reply = draft()
    await fillComment(readerPage, reply)
    await submitComment(readerPage, loaded)
    const replyId = previewId(readerPage)
    // Shown nested under its parent, held for moderation.
    await expect(readerPage.locator(`#comment-${id} #comment-${replyId}`).count()).resolves.toBe(1)
    await expect(readerPage.locator(`#comment-${replyId}`).innerText()).resolves.toContain(
      'Your comment is awaiting moderation.',
    )

    await admin.close()
    await author.close()
    await reader.close()
  })
})
