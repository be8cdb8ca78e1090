/**
 * Issue 13 at runtime: Markdown stored on write and shown through the one trusted path, the preview
 * button, the author's edit/delete window (rules and audit), sort order, counts, and the author and
 * pinned marks in the thread and the JSON API.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { editToken } from '../../src/comments/edit-token'
import { renderComment, RENDERER_VERSION } from '../../src/lib/comment-markdown'
import { decodeEntities, get } from '../helpers/http'
import {
  approve,
  commentHtml,
  emailFor,
  fieldValue,
  ipFor,
  mintFormToken,
  postForm,
  postJson,
  rowById,
  rowsByEmail,
  SEED_SLUG,
  setCookies,
  uniq,
} from './helpers'

const MARKDOWN = '> a quote\n\n- one\n- two\n\n```\nconst x = 1 < 2\n```\n\nand *this*.'

async function posted(body: string, tag = uniq()) {
  const res = await postJson({ name: `Reader ${tag}`, email: emailFor(tag), body })
  expect(res.status).toBe(202)
  return (await res.json()) as { id: string; editUrl: string }
}

/** The path and query of an absolute edit URL. */
const local = (url: string) => url.replace('https://blog.test', '')

async function auditRows(id: string) {
  const { results } = await env.DB.prepare(
    'SELECT actor, action, before_status, after_status, detail FROM audit_log WHERE comment_id = ? ORDER BY id',
  )
    .bind(id)
    .all<Record<string, string>>()
  return results
}

function editForm(body: string | undefined, token: string) {
  const form = new URLSearchParams({ token })
  if (body !== undefined) form.set('body', body)
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ipFor() },
    body: form.toString(),
    redirect: 'manual' as const,
  }
}

/** A personal (never cached) render of the essay page, so each test sees its own writes. */
const freshPage = async (query = 'sort=oldest&replyto=none') =>
  (await get(`/essays/${SEED_SLUG}?${query}`)).text()

describe('Markdown, rendered once on write', () => {
  it('stores the source and the rendered HTML; the page, the API and the feed show that HTML', async () => {
    const { id } = await posted(MARKDOWN)
    const row = await rowById(id)
    expect(row?.body).toBe(MARKDOWN)
    expect(row?.body_html).toBe(renderComment(MARKDOWN))
    expect(row?.body_html).toContain('<blockquote>')
    expect(row?.body_html).toContain('<ul>')
    expect(row?.body_html).toContain('<pre><code>const x = 1 &lt; 2')
    expect(row?.body_html_version).toBe(RENDERER_VERSION)
    await approve(id)
    const item = commentHtml(await freshPage(), id)!
    expect(item).toContain(`<div class="comment-body e-content">${renderComment(MARKDOWN)}</div>`)
  })

  it('shows what is stored: the stored HTML is the trusted path (a row from before renders on the fly)', async () => {
    const { id } = await posted(`stored ${uniq()}`)
    await env.DB.prepare('UPDATE comments SET body_html = ?, body_html_version = ? WHERE id = ?')
      .bind('<p>from the store</p>\n', RENDERER_VERSION, id)
      .run()
    await approve(id)
    expect(commentHtml(await freshPage(), id)).toContain('<p>from the store</p>')
    await env.DB.prepare(
      'UPDATE comments SET body_html = NULL, body_html_version = NULL WHERE id = ?',
    )
      .bind(id)
      .run()
    const row = await rowById(id)
    expect(commentHtml(await freshPage(), id)).toContain(renderComment(String(row!.body)))
  })
})

