import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { get } from '../helpers/http'
import { SEED_SLUG, uniq } from './helpers'

/** A reply written elsewhere, stored as the fediverse, Webmention and Bluesky features store theirs. */
async function remoteComment(origin: string, originUrl: string | null) {
  const id = uniq('remote')
  const now = Date.now()
  await env.DB.prepare(
    `INSERT INTO comments (id, essay_slug, author_name, author_email, author_url, body, status,
       created_at, updated_at, origin, origin_url, source)
     VALUES (?, ?, ?, '', ?, ?, 'approved', ?, ?, ?, ?, ?)`,
  )
    .bind(
      id,
      SEED_SLUG,
      `Someone ${id}`,
      'https://mastodon.example/@someone',
      `Text ${id}`,
      now,
      now,
      origin,
      originUrl,
      `${origin}:${id}`,
    )
    .run()
  return id
}

// ?replyto makes the view personal, so the page is rendered now, not served from the cache.
const freshPage = async () => (await get(`/essays/${SEED_SLUG}?replyto=none`)).text()

describe('replies from elsewhere in the thread', () => {
  it('say where they were written, linked to the original', async () => {
    const toot = await remoteComment('fediverse', 'https://mastodon.example/@someone/1234')
    const post = await remoteComment('webmention', 'https://other-blog.example/2026/reply')
    const skeet = await remoteComment('bluesky', 'https://bsky.app/profile/a.example/post/3k')
    const html = await freshPage()
    for (const [id, text, href] of [
      [toot, 'via mastodon.example', 'https://mastodon.example/@someone/1234'],
      [post, 'via other-blog.example', 'https://other-blog.example/2026/reply'],
      [skeet, 'via Bluesky', 'https://bsky.app/profile/a.example/post/3k'],
    ]) {
      const item = html.slice(html.indexOf(`id="comment-${id}"`))
      const own = item.slice(0, item.indexOf('</article>'))
      expect(own).toContain(
        `<a class="u-syndication" href="${href}" rel="nofollow ugc noopener">${text}</a>`,
      )
    }
  })

  it('a form comment and a bad origin URL show no link', async () => {
    const form = await remoteComment('form', null)
    const odd = await remoteComment('fediverse', 'javascript:alert(1)')
    const html = await freshPage()
    for (const id of [form, odd]) {
      const item = html.slice(html.indexOf(`id="comment-${id}"`))
      const own = item.slice(0, item.indexOf('</article>'))
      expect(own).not.toContain('u-syndication')
      expect(own).not.toContain('javascript:')
    }
  })
})

describe('replies from elsewhere are rendered when stored', () => {
  it('the shared writer stores body_html at the renderer version', async () => {
    const { upsertRemoteComment } = await import('../../src/db/remote-comments')
    const { RENDERER_VERSION, renderComment } = await import('../../src/lib/comment-markdown')
    const source = `webmention:test:${uniq('rendered')}`
    const body = 'A reply with a link https://other-blog.example/post'
    await upsertRemoteComment(env.DB, {
      id: uniq('r'),
      essaySlug: SEED_SLUG,
      authorName: 'Other',
      authorUrl: 'https://other-blog.example/',
      body,
      status: 'pending',
      createdAt: Date.now(),
      now: Date.now(),
      source,
      origin: 'webmention',
      originUrl: 'https://other-blog.example/post',
    }).first()
    const row = await env.DB.prepare(
      'SELECT body_html, body_html_version FROM comments WHERE source = ?',
    )
      .bind(source)
      .first<{ body_html: string; body_html_version: number }>()
    expect(row).toEqual({ body_html: renderComment(body), body_html_version: RENDERER_VERSION })
    expect(row!.body_html).toContain('<a href="https://other-blog.example/post"')
  })
})
