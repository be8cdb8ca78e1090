/**
 * The moderation desk and the stats page in Chromium: the wide row layout at 1280 px and the reading
 * layout at 390 px, light and dark, axe at zero serious or critical, screenshots to artifacts/e2e/;
 * the row's full text opens in place (and with the `o` key), and the author replies from the desk.
 */
import { randomBytes } from 'node:crypto'
import type { APIRequestContext, Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminToken,
  axeViolations,
  describeViolations,
  launch,
  screenshotPath,
  SEED_SLUG,
  serious,
} from './support/browser'
import { signIn, uniq } from './support/blog'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

async function heldComment(request: APIRequestContext, name: string, body: string) {
  const res = await request.post(`/api/essays/${SEED_SLUG}/comments`, {
    data: { name, email: `${uniq()}@example.com`, body },
    headers: {
      'CF-Connecting-IP': `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::de`,
    },
  })
  expect(res.status(), await res.text()).toBe(202)
  return ((await res.json()) as { id: string }).id
}

const WIDTHS = [1280, 390] as const

describe('the desk and the stats page', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of WIDTHS) {
      it(`desk and stats at ${width} px (${colorScheme}): axe clean, screenshots`, async () => {
        const { context, page } = await signIn(browser, {
          bypassCSP: true,
          colorScheme,
          viewport: { width, height: 900 },
        })
        const tag = uniq('desk')
        const id = await heldComment(
          context.request,
          `Desk ${tag}`,
          `A **formatted** reply ${tag}\n\n> a quote\n\n- one\n- two\n\n\`code\``,
        )
        await page.goto('/admin?status=pending')
        const row = page.locator(`#c-${id}`)
        // Wide: the row is one line of columns; narrow: a card (the excerpt below the heading).
        const heading = await row.locator('h2').boundingBox()
        const excerpt = await row.locator('summary').boundingBox()
        if (width === 1280) expect(excerpt!.x).toBeGreaterThan(heading!.x + heading!.width - 1)
        else expect(excerpt!.y).toBeGreaterThan(heading!.y)
        await row.locator('summary').click()
        await expect(row.locator('.admin-body strong').innerText()).resolves.toBe('formatted')
        await expect(row.locator('.admin-body blockquote').count()).resolves.toBe(1)
        await expect(row.locator('textarea[name="body"]').isVisible()).resolves.toBe(true)
        const violations = serious(await axeViolations(page))
        expect(violations, describeViolations(violations)).toEqual([])
        await page.screenshot({ path: screenshotPath(`desk-${width}-${colorScheme}`) })

        // Published, so the stats page has a day to draw.
        const approved = await context.request.post(`/api/admin/comments/${id}/approve`, {
          headers: { Authorization: `Bearer ${adminToken()}` },
        })
        expect(approved.status()).toBe(200)
        await page.goto('/admin/stats')
        await expect(page.locator('svg[role="img"]').count()).resolves.toBeGreaterThan(0)
        const statsViolations = serious(await axeViolations(page))
        expect(statsViolations, describeViolations(statsViolations)).toEqual([])
        await page.screenshot({
          path: screenshotPath(`stats-${width}-${colorScheme}`),
          fullPage: true,
        })
        await context.close()
      })
    }
  }

  it('o opens a row, the author replies from it, and the reply is public at once', async () => {
    const { context, page } = await signIn(browser, { viewport: { width: 1280, height: 900 } })
    const tag = uniq('reply')
    const id = await heldComment(context.request, `Asker ${tag}`, `A question ${tag}?`)
    await page.goto(`/admin?status=pending&q=${encodeURIComponent(tag)}`)
    await page.keyboard.press('j')
    await page.keyboard.press('o')
    const details = page.locator(`#c-${id} details`)
    await expect(details.evaluate((el) => (el as HTMLDetailsElement).open)).resolves.toBe(true)
    await page.locator(`#reply-${id}`).fill(`The *answer* ${tag}.`)
    await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().includes(`/admin/comments/${id}/reply`),
      ),
      page.locator(`#c-${id} button[data-action="reply"]`).click(),
    ])
    const res = await context.request.get(
      `/api/admin/comments?status=approved&q=${encodeURIComponent(tag)}`,
      { headers: { Authorization: `Bearer ${adminToken()}` } },
    )
    const { comments } = (await res.json()) as {
      comments: { id: string; parentId: string | null; isAuthor: boolean; html: string }[]
    }
    // Replying approved the question and published the answer, marked as the author's.
    expect(comments.map((c) => c.id)).toContain(id)
    const answer = comments.find((c) => c.parentId === id)
    expect(answer).toMatchObject({ isAuthor: true, html: `<p>The <em>answer</em> ${tag}.</p>\n` })
    await context.close()
  })
})
