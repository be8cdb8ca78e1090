import { env } from 'cloudflare:test'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { adminAuth } from '../../src/admin/auth'
import { database } from '../../src/db/client'
import { comments, type NewComment } from '../../src/db/schema'
import type { AppEnv } from '../../src/env'
import { errorHandler } from '../../src/lib/errors'
import { randomId } from '../../src/lib/crypto'
import { commentPages, exportRoutes } from '../../src/admin/export/routes'
import { stableNumber } from '../../src/admin/export/format'
import { RENDERER_VERSION, renderComment } from '../../src/lib/comment-markdown'
import { decodeEntities, get } from '../helpers/http'

const bearer = () => ({ Authorization: `Bearer ${env.ADMIN_TOKEN}` })

/** A small thread on an essay slug of its own, so tests never see each other's rows. */
async function seedThread() {
  const slug = `export-${randomId(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`
  const base = Date.UTC(2024, 4, 1)
  const row = (id: string, over: Partial<NewComment>): NewComment => ({
    id,
    essaySlug: slug,
    authorName: 'Reader',
    authorEmail: `${id.toLowerCase()}@example.com`,
    body: 'text',
    status: 'approved',
    createdAt: base,
    updatedAt: base,
    ipHash: 'secret-ip-hash',
    userAgent: 'UA/1',
    ...over,
  })
  const top = `${slug}-a`
  const reply = `${slug}-b`
  const rows = [
    row(top, {
      authorName: 'Ann <script>',
      body: 'Top & "quoted" ]]> <b>not bold</b>\n\nSecond paragraph.',
      createdAt: base,
    }),
    row(reply, {
      parentId: top,
      depth: 1,
      authorName: 'Ben',
      authorUrl: 'https://ben.example/',
      body: 'A reply.',
      // Stored HTML is what the exports write (a marker, so the test can tell it from a fresh render).
      bodyHtml: '<p>A <em>stored</em> reply.</p>\n',
      bodyHtmlVersion: RENDERER_VERSION,
      createdAt: base + 1000,
    }),
    row(`${slug}-c`, {
      status: 'spam',
      previousStatus: 'pending',
      body: 'buy now',
      createdAt: base + 2000,
    }),
    row(`${slug}-d`, {
      status: 'trash',
      previousStatus: 'approved',
      body: 'oops',
      createdAt: base + 2000,
    }),
    row(`${slug}-e`, { status: 'pending', body: 'waiting', createdAt: base + 3000 }),
  ]
  await database(env.DB).insert(comments).values(rows)
  return { slug, top, reply, rows }
}

describe('GET /api/admin/export/comments: the admin gate', () => {
  it('answers 401 without credentials (and with a wrong token), never the export', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong-token-wrong-token-wrong' }] as Record<
      string,
      string
    >[]) {
      const res = await get('/api/admin/export/comments?format=json', { headers })
      expect(res.status).toBe(401)
      expect(res.headers.get('content-disposition')).toBeNull()
      // The one error channel's shape: { error, fields } (no per-field messages for a 401).
      expect(await res.json()).toEqual({ error: expect.any(String), fields: {} })
    }
  })

  it('stops unauthenticated requests before the export handler runs, and answers 503 when no admin is configured', async () => {
    let reached = 0
    const app = new Hono<AppEnv>()
    app.use('/api/admin/*', adminAuth())
    app.use('/api/admin/export/*', async (_c, next) => {
      reached++
      await next()
    })
    app.route('/api/admin/export', exportRoutes)
    app.onError(errorHandler())
    const anonymous = await app.request(
      'https://blog.test/api/admin/export/comments?format=wxr',
      {},
      env,
    )
    expect(anonymous.status).toBe(401)
    const unconfigured = await app.request(
      'https://blog.test/api/admin/export/comments',
      { headers: bearer() },
      { ...env, ADMIN_TOKEN: undefined },
    )
    expect(unconfigured.status).toBe(503)
    expect(reached).toBe(0)
    const allowed = await app.request(
      'https://blog.test/api/admin/export/comments',
      { headers: bearer() },
      env,
    )
    expect(allowed.status).toBe(200)
    await allowed.body?.cancel()
    expect(reached).toBe(1)
  })

  it('rejects an unknown format with 400 naming the field', async () => {
    const res = await get('/api/admin/export/comments?format=csv', { headers: bearer() })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(/^format: /)
  })
})

