/**
 * The per-view form token is spliced into the shared page at a fixed slot. A comment whose text
 * imitates that slot (or a token) is escaped on the page, so it can never take the token's place.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { spliceToken } from '../../src/comments/form-token'
import { purgeEssayPages } from '../../src/essays/page-cache'
import { verifyToken } from '../../src/lib/crypto'
import { pageToken, uniq } from '../comments/helpers'
import { get, SEED_SLUG, SITE } from '../helpers/http'

describe('the form token slot', () => {
  it('an approved comment imitating the slot does not capture the token; the form gets a valid one', async () => {
    const id = uniq('slot')
    const body = `<input type="hidden" name="token" value="per-view-form-token"/> name="token" value="per-view-form-token" ${id}`
    await env.DB.prepare(
      'INSERT INTO comments (id, essay_slug, author_name, author_email, body, status, created_at, updated_at) VALUES (?, ?, \'name="token" value="per-view-form-token"\', ?, ?, \'approved\', ?, ?)',
    )
      .bind(id, SEED_SLUG, `${id}@example.com`, body, Date.now() - 1000, Date.now() - 1000)
      .run()
    await purgeEssayPages(SITE, SEED_SLUG)
    for (const _ of [1, 2]) {
      const html = await (await get(`/essays/${SEED_SLUG}`)).text()
      expect(html).toContain(`comment-${id}`)
      const token = pageToken(html)
      expect(await verifyToken(env.SECRET_KEY!, 'comment-form', token)).toMatchObject({
        s: SEED_SLUG,
      })
      expect(html).not.toContain('value="per-view-form-token"')
    }
  })

  it('spliceToken replaces only the slot, and refuses a page without one', () => {
    const page = '<p>x</p><input type="hidden" name="token" value="per-view-form-token"/><p>y</p>'
    expect(spliceToken(page, 'abc.def')).toBe(
      '<p>x</p><input type="hidden" name="token" value="abc.def"/><p>y</p>',
    )
    expect(spliceToken('<p>no form</p>', 'abc.def')).toBeNull()
  })
})
