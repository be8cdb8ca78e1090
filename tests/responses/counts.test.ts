import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { uniq } from '../comments/helpers'
import { get, SEED_SLUG } from '../helpers/http'

async function response(kind: 'like' | 'repost', origin: 'fediverse' | 'webmention') {
  const now = Date.now()
  await env.DB.prepare(
    `INSERT INTO responses (source, essay_slug, kind, origin, author_name, author_url, url, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'Someone', 'https://mastodon.example/@someone', NULL, ?, ?)`,
  )
    .bind(uniq(`${origin}:${kind}`), SEED_SLUG, kind, origin, now, now)
    .run()
}

const stored = async (kind: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM responses WHERE essay_slug = ? AND kind = ?')
    .bind(SEED_SLUG, kind)
    .first<{ n: number }>())!.n

describe('likes and boosts on the essay', () => {
  it('shows "N boosts · N likes" from every stored like and repost, whatever their origin', async () => {
    await response('like', 'fediverse')
    await response('like', 'webmention')
    await response('repost', 'fediverse')
    const [likes, boosts] = [await stored('like'), await stored('repost')]
    // ?replyto makes the view personal: rendered now, not served from the page cache.
    const html = await (await get(`/essays/${SEED_SLUG}?replyto=none`)).text()
    const line = html.match(/<p class="response-counts">([^<]*)<\/p>/)?.[1]
    expect(line).toBe(`${boosts} ${boosts === 1 ? 'boost' : 'boosts'} · ${likes} likes`)
  })
})
