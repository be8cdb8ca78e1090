/** The essay page's query parameters, read through one schema at the route's edge. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { get, SEED_SLUG } from '../helpers/http'
import { uniq } from '../comments/helpers'

const TITLE = '<h1 class="p-name">Management Versus Leadership</h1>'

describe('GET /essays/:slug query parameters', () => {
  it('a repeated parameter counts once, by its first value (as c.req.query reads it)', async () => {
    const first = await get(`/essays/${SEED_SLUG}?cpage=1&cpage=zzz`)
    expect(first.status).toBe(200)
    expect(await first.text()).toContain(TITLE)
    const bad = await get(`/essays/${SEED_SLUG}?cpage=zzz&cpage=1`)
    expect(bad.status).toBe(404)
    expect(await bad.text()).toContain('<p>There is nothing at this address.</p>')
  })

  it('?replyto accepts any stored comment id, including an imported one ("wordpress:…")', async () => {
    const id = `wordpress:${uniq('r')}:1`
    const now = Date.now()
    await env.DB.prepare(
      "INSERT INTO comments (id, essay_slug, depth, author_name, author_email, body, status, created_at, updated_at) VALUES (?, ?, 0, 'Imported Reader', 'imported@example.com', 'An imported comment.', 'approved', ?, ?)",
    )
      .bind(id, SEED_SLUG, now, now)
      .run()
    const res = await get(`/essays/${SEED_SLUG}?replyto=${encodeURIComponent(id)}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const html = await res.text()
    expect(html).toContain('class="replying"')
    expect(html).toContain(`name="parent_id" id="comment-parent" value="${id}"`)
  })
})