describe('Preview without JavaScript', () => {
  it('answers the essay page (200) with the rendered body above the form, every value kept, nothing stored', async () => {
    const tag = uniq()
    const { id: parent } = await posted(`parent ${tag}`)
    await approve(parent)
    const form = new URLSearchParams({
      name: `Previewer ${tag}`,
      email: emailFor(tag),
      website: 'https://example.org/',
      body: MARKDOWN,
      parent_id: parent,
      remember: 'yes',
      token: await mintFormToken(),
      preview: '1',
    })
    const res = await get(`/essays/${SEED_SLUG}/comments/preview`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ipFor() },
      body: form.toString(),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const html = await res.text()
    const preview = html.indexOf('class="comment-preview"')
    expect(preview).toBeGreaterThan(-1)
    expect(preview).toBeLessThan(html.indexOf('<form class="comment"'))
    expect(html.slice(preview)).toContain(renderComment(MARKDOWN))
    expect(fieldValue(html, 'name')).toBe(`Previewer ${tag}`)
    expect(fieldValue(html, 'email')).toBe(emailFor(tag))
    expect(fieldValue(html, 'website')).toBe('https://example.org/')
    expect(fieldValue(html, 'body')).toBe(MARKDOWN)
    expect(fieldValue(html, 'parent_id')).toBe(parent)
    expect(html).toMatch(/<input[^>]*name="remember"[^>]*checked/)
    expect(html).toContain('formaction="/essays/')
    expect(await rowsByEmail(emailFor(tag))).toEqual([])
  })

  it('an empty body is refused naming the field, the other values kept', async () => {
    const tag = uniq()
    const res = await get(`/essays/${SEED_SLUG}/comments/preview`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ipFor() },
      body: new URLSearchParams({ name: `P ${tag}`, body: '  ', preview: '1' }).toString(),
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('id="comment-body-error"')
    expect(fieldValue(html, 'name')).toBe(`P ${tag}`)
    expect(html).not.toContain('class="comment-preview"')
  })
})

