import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { pollBluesky } from '../../src/bluesky/poll'
import type { Env } from '../../src/env'
import { api } from '../admin/fixtures'
import { fakeCatalog, fakeEssays } from '../essays/fake-catalog'
import { get, SEED_SLUG } from '../helpers/http'
import { author, blocked, json, node, notFound, post, resolveUrl, threadUrl } from './appview'
import { installFakeWeb, seen, serve } from './fake-web'

let stub: ReturnType<typeof installFakeWeb>
beforeAll(() => {
  stub = installFakeWeb()
})
afterAll(() => stub.mockRestore())
beforeEach(() => {
  seen.length = 0
})

let n = 0
const unique = () => `${Date.now().toString(36)}${++n}`

function catalogWith(slug: string, bluesky: string) {
  const [essay] = fakeEssays(1)
  return fakeCatalog([{ ...essay!, slug, bluesky }])
}

async function poll(catalog: ReturnType<typeof fakeCatalog>, now: number, testEnv: Env = env) {
  const ctx = createExecutionContext()
  const polled = await pollBluesky(testEnv, ctx, now, catalog)
  await waitOnExecutionContext(ctx)
  return polled
}

const commentsOf = (slug: string) =>
  env.DB.prepare(
    `SELECT id, parent_id, depth, author_name, author_url, author_email, body, status, origin, origin_url, source
     FROM comments WHERE essay_slug = ? AND origin = 'bluesky' ORDER BY created_at, source`,
  )
    .bind(slug)
    .all<Record<string, unknown>>()
    .then((r) => r.results)

const threadRow = (slug: string) =>
  env.DB.prepare(`SELECT * FROM bluesky_threads WHERE essay_slug = ?`)
    .bind(slug)
    .first<Record<string, unknown>>()

