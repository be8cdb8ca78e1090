import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { signToken } from '../../src/lib/crypto'
import { loadCommentsPage } from '../../src/comments/store'
import { get, visibleText } from '../helpers/http'
import {
  approve,
  commentHtml,
  emailFor,
  fieldValue,
  locationId,
  mintFormToken,
  postForm,
  postJson,
  rowById,
  SEED_SLUG,
  uniq,
  validComment,
} from './helpers'

/** An approved comment straight in D1 (as a moderator would have left it). */
async function seedComment(
  options: {
    slug?: string
    parentId?: string | null
    depth?: number
    status?: string
    createdAt?: number
    name?: string
    body?: string
  } = {},
) {
  const id = uniq('c')
  const now = options.createdAt ?? Date.now() - 3_600_000
  await env.DB.prepare(
    'INSERT INTO comments (id, essay_slug, parent_id, depth, author_name, author_email, body, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(
      id,
      options.slug ?? SEED_SLUG,
      options.parentId ?? null,
      options.depth ?? 0,
      options.name ?? `Seeded ${id}`,
      emailFor(id),
      options.body ?? `Seeded body ${id}`,
      options.status ?? 'approved',
      now,
      now,
    )
    .run()
  return id
}

describe('replies', () => {
  it('a reply to an approved comment is stored one level deeper and shown nested under it', async () => {
    const parent = await seedComment()
    const res = await postJson({ ...validComment(), parentId: parent })
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as { id: string }
    expect(await rowById(id)).toMatchObject({ parent_id: parent, depth: 1 })
    await approve(id)
    const html = await (await get(`/essays/${SEED_SLUG}`)).text()
    const parentStart = html.indexOf(`<li id="comment-${parent}"`)
    const childStart = html.indexOf(`<li id="comment-${id}"`)
    expect(parentStart).toBeGreaterThan(0)
    expect(childStart).toBeGreaterThan(parentStart)
    expect(html.slice(parentStart, childStart)).toContain('<ol class="children">')
  })

  it('404 when the parent is missing or on another essay; 403 when it is not approved (form keeps the text)', async () => {
    const missing = await postJson({ ...validComment(), parentId: 'doesnotexist' })
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { fields: Record<string, string> }).fields.parentId).toMatch(
      /does not exist/,
    )

    const elsewhere = await seedComment({ slug: 'another-essay' })
    expect((await postJson({ ...validComment(), parentId: elsewhere })).status).toBe(404)

    for (const status of ['pending', 'spam', 'trash']) {
      const held = await seedComment({ status })
      const res = await postJson({ ...validComment(), parentId: held })
      expect(res.status, status).toBe(403)
    }

    const held = await seedComment({ status: 'pending' })
    const comment = validComment()
    const form = await postForm({ ...comment, parent_id: held })
    expect(form.status).toBe(403)
    const html = await form.text()
    expect(visibleText(html)).toContain('has not been approved')
    expect(fieldValue(html, 'body')).toBe(comment.body)
    expect(fieldValue(html, 'parent_id')).toBe(held)
  })

  it('threads are at most 5 levels: a reply to level 4 (depth 3) is allowed, to level 5 (depth 4) refused with 422', async () => {
    let parent: string | null = null
    const chain: string[] = []
    for (let depth = 0; depth <= 4; depth++) {
      parent = await seedComment({ parentId: parent, depth })
      chain.push(parent)
    }
    const atEdge = await postJson({ ...validComment(), parentId: chain[3] })
    expect(atEdge.status).toBe(202)
    expect((await rowById(((await atEdge.json()) as { id: string }).id))!.depth).toBe(4)

    const past = await postJson({ ...validComment(), parentId: chain[4] })
    expect(past.status).toBe(422)
    expect(((await past.json()) as { fields: Record<string, string> }).fields.parentId).toMatch(
      /already 5 levels deep/,
    )

    // The page offers no reply link at the fifth level.
    const html = await (await get(`/essays/${SEED_SLUG}?replyto=${chain[0]}`)).text()
    expect(commentHtml(html, chain[3]!)).toContain(`replyto=${chain[3]}#respond`)
    expect(commentHtml(html, chain[4]!)).toBeDefined()
    expect(commentHtml(html, chain[4]!)).not.toContain('replyto=')
  })

  it('?replyto works without JavaScript: "Replying to X", a cancel link, a hidden parent_id; and is never shared-cached', async () => {
    const parent = await seedComment({ name: 'Grace <Hopper>' })
    await approve(parent)
    const res = await get(`/essays/${SEED_SLUG}?replyto=${parent}`)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const html = await res.text()
    expect(html).toContain(`Replying to <a href="#comment-${parent}">Grace &lt;Hopper&gt;</a>.`)
    expect(html).toContain(`<a href="/essays/${SEED_SLUG}#respond">Cancel reply</a>`)
    expect(fieldValue(html, 'parent_id')).toBe(parent)
    // The comment's own reply link points here.
    expect(commentHtml(html, parent)).toContain(
      `href="/essays/${SEED_SLUG}?replyto=${parent}#respond"`,
    )
    // Posting the form from that page makes a reply.
    const posted = await postForm({
      ...validComment(),
      parent_id: parent,
      token: await mintFormToken(),
    })
    expect(posted.status).toBe(303)
    expect((await rowById(locationId(posted)))!.parent_id).toBe(parent)
  })
})