describe('Second thoughts: edit and delete within the window', () => {
  it('the form post sets the signed edit cookie; with it the thread shows Edit/Delete, without it not', async () => {
    const tag = uniq()
    const res = await postForm({ name: `E ${tag}`, email: emailFor(tag), body: `edit me ${tag}` })
    expect(res.status).toBe(303)
    const cookie = setCookies(res).find((line) => line.startsWith('comment_edit='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/Max-Age=900/)
    const id = (await rowsByEmail(emailFor(tag)))[0]!.id as string
    await approve(id)
    const mine = await (
      await get(`/essays/${SEED_SLUG}`, { headers: { Cookie: cookie.split(';')[0]! } })
    ).text()
    const item = commentHtml(mine, id)!
    expect(item).toMatch(/<a class="edit" href="\/essays\/[^"]+\/comments\/[^"]+\/edit\?token=/)
    expect(item).toContain('class="delete"')
    expect(commentHtml(await freshPage(), id)).not.toContain('class="edit"')
  })

  it('an edit is stored rendered, marked edited, audited with the previous text', async () => {
    const before = `first words ${uniq()}`
    const { id, editUrl } = await posted(before)
    await approve(id)
    const page = await get(local(editUrl))
    expect(page.status).toBe(200)
    expect(page.headers.get('Cache-Control')).toBe('private, no-store')
    const token = new URL(editUrl).searchParams.get('token')!
    const after = `${before} and *second* thoughts`
    const res = await get(local(editUrl).split('?')[0]!, editForm(after, token))
    expect(res.status, await res.clone().text()).toBe(303)
    const row = await rowById(id)
    expect(row?.body).toBe(after)
    expect(row?.body_html).toBe(renderComment(after))
    expect(row?.status).toBe('approved')
    expect(typeof row?.edited_at).toBe('number')
    expect(await auditRows(id)).toEqual([
      {
        actor: 'comment author (edit link)',
        action: 'author-edit',
        before_status: 'approved',
        after_status: 'approved',
        detail: JSON.stringify({ previous: before }),
      },
    ])
    const item = commentHtml(await freshPage(), id)!
    expect(item).toContain('<em>second</em>')
    expect(item).toMatch(/<span class="edited"><time class="dt-updated" datetime="[^"]+">edited /)
  })

  it('an approved comment that gains links goes back to the queue', async () => {
    const { id, editUrl } = await posted(`no links yet ${uniq()}`)
    await approve(id)
    const token = new URL(editUrl).searchParams.get('token')!
    const res = await get(
      local(editUrl).split('?')[0]!,
      editForm('now see https://spam.example/a and [b](https://spam.example/b)', token),
    )
    expect(res.status).toBe(303)
    expect((await rowById(id))?.status).toBe('pending')
    expect((await auditRows(id))[0]).toMatchObject({
      before_status: 'approved',
      after_status: 'pending',
    })
  })

  it('an invalid edit is refused naming the field, the text kept, nothing changed', async () => {
    const before = `keep me ${uniq()}`
    const { id, editUrl } = await posted(before)
    const token = new URL(editUrl).searchParams.get('token')!
    const res = await get(local(editUrl).split('?')[0]!, editForm('   ', token))
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('id="comment-body-error"')
    expect((await rowById(id))?.body).toBe(before)
    expect(await auditRows(id)).toEqual([])
  })

  it('another comment’s token, a forged one or none cannot edit (403), and nothing changes', async () => {
    const mine = await posted(`mine ${uniq()}`)
    const theirs = await posted(`theirs ${uniq()}`)
    const path = local(theirs.editUrl).split('?')[0]!
    const myToken = new URL(mine.editUrl).searchParams.get('token')!
    for (const token of [myToken, `${myToken}x`, '']) {
      const res = await get(path, editForm('hijacked', token))
      expect(res.status).toBe(403)
      expect(await res.text()).toContain('Only the browser that posted it can edit it')
    }
    expect((await get(path)).status).toBe(403)
    expect((await rowById(theirs.id))?.body).not.toBe('hijacked')
  })

  it('after the window the link is refused with a clear message (a genuine token of a past time)', async () => {
    const { id, editUrl } = await posted(`too late ${uniq()}`)
    const path = local(editUrl).split('?')[0]!
    const old = await editToken(env.SECRET_KEY!, id, Date.now() - 16 * 60_000, 15)
    const res = await get(`${path}?token=${encodeURIComponent(old)}`)
    expect(res.status).toBe(403)
    expect(decodeEntities(await res.text())).toContain(
      'This comment can no longer be changed: comments can be edited or deleted for 15 minutes after posting.',
    )
    expect((await get(path, editForm('late', old))).status).toBe(403)
    // A live token is not enough once the row itself is older than the window.
    await env.DB.prepare('UPDATE comments SET created_at = created_at - 16 * 60000 WHERE id = ?')
      .bind(id)
      .run()
    const live = new URL(editUrl).searchParams.get('token')!
    expect((await get(path, editForm('late', live))).status).toBe(403)
    expect((await rowById(id))?.body).not.toBe('late')
  })

  it('delete without replies: gone from the thread (trash), audited', async () => {
    const text = `delete me ${uniq()}`
    const { id, editUrl } = await posted(text)
    await approve(id)
    const token = new URL(editUrl).searchParams.get('token')!
    const res = await get(
      local(editUrl)
        .split('?')[0]!
        .replace(/\/edit$/, '/delete'),
      editForm(undefined, token),
    )
    expect(res.status).toBe(303)
    expect((await rowById(id))?.status).toBe('trash')
    expect(commentHtml(await freshPage(), id)).toBeUndefined()
    expect((await auditRows(id))[0]).toMatchObject({
      action: 'author-delete',
      before_status: 'approved',
      after_status: 'trash',
    })
    expect(JSON.parse((await auditRows(id))[0]!.detail!)).toEqual({
      previous: text,
      placeholder: false,
    })
  })

  it('delete with replies: a placeholder keeps its place, the reply still shown', async () => {
    const text = `parent to delete ${uniq()}`
    const { id, editUrl } = await posted(text)
    await approve(id)
    const tag = uniq()
    const reply = await postJson({
      name: `R ${tag}`,
      email: emailFor(tag),
      body: `reply ${tag}`,
      parentId: id,
    })
    const { id: replyId } = (await reply.json()) as { id: string }
    await approve(replyId)
    const token = new URL(editUrl).searchParams.get('token')!
    const res = await get(
      local(editUrl)
        .split('?')[0]!
        .replace(/\/edit$/, '/delete'),
      editForm(undefined, token),
    )
    expect(res.status).toBe(303)
    const row = await rowById(id)
    expect(row).toMatchObject({ status: 'approved', body: '', body_html: '' })
    expect(typeof row?.deleted_at).toBe('number')
    const page = await freshPage()
    const item = commentHtml(page, id)!
    expect(item).toContain('Comment deleted by its author')
    expect(item).not.toContain(text)
    expect(commentHtml(page, replyId)).toContain(`reply ${tag}`)
    // The JSON API keeps the place, without the text.
    const api = await (await get(`/api/essays/${SEED_SLUG}/comments?page=1`)).text()
    expect(api).not.toContain(text)
  })
})

describe('Reading a long thread', () => {
  /** Two new threads (the second with a reply), created after everything else on the essay. */
  async function twoThreads() {
    const at = Date.now() + 365 * 24 * 3600_000 // newest of all, whatever else the run stored
    const [a, b, r] = [uniq('a'), uniq('b'), uniq('r')]
    const insert = (id: string, parent: string | null, createdAt: number) =>
      env.DB.prepare(
        `INSERT INTO comments (id, essay_slug, parent_id, depth, author_name, author_email, body, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'x@example.com', ?, 'approved', ?, ?)`,
      ).bind(id, SEED_SLUG, parent, parent ? 1 : 0, `N ${id}`, `body ${id}`, createdAt, createdAt)
    await env.DB.batch([insert(a, null, at), insert(b, null, at + 1000), insert(r, a, at + 2000)])
    return { a, b, r }
  }

  it('?sort=newest puts newer threads first and keeps each thread together', async () => {
    const { a, b, r } = await twoThreads()
    const oldest = await freshPage('sort=oldest&replyto=none')
    expect(oldest.indexOf(`comment-${a}"`)).toBeLessThan(oldest.indexOf(`comment-${b}"`))
    const newest = await freshPage('sort=newest')
    const [ia, ib, ir] = [a, b, r].map((id) => newest.indexOf(`id="comment-${id}"`))
    expect(ib).toBeGreaterThan(-1)
    expect(ib).toBeLessThan(ia!)
    expect(ir).toBeGreaterThan(ia!)
    expect(newest).toContain('<nav class="comment-sort"')
    expect(newest).toMatch(/<strong aria-current="true">Newest first<\/strong>/)
    expect((await get(`/essays/${SEED_SLUG}?sort=sideways`)).status).toBe(404)
  })

  it('the essay header says how many approved comments there are', async () => {
    const page = await freshPage('sort=newest')
    const { n } = (await env.DB.prepare(
      "SELECT count(*) AS n FROM comments WHERE essay_slug = ? AND status = 'approved'",
    )
      .bind(SEED_SLUG)
      .first<{ n: number }>())!
    const start = page.indexOf('<h1 class="p-name">')
    const header = page.slice(start, page.indexOf('</header>', start))
    expect(header).toContain(
      `<a class="comment-count" href="#comments">${n.toLocaleString('en')} comment${n === 1 ? '' : 's'}</a>`,
    )
  })

  it('the pinned thread comes first with a "Pinned" badge; an author reply has the "Author" badge; both in the API', async () => {
    const { a, b } = await twoThreads()
    await env.DB.prepare('UPDATE comments SET pinned_at = NULL WHERE essay_slug = ?')
      .bind(SEED_SLUG)
      .run()
    await env.DB.prepare('UPDATE comments SET pinned_at = ?, is_author = 1 WHERE id = ?')
      .bind(Date.now(), a)
      .run()
    const page = await freshPage('sort=newest')
    expect(page.indexOf(`id="comment-${a}"`)).toBeLessThan(page.indexOf(`id="comment-${b}"`))
    const item = commentHtml(page, a)!
    expect(item).toContain(
      '<span class="badge badge-pinned" title="Pinned by the author">Pinned</span>',
    )
    expect(item).toContain(
      '<span class="badge badge-author" title="Author of this site">Author</span>',
    )
    expect(commentHtml(page, b)).not.toContain('badge')
    const api = (await (await get(`/api/essays/${SEED_SLUG}/comments?page=1`)).json()) as {
      comments: { id: string; isAuthor: boolean; pinned: boolean }[]
    }
    // The API lists threads oldest first; the pinned one is wherever its page is.
    const pages = await get(`/api/essays/${SEED_SLUG}/comments`)
    const { pages: last } = (await pages.json()) as { pages: number }
    const lastPage = (await (
      await get(`/api/essays/${SEED_SLUG}/comments?page=${last}`)
    ).json()) as typeof api
    const found = [...api.comments, ...lastPage.comments].find((comment) => comment.id === a)!
    expect(found).toMatchObject({ isAuthor: true, pinned: true })
    await env.DB.prepare('UPDATE comments SET pinned_at = NULL WHERE id = ?').bind(a).run()
  })
})