/** A thread: the essay's post, reply A with a link facet and its own reply A1, a deleted and a blocked reply, reply B. */
function fixture(id: string) {
  const did = `did:plc:essayist${id}`
  const root = `at://${did}/app.bsky.feed.post/3kroot${id}`
  const alice = author(`did:plc:alice${id}`, `alice${id}.bsky.social`, 'Alice Bluesky')
  const bob = author(`did:plc:bob${id}`, `bob${id}.bsky.social`, '')
  const a = post(
    `at://${alice.did}/app.bsky.feed.post/3kaaa`,
    alice,
    'Loved it, more at example.com/notes…',
    {
      likes: 3,
      replies: 1,
      root,
      facets: [
        {
          $type: 'app.bsky.richtext.facet',
          index: { byteStart: 18, byteEnd: 38 },
          features: [
            { $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/notes/long-path' },
          ],
        },
      ],
    },
  )
  const a1 = post(`at://${bob.did}/app.bsky.feed.post/3kbbb`, bob, 'Agreed with Alice ✨', {
    root,
    parent: a.uri,
    createdAt: '2024-05-02T13:00:00.000Z',
  })
  const b = post(`at://${bob.did}/app.bsky.feed.post/3kccc`, bob, 'Second thought.', {
    root,
    createdAt: '2024-05-02T14:00:00.000Z',
  })
  const rootPost = post(
    root,
    author(did, `essayist${id}.bsky.social`, 'The Essayist'),
    'New essay',
    {
      likes: 12,
      reposts: 4,
      replies: 5,
    },
  )
  return { did, root, handle: `essayist${id}.bsky.social`, a, a1, b, rootPost }
}

describe('Bluesky replies', () => {
  it('a thread becomes held comments threaded as on Bluesky; approved ones show with JavaScript off', async () => {
    const f = fixture(unique())
    const slug = SEED_SLUG
    serve(resolveUrl(f.handle), json({ did: f.did }))
    serve(
      threadUrl(f.root),
      json({
        thread: node(f.rootPost, [
          node(f.a, [node(f.a1)]),
          notFound(`at://did:plc:gone/app.bsky.feed.post/3kgone`),
          blocked(`at://did:plc:blk/app.bsky.feed.post/3kblk`, 'did:plc:blk'),
          node(f.b),
        ]),
      }),
    )
    const rkey = f.root.split('/').pop()
    const catalog = catalogWith(slug, `https://bsky.app/profile/${f.handle}/post/${rkey}`)
    expect(await poll(catalog, Date.now())).toBe(1)
    expect(seen.map((r) => r.url)).toEqual([resolveUrl(f.handle), threadUrl(f.root)])

    const rows = (await commentsOf(slug)).filter(
      (r) =>
        String(r.source).includes(f.a.uri.split('/')[2]!) ||
        String(r.source).includes(f.b.uri.split('/')[2]!),
    )
    const [a, a1, b] = rows
    expect(rows).toHaveLength(3)
    expect(a).toMatchObject({
      source: f.a.uri,
      origin: 'bluesky',
      status: 'pending',
      parent_id: null,
      depth: 0,
      author_name: 'Alice Bluesky',
      author_url: `https://bsky.app/profile/${f.a.author.handle}`,
      origin_url: `https://bsky.app/profile/${f.a.author.handle}/post/3kaaa`,
      author_email: '',
      body: 'Loved it, more at https://example.com/notes/long-path',
    })
    expect(a1).toMatchObject({
      source: f.a1.uri,
      parent_id: a!.id,
      depth: 1,
      author_name: f.a1.author.handle,
    })
    expect(b).toMatchObject({ source: f.b.uri, parent_id: null })
    expect(await threadRow(slug)).toMatchObject({
      post_uri: f.root,
      status: 'ok',
      like_count: 12,
      repost_count: 4,
    })

    for (const row of [a, a1])
      expect((await api(`/comments/${row!.id}/approve`, { method: 'POST' })).status).toBe(200)
    const page = await (await get(`/essays/${slug}`)).text()
    expect(page).toContain('Agreed with Alice ✨')
    expect(page).toContain('Alice Bluesky')
    expect(page).toContain('On Bluesky: 12 likes, 4 reposts')
    expect(page).not.toContain('Second thought.') // still held
    expect(page).not.toContain('cdn.bsky.app')
  })

  it('polls only when due; deleted replies disappear, edits are kept as the moderator left them', async () => {
    const f = fixture(unique())
    const slug = `bsky-${unique()}`
    serve(
      threadUrl(f.root),
      json({ thread: node(f.rootPost, [node(f.a, [node(f.a1)]), node(f.b)]) }),
    )
    const catalog = catalogWith(slug, f.root)
    const t0 = Date.UTC(2026, 0, 1)
    await poll(catalog, t0)
    expect(seen.map((r) => r.url)).toEqual([threadUrl(f.root)]) // an at:// DID URI needs no resolving
    expect(await commentsOf(slug)).toHaveLength(3)

    seen.length = 0
    expect(await poll(catalog, t0 + 10 * 60_000)).toBe(0)
    expect(seen).toHaveLength(0)

    // 15 minutes later: A1 and B were deleted (B now shows as notFound), A was edited.
    const edited = { ...f.a, record: { ...f.a.record, text: 'Loved it.', facets: undefined } }
    serve(threadUrl(f.root), json({ thread: node(f.rootPost, [node(edited), notFound(f.b.uri)]) }))
    expect(await poll(catalog, t0 + 15 * 60_000)).toBe(1)
    const after = await commentsOf(slug)
    expect(after.map((r) => r.source)).toEqual([f.a.uri])
    expect(after[0]).toMatchObject({ body: 'Loved it.', status: 'pending' })
    const left = await env.DB.prepare(`SELECT uri FROM bluesky_posts WHERE essay_slug = ?`)
      .bind(slug)
      .all()
    expect(left.results).toEqual([{ uri: f.a.uri }])
  })

  it('a post that is not found or blocked is recorded, and its replies are left alone', async () => {
    const f = fixture(unique())
    const slug = `bsky-${unique()}`
    serve(threadUrl(f.root), json({ error: 'NotFound', message: `Post not found: ${f.root}` }, 400))
    await poll(catalogWith(slug, f.root), Date.now())
    expect(await threadRow(slug)).toMatchObject({ status: 'not-found' })

    const g = fixture(unique())
    const slug2 = `bsky-${unique()}`
    serve(threadUrl(g.root), json({ thread: blocked(g.root, g.did) }))
    await poll(catalogWith(slug2, g.root), Date.now())
    expect(await threadRow(slug2)).toMatchObject({ status: 'blocked' })
    expect(await commentsOf(slug2)).toEqual([])

    const h = fixture(unique())
    const slug3 = `bsky-${unique()}`
    serve(
      resolveUrl(h.handle),
      json({ error: 'InvalidRequest', message: 'Unable to resolve handle' }, 400),
    )
    await poll(catalogWith(slug3, `https://bsky.app/profile/${h.handle}/post/3kx`), Date.now())
    expect(await threadRow(slug3)).toMatchObject({ status: 'not-found', post_uri: null })
  })

  it('a thread read cut short by the depth limit deletes nothing', async () => {
    const f = fixture(unique())
    const slug = `bsky-${unique()}`
    serve(threadUrl(f.root), json({ thread: node(f.rootPost, [node(f.a, [node(f.a1)])]) }))
    const catalog = catalogWith(slug, f.root)
    await poll(catalog, 1_000)
    // Next read: A reports a reply but the AppView stopped before it (no `replies` key).
    const { replies: _unused, ...truncated } = node(f.a)
    serve(threadUrl(f.root), json({ thread: node(f.rootPost, [truncated]) }))
    await poll(catalog, 1_000 + 16 * 60_000)
    expect((await commentsOf(slug)).map((r) => r.source)).toEqual([f.a.uri, f.a1.uri])
  })

  it('BLUESKY_POLL_MINUTES = "0" turns it off', async () => {
    const f = fixture(unique())
    const off = { ...env, BLUESKY_POLL_MINUTES: '0' } as unknown as Env
    expect(await poll(catalogWith(`bsky-${unique()}`, f.root), Date.now(), off)).toBe(0)
    expect(seen).toHaveLength(0)
  })
})
