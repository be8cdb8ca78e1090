/** The moderator's side and keyboard-only use: sign-in, queue keys, visible focus, axe, screenshots. */
import { randomBytes } from 'node:crypto'
import type { APIRequestContext, Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  axeViolations,
  describeViolations,
  launch,
  screenshotPath,
  SEED_SLUG,
  serious,
  watchErrors,
} from './support/browser'
import {
  draft,
  MIN_FORM_MS,
  openEssay,
  previewId,
  readerContext,
  signIn,
  uniq,
} from './support/blog'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

/** A held comment through the JSON API, from its own address so the flood rule never links two tests. */
async function heldComment(request: APIRequestContext, name: string): Promise<string> {
  const tag = uniq()
  const res = await request.post(`/api/essays/${SEED_SLUG}/comments`, {
    data: { name, email: `${tag}@example.com`, body: `Queue item ${tag}` },
    headers: {
      'CF-Connecting-IP': `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::ad`,
    },
  })
  expect(res.status(), await res.text()).toBe(202)
  return ((await res.json()) as { id: string }).id
}

/** Focus is visible: the focused element draws an outline (or a box-shadow ring) that differs from its unfocused look. */
async function focusRing(page: Page): Promise<{ tag: string; outline: string; boxShadow: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement
    const style = getComputedStyle(el)
    return {
      tag: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`,
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      boxShadow: style.boxShadow,
    }
  })
}

function expectVisibleFocus(ring: { tag: string; outline: string; boxShadow: string }) {
  const outlined =
    !ring.outline.startsWith('none') && parseFloat(ring.outline.split(' ')[1] ?? '0') > 0
  expect(
    outlined || ring.boxShadow !== 'none',
    `no visible focus on ${ring.tag}: outline ${ring.outline}, box-shadow ${ring.boxShadow}`,
  ).toBe(true)
}

const activeName = (page: Page) =>
  page.evaluate(
    () =>
      (document.activeElement as HTMLInputElement | null)?.name ?? document.activeElement?.tagName,
  )

async function tabTo(page: Page, target: Locator, max = 300) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await target.evaluate((el) => el === document.activeElement)) return i + 1
  }
  throw new Error(`Tab never reached the target in ${max} presses`)
}

describe('keyboard only', () => {
  it('a reader tabs to the comment form, fills it in order with focus always visible, and submits with Enter', async () => {
    const context = await readerContext(browser)
    const page = await context.newPage()
    const errors = watchErrors(page)
    const comment = draft()
    const loadedAt = await openEssay(page)
    const form = page.locator('form.comment')
    await tabTo(page, form.locator('textarea[name="body"]'))
    expectVisibleFocus(await focusRing(page))
    await page.keyboard.type(comment.body)
    const order: string[] = []
    for (const value of [comment.name, comment.email, 'https://example.org/']) {
      await page.keyboard.press('Tab')
      order.push(String(await activeName(page)))
      expectVisibleFocus(await focusRing(page))
      await page.keyboard.type(value)
    }
    // Past the website: the honeypot is skipped, then the remember-me box, the reply-mail box and the button.
    await page.keyboard.press('Tab')
    order.push(String(await activeName(page)))
    expectVisibleFocus(await focusRing(page))
    await page.keyboard.press('Space')
    // With mail on (npm start sets MAIL_FROM), "Email me when someone replies" comes next.
    await page.keyboard.press('Tab')
    order.push(String(await activeName(page)))
    expectVisibleFocus(await focusRing(page))
    await page.keyboard.press('Tab')
    const button = await page.evaluate(() => document.activeElement?.textContent?.trim())
    expectVisibleFocus(await focusRing(page))
    expect(order).toEqual(['name', 'email', 'website', 'remember', 'notify_replies'])
    expect(button).toBe('Post Comment')
    const wait = loadedAt + MIN_FORM_MS - Date.now()
    if (wait > 0) await page.waitForTimeout(wait)
    await Promise.all([page.waitForURL(/unapproved=/), page.keyboard.press('Enter')])
    const id = previewId(page)
    await expect(page.locator(`#comment-${id}`).innerText()).resolves.toContain(
      'Your comment is awaiting moderation.',
    )
    expect(errors).toEqual([])
    await context.close()
  })

  it('a moderator works the queue with j/k and approves with a', async () => {
    const { context, page } = await signIn(browser)
    const tag = uniq('kbd')
    const first = await heldComment(context.request, `Older ${tag}`)
    const second = await heldComment(context.request, `Newer ${tag}`)
    await page.goto(`/admin?status=pending&q=${encodeURIComponent(tag)}`)
    const items = page.locator('.admin-comment')
    await expect(items.count()).resolves.toBe(2)
    const activeId = () => page.evaluate(() => document.activeElement?.id ?? '')
    await page.keyboard.press('j')
    const afterJ = await activeId()
    expectVisibleFocus(await focusRing(page))
    await page.keyboard.press('k')
    const afterK = await activeId()
    expect(new Set([afterJ, afterK])).toEqual(new Set([`c-${first}`, `c-${second}`]))
    const target = afterK.slice(2)
    // The dashboard is already at /admin: wait for the action's own POST and the page it lands on.
    const [action] = await Promise.all([
      page.waitForResponse(
        (r) =>
          r.request().method() === 'POST' && r.url().includes(`/admin/comments/${target}/approve`),
      ),
      page.keyboard.press('a'),
    ])
    expect(action.status()).toBe(303)
    await page.waitForLoadState('domcontentloaded')
    const api = await context.request.get(`/api/essays/${SEED_SLUG}/comments`)
    const published = JSON.stringify(await api.json())
    expect(published).toContain(target)
    expect(published).not.toContain(target === first ? second : first)
    await context.close()
  })
})

describe('admin accessibility and screenshots', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`the dashboard (${colorScheme}) has no serious or critical axe violations`, async () => {
      const { context, page } = await signIn(browser, { bypassCSP: true, colorScheme })
      await heldComment(context.request, `Axe ${uniq()}`)
      await page.reload()
      const violations = await axeViolations(page)
      if (violations.length)
        console.log(`axe /admin ${colorScheme}: minor findings\n${describeViolations(violations)}`)
      expect(serious(violations), describeViolations(serious(violations))).toEqual([])
      await context.close()
    })

    it(`screenshot: admin ${colorScheme}`, async () => {
      const { context, page } = await signIn(browser, { colorScheme })
      const png = await page.screenshot({
        path: screenshotPath(`admin-${colorScheme}`),
        fullPage: true,
      })
      expect(png.subarray(1, 4).toString()).toBe('PNG')
      await context.close()
    })
  }

  it('the sign-in page has no serious or critical axe violations, and a wrong token is refused', async () => {
    const context = await readerContext(browser, { bypassCSP: true })
    const page = await context.newPage()
    await page.goto('/admin/login')
    expect(serious(await axeViolations(page))).toEqual([])
    await page.getByLabel('Admin token').fill('not-the-token')
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    expect(res.status()).toBe(401)
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/not right/)
    expect((await page.goto('/admin'))?.url()).toMatch(/\/admin\/login/)
    await context.close()
  })
})
