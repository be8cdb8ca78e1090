/**
 * Issue 13, "Done when", with JavaScript off in Chromium: a reader writes a comment with a quote, a
 * list and code, previews it, posts it, edits it within the window and sees the edit; a second
 * browser cannot edit it; after the window the edit link is refused (a genuine edit token of a past
 * time, signed with the server's SECRET_KEY from .dev.vars, as the window's end would leave it).
 */
import { createHmac } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, watchErrors } from './support/browser'
import {
  draft,
  fillComment,
  MIN_FORM_MS,
  openEssay,
  previewId,
  readerContext,
} from './support/blog'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

function devVar(name: string): string {
  const path = join(new URL('..', import.meta.url).pathname, '.dev.vars')
  if (!existsSync(path)) return ''
  const line = readFileSync(path, 'utf8')
    .split('\n')
    .find((l) => l.trim().startsWith(`${name}=`) || l.trim().startsWith(`${name} =`))
  return line
    ? line
        .slice(line.indexOf('=') + 1)
        .trim()
        .replace(/^["']|["']$/g, '')
    : ''
}

/**
 * src/comments/edit-token.ts's token, made the way src/lib/crypto.ts signToken makes it (the e2e
 * project cannot import worker code): HMAC-SHA256 under a key derived for the purpose.
 */
function editToken(secret: string, id: string, createdAt: number, windowMinutes: number) {
  const body = Buffer.from(
    JSON.stringify({ id, exp: Math.floor(createdAt / 1000) + windowMinutes * 60 }),
  ).toString('base64url')
  const key = createHmac('sha256', secret).update('comment-edit').digest()
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`
}

const BODY = [
  '> The paragraph I answer',
  '',
  'Two things:',
  '',
  '- first *point*',
  '- second **point**',
  '',
  '```',
  'const answer = 42',
  '```',
].join('\n')

describe('second thoughts, JavaScript off', () => {
  it('write with a quote, a list and code; preview; post; edit within the window; a second browser cannot; after the window the link is refused', async () => {
    const author = await readerContext(browser, { javaScriptEnabled: false })
    const page = await author.newPage()
    const errors = watchErrors(page)
    const comment = { ...draft(), body: BODY }
    const loadedAt = await openEssay(page)
    await fillComment(page, comment)

    // Preview: the same page, the rendered comment above the form, every value kept.
    await page.locator('form.comment').getByRole('button', { name: 'Preview' }).click()
    await page.waitForLoadState('domcontentloaded')
    const preview = page.locator('.comment-preview .comment-body')
    await expect(preview.locator('blockquote').innerText()).resolves.toContain(
      'The paragraph I answer',
    )
    await expect(preview.locator('ul > li').count()).resolves.toBe(2)
    await expect(preview.locator('em').innerText()).resolves.toBe('point')
    await expect(preview.locator('pre code').innerText()).resolves.toContain('const answer = 42')
    const form = page.locator('form.comment')
    await expect(
      form.getByRole('textbox', { name: 'Comment', exact: true }).inputValue(),
    ).resolves.toBe(BODY)
    await expect(
      form.getByRole('textbox', { name: 'Name', exact: true }).inputValue(),
    ).resolves.toBe(comment.name)

    // Post it (the preview's page gave the form a fresh token: wait out the minimum form time).
    await page.waitForTimeout(Math.max(MIN_FORM_MS, loadedAt + MIN_FORM_MS - Date.now()))
    await form.getByRole('button', { name: 'Post Comment' }).click()
    await page.waitForLoadState('domcontentloaded')
    const id = previewId(page)
    const item = page.locator(`#comment-${id}`)
    await expect(item.locator('.comment-body blockquote').count()).resolves.toBe(1)
    await expect(item.locator('.comment-body pre code').innerText()).resolves.toContain(
      'const answer = 42',
    )

    // Edit within the window: the author's browser has the link.
    const edit = item.getByRole('link', { name: /^Edit your comment/ })
    const editUrl = new URL((await edit.getAttribute('href'))!, page.url())
    await edit.click()
    await page.waitForLoadState('domcontentloaded')
    await page
      .getByRole('textbox', { name: 'Comment' })
      .fill(`${BODY}\n\nEdited: *second thoughts*.`)
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.waitForLoadState('domcontentloaded')
    // Back on the essay page (a held comment through its author's preview link): the edit shows.
    const edited = page.locator(`#comment-${id}`)
    await expect(edited.locator('.comment-body').innerText()).resolves.toContain(
      'Edited: second thoughts.',
    )
    await expect(edited.locator('.comment-body em').last().innerText()).resolves.toBe(
      'second thoughts',
    )
    await expect(edited.locator('.edited').innerText()).resolves.toMatch(/^edited /)

    // A second browser: no Edit link, and the edit page without the author's token is refused.
    const stranger = await readerContext(browser, { javaScriptEnabled: false })
    const other = await stranger.newPage()
    await openEssay(other)
    expect(await other.getByRole('link', { name: /^Edit your comment/ }).count()).toBe(0)
    const refused = await other.goto(editUrl.pathname)
    expect(refused?.status()).toBe(403)
    await expect(other.locator('main').innerText()).resolves.toContain(
      'Only the browser that posted it can edit it',
    )

    expect(errors).toEqual([])
    // After the window: a genuine token of a time 16 minutes ago is refused with a clear message.
    const secret = devVar('SECRET_KEY')
    expect(secret, 'no SECRET_KEY in .dev.vars').toBeTruthy()
    const late = editToken(secret, id, Date.now() - 16 * 60_000, 15)
    const expired = await page.goto(`${editUrl.pathname}?token=${encodeURIComponent(late)}`)
    expect(expired?.status()).toBe(403)
    await expect(page.locator('main').innerText()).resolves.toContain(
      'This comment can no longer be changed',
    )
    // The one console message is the browser reporting that refusal (403), nothing else.
    expect(errors).toEqual([
      'console: Failed to load resource: the server responded with a status of 403 (Forbidden)',
    ])
    await author.close()
    await stranger.close()
  })
})
