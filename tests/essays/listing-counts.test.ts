import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { forgetListingCounts } from '../../src/essays/listing-counts'
import { get } from '../helpers/http'
import { SEED_SLUG, uniq } from '../comments/helpers'

async function approvedComment() {
  const id = uniq('count')
  const now = Date.now()
  await env.DB.prepare(
    `INSERT INTO comments (id, essay_slug, author_name, author_email, body, status, created_at, updated_at)
     VALUES (?, ?, 'Counter', 'count@example.com', ?, 'approved', ?, ?)`,
  )
    .bind(id, SEED_SLUG, `Body ${id}`, now, now)
    .run()
}

async function shownCount(path: string): Promise<number | null> {
  const html = await (await get(path)).text()
  const match = html.match(
    /<a class="comment-count" href="[^"]*#comments">([\d,.]+) comments?<\/a>/,
  )
  return match ? Number(match[1]!.replace(/[,.]/g, '')) : null
}

async function approvedTotal(): Promise<number> {
  const row = await env.DB.prepare(
    `SELECT count(*) AS n FROM comments WHERE essay_slug = ? AND status = 'approved'`,
  )
    .bind(SEED_SLUG)
    .first<{ n: number }>()
  return row?.n ?? 0
}

describe('comment counts on the listings', () => {
  it('the home page and a tag page show the number of approved comments, from the stored rows', async () => {
    await approvedComment()
    forgetListingCounts()
    const total = await approvedTotal()
    expect(await shownCount('/')).toBe(total)
    expect(await shownCount('/tags/leadership')).toBe(total)
  })

  it('is kept for the minute and refreshed once essays change', async () => {
    await approvedComment()
    forgetListingCounts()
    const before = await shownCount('/')
    await approvedComment()
    // Within the minute the shared count stands (one grouped query per page per minute) ...
    expect(await shownCount('/')).toBe(before)
    // ... until a change is announced (src/essays/freshness.ts forgets the counts).
    forgetListingCounts()
    expect(await shownCount('/')).toBe((before ?? 0) + 1)
  })

  it('a new count changes the ETag', async () => {
    forgetListingCounts()
    const first = (await get('/')).headers.get('ETag')
    await approvedComment()
    forgetListingCounts()
    const second = (await get('/')).headers.get('ETag')
    expect(first).toBeTruthy()
    expect(second).not.toBe(first)
  })
})