describe('preview of a held comment (moderation hash)', () => {
  it('shows the pending comment only with a valid hash, with "Your comment is awaiting moderation."', async () => {
    const comment = validComment()
    const res = await postForm(comment)
    const id = locationId(res)
    const location = res.headers.get('Location')!.replace(/#.*/, '')
    const own = await get(location)
    expect(own.headers.get('Cache-Control')).toBe('private, no-store')
    const mine = commentHtml(await own.text(), id)!
    expect(mine).toContain('Your comment is awaiting moderation.')
    expect(mine).toContain(comment.body)

    const hash = new URL(location, 'https://x').searchParams.get('moderation-hash')!
    const forged = await signToken(
      'a-different-secret-long-enough',
      'comment-preview',
      { id },
      3600,
    )
    const expired = await signToken(
      env.SECRET_KEY!,
      'comment-preview',
      { id },
      3600,
      Date.now() - 3_601_000,
    )
    const otherId = await signToken(env.SECRET_KEY!, 'comment-preview', { id: 'someoneelse' }, 3600)
    const wrongPurpose = await signToken(env.SECRET_KEY!, 'comment-form', { id }, 3600)
    for (const path of [
      `/essays/${SEED_SLUG}`,
      `/essays/${SEED_SLUG}?unapproved=${id}`,
      `/essays/${SEED_SLUG}?unapproved=${id}&moderation-hash=${forged}`,
      `/essays/${SEED_SLUG}?unapproved=${id}&moderation-hash=${expired}`,
      `/essays/${SEED_SLUG}?unapproved=${id}&moderation-hash=${otherId}`,
      `/essays/${SEED_SLUG}?unapproved=${id}&moderation-hash=${wrongPurpose}`,
      `/essays/${SEED_SLUG}?unapproved=${id}&moderation-hash=${hash}x`,
    ]) {
      const html = await (await get(path)).text()
      expect(html, path).not.toContain(`comment-${id}`)
      expect(html, path).not.toContain(comment.body)
    }
  })

  it('a held reply is previewed under its parent', async () => {
    const parent = await seedComment()
    await approve(parent)
    const res = await postForm({ ...validComment(), parent_id: parent })
    const id = locationId(res)
    const html = await (await get(res.headers.get('Location')!.replace(/#.*/, ''))).text()
    const parentAt = html.indexOf(`<li id="comment-${parent}"`)
    const childAt = html.indexOf(`<li id="comment-${id}"`)
    expect(parentAt).toBeGreaterThan(0)
    expect(childAt).toBeGreaterThan(parentAt)
  })
})

describe('pagination: 50 threads per page, newest page by default, one query per page', () => {
  it('pages threads with their replies; page null is the newest', async () => {
    const slug = `paging-${uniq()}`
    const start = Date.now() - 10_000_000
    const roots: string[] = []
    for (let i = 0; i < 120; i++)
      roots.push(await seedComment({ slug, createdAt: start + i * 1000 }))
    const reply = await seedComment({
      slug,
      parentId: roots[10]!,
      depth: 1,
      createdAt: start + 500_000,
    })
    const deep = await seedComment({ slug, parentId: reply, depth: 2, createdAt: start + 600_000 })
    await seedComment({ slug, parentId: roots[11]!, depth: 1, status: 'pending' })

    const first = await loadCommentsPage(env.DB, slug, { page: 1 })
    expect(first).toMatchObject({ page: 1, pages: 3, total: 120 })
    expect(first.comments.filter((c) => c.parentId === null).map((c) => c.id)).toEqual(
      roots.slice(0, 50),
    )
    expect(first.comments.map((c) => c.id)).toContain(reply)
    expect(first.comments.map((c) => c.id)).toContain(deep)
    expect(first.comments).toHaveLength(52)

    const newest = await loadCommentsPage(env.DB, slug, { page: null })
    expect(newest).toMatchObject({ page: 3, pages: 3 })
    expect(newest.comments.map((c) => c.id)).toEqual(roots.slice(100))
    expect(
      (await loadCommentsPage(env.DB, slug, { page: 2 })).comments.filter((c) => !c.parentId),
    ).toHaveLength(50)
    expect((await loadCommentsPage(env.DB, slug, { page: 4 })).comments).toHaveLength(0)
    const empty = await loadCommentsPage(env.DB, `empty-${uniq()}`, { page: null })
    expect(empty).toMatchObject({ page: 1, pages: 0, total: 0, comments: [] })
  })

  it('the page has older/newer links; ?cpage past the end or malformed is a 404', async () => {
    const start = Date.now() - 20_000_000
    for (let i = 0; i < 55; i++) await seedComment({ createdAt: start + i })
    const { purgeEssayPages } = await import('../../src/essays/page-cache')
    await purgeEssayPages('https://blog.test', SEED_SLUG)
    const newest = await (await get(`/essays/${SEED_SLUG}`)).text()
    expect(newest).toMatch(
      new RegExp(`<a href="/essays/${SEED_SLUG}\\?cpage=\\d+" rel="prev">← Older comments</a>`),
    )
    const one = await get(`/essays/${SEED_SLUG}?cpage=1`)
    expect(one.status).toBe(200)
    const html = await one.text()
    expect(html).toMatch(/Page 1 of \d+/)
    expect(html).toMatch(/rel="next">Newer comments →<\/a>/)
    expect(html.match(/<ol class="comment-list">/g)).toHaveLength(1)
    for (const bad of ['0', '-1', 'abc', '1.5', '9999999', '99999']) {
      expect((await get(`/essays/${SEED_SLUG}?cpage=${bad}`)).status, bad).toBe(404)
    }
  })
})
