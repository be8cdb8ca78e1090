import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { bearer } from '../admin/fixtures'
import { get, SEED_SLUG } from '../helpers/http'

describe('/admin/webmentions', () => {
  it('lists what was received and sent, behind the admin gate', async () => {
    const tag = `adm${Date.now().toString(36)}`
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO webmentions_received (id, source, target, essay_slug, status, kind, received_at, updated_at)
         VALUES (?, ?, ?, ?, 'accepted', 'like', 1, 1)`,
      ).bind(
        `${tag}idabcdefghijkl`,
        `https://${tag}.example/like`,
        `https://blog.test/essays/${SEED_SLUG}`,
        SEED_SLUG,
      ),
      env.DB.prepare(
        `INSERT INTO webmentions_sent (essay_slug, target, essay_updated, status, endpoint, http_status, updated_at)
         VALUES (?, ?, 'v', 'sent', ?, 202, 1)`,
      ).bind(SEED_SLUG, `https://${tag}.example/linked`, `https://${tag}.example/wm`),
    ])
    const refused = await get('/admin/webmentions')
    expect(refused.status).toBe(303) // to the sign-in form
    expect(await refused.text()).not.toContain(tag)

    const res = await get('/admin/webmentions', { headers: bearer() })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('no-store')
    const page = await res.text()
    expect(page).toContain(`https://${tag}.example/like`)
    expect(page).toContain(`https://${tag}.example/linked`)
    expect(page).toContain(`https://${tag}.example/wm`)
  })
})