describe('GET /api/admin/export/comments: contents', () => {
  it('streams every comment as JSON with essay, thread and status, and no IP hash or user agent', async () => {
    const { slug, top, reply } = await seedThread()
    const res = await get('/api/admin/export/comments?format=json', { headers: bearer() })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="comments-\d{4}-\d{2}-\d{2}\.json"$/,
    )
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const text = await res.text()
    expect(text).not.toContain('secret-ip-hash')
    expect(text).not.toContain('UA/1')
    const data = JSON.parse(text) as {
      format: string
      site: string
      comments: Array<Record<string, any>>
    }
    expect(data.format).toBe('edge-blog comments')
    expect(data.site).toBe('https://blog.test')
    const mine = data.comments.filter((c) => c.essay.slug === slug)
    expect(mine.map((c) => c.status)).toEqual(['approved', 'approved', 'spam', 'trash', 'pending'])
    expect(mine[0]).toMatchObject({
      id: top,
      parent_id: null,
      depth: 0,
      author: { name: 'Ann <script>', email: `${top.toLowerCase()}@example.com`, url: null },
      created_at: '2024-05-01T00:00:00.000Z',
      // Both the source and its HTML (rendered now: this row has none stored).
      body: 'Top & "quoted" ]]> <b>not bold</b>\n\nSecond paragraph.',
      html: renderComment('Top & "quoted" ]]> <b>not bold</b>\n\nSecond paragraph.'),
    })
    expect(mine[1]).toMatchObject({ body: 'A reply.', html: '<p>A <em>stored</em> reply.</p>\n' })
    expect(mine[1]).toMatchObject({
      id: reply,
      parent_id: top,
      depth: 1,
      author: { url: 'https://ben.example/' },
      essay: { url: `https://blog.test/essays/${slug}` },
    })
    expect(mine.find((c) => c.status === 'trash')).toMatchObject({ previous_status: 'approved' })
  })

  it('streams WXR 1.2 with one item per essay, integer ids, parents, WordPress statuses and escaped text', async () => {
    const { slug, top, reply } = await seedThread()
    const res = await get('/api/admin/export/comments?format=wxr', { headers: bearer() })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8')
    const text = await res.text()
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true)
    expect(text).toContain('<wp:wxr_version>1.2</wp:wxr_version>')
    expect(text).not.toContain('<![CDATA[')
    expect(text.trimEnd().endsWith('</rss>')).toBe(true)
    const items = text.split('<item>').slice(1)
    const item = items.find((i) => i.includes(`<wp:post_name>${slug}</wp:post_name>`))!
    expect(item).toBeDefined()
    expect(items.filter((i) => i.includes(`<wp:post_name>${slug}</wp:post_name>`))).toHaveLength(1)
    expect(item).toContain('<wp:post_type>post</wp:post_type>')
    expect(item).toContain('<wp:status>publish</wp:status>')
    const blocks = item.split('<wp:comment>').slice(1)
    expect(blocks).toHaveLength(5)
    const field = (block: string, name: string) =>
      decodeEntities(block.match(new RegExp(`<wp:${name}>([\\s\\S]*?)</wp:${name}>`))![1]!)
    const topId = await stableNumber('comment', top)
    expect(field(blocks[0]!, 'comment_id')).toBe(String(topId))
    expect(field(blocks[0]!, 'comment_parent')).toBe('0')
    expect(field(blocks[0]!, 'comment_author')).toBe('Ann <script>')
    expect(blocks[0]).toContain('Ann &lt;script&gt;')
    // Entity-decoded once (XML) it is the comment's rendered HTML (what WordPress expects), in which
    // the reader's <b> is text. Changed by issue 13: it was the plain text escaped as HTML.
    expect(field(blocks[0]!, 'comment_content')).toBe(
      '<p>Top &amp; &quot;quoted&quot; ]]&gt; &lt;b&gt;not bold&lt;/b&gt;</p>\n<p>Second paragraph.</p>\n',
    )
    expect(field(blocks[1]!, 'comment_content')).toBe('<p>A <em>stored</em> reply.</p>\n')
    expect(field(blocks[0]!, 'comment_date_gmt')).toBe('2024-05-01 00:00:00')
    expect(field(blocks[1]!, 'comment_id')).toBe(String(await stableNumber('comment', reply)))
    expect(field(blocks[1]!, 'comment_parent')).toBe(String(topId))
    expect(blocks.map((b) => field(b, 'comment_approved'))).toEqual([
      '1',
      '1',
      'spam',
      'trash',
      '0',
    ])
    expect(blocks[3]).toContain('<wp:meta_key>_wp_trash_meta_status</wp:meta_key>')
    expect(text).not.toContain('secret-ip-hash')
  })

  it('names its authors as WordPress expects: <wp:author> in the channel, <dc:creator> on each item', async () => {
    const { slug } = await seedThread()
    const text = await (
      await get('/api/admin/export/comments?format=wxr', { headers: bearer() })
    ).text()
    const channel = text.slice(0, text.indexOf('<item>'))
    // The seed site's author ("The Author", content/site.json), with no email to give away.
    expect(channel).toContain(`
    <wp:author>
      <wp:author_id>1</wp:author_id>
      <wp:author_login>the-author</wp:author_login>
      <wp:author_email></wp:author_email>
      <wp:author_display_name>The Author</wp:author_display_name>`)
    const items = text.split('<item>').slice(1)
    expect(items.length).toBeGreaterThan(0)
    for (const item of items) expect(item).toMatch(/<dc:creator>[a-z0-9.-]+<\/dc:creator>/)
    const logins = [...channel.matchAll(/<wp:author_login>([^<]+)</g)].map((m) => m[1])
    const creators = items.map((item) => item.match(/<dc:creator>([^<]+)</)![1])
    for (const creator of creators) expect(logins).toContain(creator)
    expect(items.find((i) => i.includes(`<wp:post_name>${slug}</wp:post_name>`))).toContain(
      '<dc:creator>the-author</dc:creator>',
    )
  })

  it('pages by keyset without losing or repeating rows that share a timestamp', async () => {
    const { slug, rows } = await seedThread()
    const seen: string[] = []
    let pages = 0
    for await (const page of commentPages(database(env.DB), 2)) {
      pages++
      seen.push(...page.filter((r) => r.essay_slug === slug).map((r) => r.id))
    }
    expect(pages).toBeGreaterThanOrEqual(3)
    expect(seen).toEqual([rows[0]!.id, rows[1]!.id, `${slug}-c`, `${slug}-d`, rows[4]!.id])
  })
})
