/**
 * A moderator signed in to the admin replies from the essay page: published at once as the site's
 * author (content/site.json), marked "Author", audited in the same batch; nobody else can.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { signIn } from '../admin/fixtures'
import { get } from '../helpers/http'
import { commentHtml, emailFor, locationId, postForm, rowById, SEED_SLUG, uniq } from './helpers'

describe('the author’s voice from the essay page', () => {
  it('a signed-in moderator’s form posts as the author, approved at once, audited', async () => {
    const { cookie } = await signIn()
    const page = await (await get(`/essays/${SEED_SLUG}`, { headers: { Cookie: cookie } })).text()
    expect(page).toContain('You are signed in as a moderator')
    expect(page).toMatch(/<input[^>]*name="name"[^>]*value="The Author"/)
    const tag = uniq()
    const res = await postForm(
      { name: 'The Author', email: emailFor(tag), body: `From the author ${tag}` },
      { headers: { Cookie: cookie } },
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).not.toContain('unapproved')
    const id = locationId(res)
    const row = await rowById(id)
    expect(row).toMatchObject({
      status: 'approved',
      is_author: 1,
      author_name: 'The Author',
      author_url: 'https://blog.test/',
    })
    const audit = await env.DB.prepare(
      'SELECT actor, action, after_status FROM audit_log WHERE comment_id = ?',
    )
      .bind(id)
      .all()
    expect(audit.results).toEqual([
      { actor: 'admin (browser session)', action: 'author-reply', after_status: 'approved' },
    ])
    const thread = await (await get(`/essays/${SEED_SLUG}?sort=newest`)).text()
    expect(commentHtml(thread, id)).toContain('class="badge badge-author"')
  })

  it('without a live session (none, forged, signed out) the same post is an ordinary held comment', async () => {
    for (const cookie of ['', '__Host-admin_session=forged.value']) {
      const tag = uniq()
      const res = await postForm(
        { name: 'The Author', email: emailFor(tag), body: `Pretender ${tag}` },
        { headers: cookie ? { Cookie: cookie } : {} },
      )
      expect(res.status).toBe(303)
      expect(res.headers.get('Location')).toContain('unapproved=')
      const row = await rowById(locationId(res))
      expect(row).toMatchObject({ status: 'pending', is_author: 0 })
    }
    const { cookie } = await signIn()
    // Only this session's row (other tests' sessions stay live): its id is in the signed payload.
    const payload = cookie.slice(cookie.indexOf('=') + 1).split('.')[0]!
    const { sid } = JSON.parse(
      new TextDecoder().decode(
        Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (ch) =>
          ch.charCodeAt(0),
        ),
      ),
    ) as { sid: string }
    await env.DB.prepare('UPDATE admin_sessions SET revoked_at = ? WHERE id = ?')
      .bind(Date.now(), sid)
      .run()
    const tag = uniq()
    const res = await postForm(
      { name: 'The Author', email: emailFor(tag), body: `Signed out ${tag}` },
      { headers: { Cookie: cookie } },
    )
    expect((await rowById(locationId(res)))?.is_author).toBe(0)
  })
})
