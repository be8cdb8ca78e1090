import { env } from 'cloudflare:test'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { api } from '../admin/fixtures'
import { get, SEED_SLUG, SITE } from '../helpers/http'
import {
  deliver,
  ESSAY_URL,
  html,
  installFakeWeb,
  postMention,
  receivedRow,
  seen,
  serve,
  site,
  statusId,
} from './fake-web'
import { likePage, mentionPage, plainPage, replyPage, scriptOnlyPage } from './pages'

let stub: ReturnType<typeof installFakeWeb>
beforeAll(() => {
  stub = installFakeWeb()
})
afterAll(() => stub.mockRestore())
beforeEach(() => {
  seen.length = 0
})

const commentFor = (source: string) =>
  env.DB.prepare(`SELECT * FROM comments WHERE source = ?`)
    .bind(`webmention:${SEED_SLUG}:${source}`)
    .first<Record<string, unknown>>()
const responseFor = (source: string) =>
  env.DB.prepare(`SELECT * FROM responses WHERE source = ?`)
    .bind(`webmention:${SEED_SLUG}:${source}`)
    .first<Record<string, unknown>>()

/** POSTs a mention, checks the 202, runs the verification; answers the status id. */
async function receive(source: string, target = ESSAY_URL) {
  const res = await postMention(source, target)
  expect(res.status).toBe(202)
  const location = res.headers.get('location')!
  expect(location).toMatch(/^https:\/\/blog\.test\/webmention\/status\/[A-Za-z0-9_-]{16,}$/)
  const id = statusId(location)
  expect(await deliver({ type: 'verify', id })).toMatchObject({
    explicitAcks: [expect.any(String)],
  })
  return id
}

describe('POST /webmention refuses what is not a Webmention', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['no source', { target: ESSAY_URL }, /source is missing/],
    ['no target', { source: 'https://a.example/p' }, /target is missing/],
    ['relative source', { source: '/p', target: ESSAY_URL }, /source is not an absolute URL/],
    ['ftp source', { source: 'ftp://a.example/p', target: ESSAY_URL }, /source must be an http/],
    [
      'javascript target',
      { source: 'https://a.example/p', target: 'javascript:alert(1)' },
      /target must be an http/,
    ],
    [
      'target on another site',
      { source: 'https://a.example/p', target: 'https://other.example/essays/x' },
      /target is not an essay of this site/,
    ],
    [
      'target not an essay',
      { source: 'https://a.example/p', target: `${SITE}/tags` },
      /target is not an essay/,
    ],
    [
      'unknown essay',
      { source: 'https://a.example/p', target: `${SITE}/essays/no-such-essay` },
      /target is not an essay/,
    ],
    [
      'fragment that is not a comment',
      { source: 'https://a.example/p', target: `${ESSAY_URL}#respond` },
      /not at a comment/,
    ],
    [
      'source is the target',
      { source: ESSAY_URL, target: `${ESSAY_URL}#comment-abc` },
      /source and target are the same page/,
    ],
    [
      'overlong source',
      { source: `https://a.example/${'x'.repeat(2100)}`, target: ESSAY_URL },
      /longer than 2048/,
    ],
  ]
  for (const [name, fields, message] of cases) {
    it(`400: ${name}`, async () => {
      const res = await get('/webmention', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      })
      expect(res.status).toBe(400)
      expect(await res.text()).toMatch(message)
      if (fields.source) expect(await receivedRow(new URL(fields.source, SITE).href)).toBeNull()
    })
  }

  it('400 for a repeated field, 415 for JSON, 413 for a huge body; nothing is recorded', async () => {
    const source = `${site()}/p`
    let res = await get('/webmention', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `source=${encodeURIComponent(source)}&source=${encodeURIComponent(source)}&target=${encodeURIComponent(ESSAY_URL)}`,
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/source was sent more than once/)
    res = await get('/webmention', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source, target: ESSAY_URL }),
    })
    expect(res.status).toBe(415)
    res = await get('/webmention', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `source=${encodeURIComponent(source)}&x=${'y'.repeat(20_000)}`,
    })
    expect(res.status).toBe(413)
    expect(await receivedRow(source)).toBeNull()
    expect(seen).toHaveLength(0)
  })
})

