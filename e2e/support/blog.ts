/** What a reader and a moderator do on the blog, as browser steps shared by the tests. */
import { randomBytes } from 'node:crypto'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { expect } from 'vitest'
import { adminToken, newContext, SEED_SLUG } from './browser'

/** The comment form refuses posts sooner than MIN_FORM_SECONDS (2 s by default) after the page was rendered. */
export const MIN_FORM_MS = 2_300

export const uniq = (prefix = 'e2e') =>
  `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`

/**
 * A reader's own browser. Each gets its own client address (CF-Connecting-IP, which wrangler dev
 * passes through), so the 15-second flood rule tells readers apart as it would in production.
 */
export function readerContext(browser: Browser, options: BrowserContextOptions = {}) {
  // Each reader its own /64: the flood rule and the rate limit key IPv6 readers by their /64.
  const ip = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::e2e`
  return newContext(browser, {
    ...options,
    extraHTTPHeaders: { 'CF-Connecting-IP': ip, ...options.extraHTTPHeaders },
  })
}

export interface CommentDraft {
  name: string
  email: string
  website?: string
  body: string
  remember?: boolean
}

export function draft(tag = uniq()): CommentDraft {
  return {
    name: `Reader ${tag}`,
    email: `${tag}@example.com`,
    body: `A browser comment ${tag}.\n\nSecond paragraph with <b>markup</b> & “quotes”.`,
  }
}

export async function openEssay(page: Page, query = ''): Promise<number> {
  const res = await page.goto(`/essays/${SEED_SLUG}${query}`)
  expect(res?.status()).toBe(200)
  return Date.now()
}

export async function fillComment(page: Page, c: CommentDraft) {
  const form = page.locator('form.comment')
  await form.getByRole('textbox', { name: 'Comment', exact: true }).fill(c.body)
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill(c.name)
  await form.getByRole('textbox', { name: 'Email', exact: true }).fill(c.email)
  if (c.website !== undefined)
    await form.getByRole('textbox', { name: 'Website', exact: true }).fill(c.website)
  if (c.remember) await form.getByRole('checkbox', { name: /^Save my name/ }).check()
}

/** Waits out the minimum form time counted from `loadedAt`, then presses Post Comment. */
export async function submitComment(page: Page, loadedAt: number) {
  const wait = loadedAt + MIN_FORM_MS - Date.now()
  if (wait > 0) await page.waitForTimeout(wait)
  await page.locator('form.comment').getByRole('button', { name: 'Post Comment' }).click()
  await page.waitForLoadState('domcontentloaded')
}

/** The held comment's id from the preview URL the form redirected to. */
export function previewId(page: Page): string {
  const url = new URL(page.url())
  const id = url.searchParams.get('unapproved')
  expect(url.searchParams.get('moderation-hash'), `not a preview URL: ${page.url()}`).toBeTruthy()
  expect(url.hash).toBe(`#comment-${id}`)
  return id!
}

/** Visible text of a comment's body paragraphs, as a reader sees it. */
export const commentText = (page: Page, id: string) =>
  page.locator(`#comment-${id} .comment-body`).innerText()

export async function signIn(browser: Browser, options: BrowserContextOptions = {}) {
  const token = adminToken()
  expect(token, 'no ADMIN_TOKEN found in .dev.vars').toBeTruthy()
  const context = await newContext(browser, options)
  const page = await context.newPage()
  await page.goto('/admin/login')
  await page.getByLabel('Admin token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => url.pathname === '/admin')
  return { context, page }
}