describe('essay pages advertise the endpoint', () => {
  it('in a Link header and a <link rel="webmention">', async () => {
    const res = await get(`/essays/${SEED_SLUG}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('link')).toContain(`<${SITE}/webmention>; rel="webmention"`)
    expect(await res.text()).toContain(`<link rel="webmention" href="${SITE}/webmention"/>`)
  })
})

describe('receive → verify → held → approved → visible', () => {
  it('a reply becomes a held comment with its author and source, then shows after approval', async () => {
    const origin = site('alice')
    const source = `${origin}/2024/05/re-management`
    serve(source, html(replyPage(source, 'Alice Example', 'A fine essay.')))
    const res = await postMention(source, ESSAY_URL)
    expect(res.status).toBe(202)
    const id = statusId(res.headers.get('location')!)
    // Asynchronous: nothing fetched yet, the status page says so.
    let status = await get(`/webmention/status/${id}`)
    expect(await status.text()).toContain('data-status="queued"')
    expect(await receivedRow(source)).toMatchObject({ status: 'queued', essay_slug: SEED_SLUG })

    expect(await deliver({ type: 'verify', id })).toMatchObject({
      explicitAcks: [expect.any(String)],
    })
    const comment = await commentFor(source)
    expect(comment).toMatchObject({
      origin: 'webmention',
      origin_url: source,
      status: 'pending',
      author_name: 'Alice Example',
      author_url: `${origin}/about`,
      author_email: '',
      parent_id: null,
      created_at: Date.UTC(2024, 4, 1, 10),
    })
    // Plain text, the link kept as its URL, the script gone.
    expect(comment!.body).toBe(`A fine essay. See my notes (${origin}/notes) & more.`)
    status = await get(`/webmention/status/${id}`)
    const page = await status.text()
    expect(page).toContain('data-status="accepted"')
    expect(page).toContain('reply')

    // Held: not on the page yet.
    expect(await (await get(`/essays/${SEED_SLUG}`)).text()).not.toContain('A fine essay.')
    const approved = await api(`/comments/${comment!.id}/approve`, { method: 'POST' })
    expect(approved.status).toBe(200)
    const essay = await (await get(`/essays/${SEED_SLUG}`)).text()
    expect(essay).toContain('A fine essay.')
    expect(essay).toContain('Alice Example')
    // No remote image is ever put in front of readers.
    expect(essay).not.toContain(`${origin}/me.jpg`)
  })

  it('a reply to a comment anchor is threaded under that comment', async () => {
    const parent = await env.DB.prepare(
      `INSERT INTO comments (id, essay_slug, author_name, author_email, body, status, created_at, updated_at)
       VALUES (?, ?, 'Parent', 'p@example.com', 'parent body', 'approved', 1, 1) RETURNING id`,
    )
      .bind(`parent${Date.now()}`, SEED_SLUG)
      .first<{ id: string }>()
    const source = `${site('carol')}/reply`
    const target = `${ESSAY_URL}#comment-${parent!.id}`
    serve(source, html(replyPage(source, 'Carol', 'Agreed.', target)))
    await receive(source, target)
    expect(await commentFor(source)).toMatchObject({ parent_id: parent!.id, depth: 1 })
  })
})

describe('likes, reposts and mentions are responses', () => {
  it('each kind is stored and listed under the essay with the author linked', async () => {
    const likeSrc = `${site('bob')}/likes/1`
    const repostSrc = `${site('dan')}/reposts/1`
    const mentionSrc = `${site('eve')}/links`
    serve(likeSrc, html(likePage(likeSrc, 'Bob Liker')))
    serve(repostSrc, html(likePage(repostSrc, 'Dan Reposter', 'u-repost-of')))
    serve(mentionSrc, html(mentionPage(mentionSrc, 'Eve Mentioner')))
    await receive(likeSrc)
    await receive(repostSrc)
    await receive(mentionSrc)
    expect(await responseFor(likeSrc)).toMatchObject({
      kind: 'like',
      origin: 'webmention',
      author_name: 'Bob Liker',
    })
    expect(await responseFor(repostSrc)).toMatchObject({
      kind: 'repost',
      author_name: 'Dan Reposter',
    })
    expect(await responseFor(mentionSrc)).toMatchObject({
      kind: 'mention',
      author_name: 'Eve Mentioner',
    })
    expect(await commentFor(likeSrc)).toBeNull()
    const page = await (await get(`/essays/${SEED_SLUG}`)).text()
    expect(page).toContain('id="responses"')
    expect(page).toMatch(
      new RegExp(
        `<a class="response-author" href="${new URL(likeSrc).origin}/"[^>]*>Bob Liker</a> liked this`,
      ),
    )
    expect(page).toContain('Dan Reposter</a> reposted this')
    expect(page).toContain('Eve Mentioner</a> mentioned this')
    const count = /(\d+) responses/.exec(page)
    expect(Number(count?.[1])).toBeGreaterThanOrEqual(3)
  })

  it('a page without an h-entry is a mention by its site; a text/plain source that names the target too', async () => {
    const origin = site('plain')
    const source = `${origin}/post`
    serve(source, html(plainPage()))
    await receive(source)
    expect(await responseFor(source)).toMatchObject({
      kind: 'mention',
      author_name: new URL(origin).hostname,
      author_url: `${origin}/`,
    })
    const text = `${site('txt')}/notes.txt`
    serve(text, { headers: { 'content-type': 'text/plain' }, body: `see ${ESSAY_URL}\n` })
    await receive(text)
    expect(await responseFor(text)).toMatchObject({ kind: 'mention' })
  })

  it('a link only inside a <script> (or a comment) is no link: rejected, nothing stored', async () => {
    const source = `${site('sneaky')}/p`
    serve(source, html(scriptOnlyPage()))
    const id = await receive(source)
    expect(await receivedRow(source)).toMatchObject({
      status: 'rejected',
      detail: 'the source does not link to the target',
    })
    expect(await responseFor(source)).toBeNull()
    expect(await commentFor(source)).toBeNull()
    expect(await (await get(`/webmention/status/${id}`)).text()).toContain('data-status="rejected"')
  })
})

describe('update and removal', () => {
  it('a repeat updates the same comment; a page that stops linking removes it', async () => {
    const source = `${site('frank')}/re`
    serve(source, html(replyPage(source, 'Frank', 'First version.')))
    const id = await receive(source)
    const first = await commentFor(source)
    expect(first!.body).toContain('First version.')
    serve(source, html(replyPage(source, 'Frank', 'Second version.')))
    expect(await receive(source)).toBe(id)
    const second = await commentFor(source)
    expect(second).toMatchObject({ id: first!.id, status: 'pending' })
    expect(second!.body).toContain('Second version.')
    const count = await env.DB.prepare(`SELECT count(*) AS n FROM comments WHERE source LIKE ?`)
      .bind(`%${source}`)
      .first<{ n: number }>()
    expect(count!.n).toBe(1)

    serve(source, html(`<html><body><p>I changed my mind.</p></body></html>`))
    await receive(source)
    expect(await commentFor(source)).toBeNull()
    expect(await receivedRow(source)).toMatchObject({ status: 'removed' })
    expect(await (await get(`/webmention/status/${id}`)).text()).toContain('data-status="removed"')
  })

  it('a source answering 410 (or 404) removes its like', async () => {
    const source = `${site('gone')}/like`
    serve(source, html(likePage(source, 'Gone Soon')))
    await receive(source)
    expect(await responseFor(source)).not.toBeNull()
    serve(source, { status: 410, body: 'Gone' })
    await receive(source)
    expect(await responseFor(source)).toBeNull()
    expect(await receivedRow(source)).toMatchObject({
      status: 'removed',
      detail: 'the source answered 410',
    })
  })

  it('a source that cannot be reached is retried, then recorded as failed', async () => {
    const source = `${site('down')}/p`
    const res = await postMention(source, ESSAY_URL)
    const id = statusId(res.headers.get('location')!)
    expect(await deliver({ type: 'verify', id }, 1)).toMatchObject({
      retryMessages: [expect.anything()],
    })
    expect(await receivedRow(source)).toMatchObject({ status: 'queued' })
    expect(await deliver({ type: 'verify', id }, 5)).toMatchObject({
      explicitAcks: [expect.any(String)],
    })
    expect(await receivedRow(source)).toMatchObject({ status: 'failed' })
  })
})

describe('SSRF: sources on private or local addresses are never fetched', () => {
  for (const source of [
    'https://127.0.0.1/p',
    'https://10.0.0.8/p',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/p',
    'https://intranet.local/p',
    'http://public.example/p',
  ]) {
    it(`refuses ${source}`, async () => {
      const res = await postMention(source, ESSAY_URL)
      expect(res.status).toBe(202)
      const id = statusId(res.headers.get('location')!)
      await deliver({ type: 'verify', id })
      expect(seen.filter((r) => r.url.startsWith(new URL(source).origin))).toHaveLength(0)
      const row = await receivedRow(new URL(source).href)
      expect(row).toMatchObject({ status: 'failed' })
      expect(String(row!.detail)).toMatch(/^(address|scheme):/)
    })
  }
})
