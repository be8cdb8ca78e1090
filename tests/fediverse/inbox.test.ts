import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { MAX_DEPTH as COMMENTS_MAX_DEPTH } from '../../src/comments/store'
import { MAX_DEPTH } from '../../src/fediverse/replies'
import {
  BLOG_ACTOR,
  ESSAY_URL,
  FakeMastodon,
  fedEnv,
  followActivity,
  PUBLIC,
  replyActivity,
  request,
  rsaKeys,
  SEED_SLUG,
  stubFetch,
  uniqueId,
} from './fake-mastodon'

let e: Env
let sent: { body: unknown }[]
let alice: FakeMastodon

beforeAll(async () => {
  ;({ env: e, sent } = await fedEnv())
})

afterEach(() => vi.restoreAllMocks())

async function server(name = uniqueId('u').replace(/-/g, '_')) {
  const host = `${uniqueId('m')}.example`
  const m = await new FakeMastodon(host, name, e).start()
  stubFetch(m)
  return m
}

const commentBySource = (source: string) =>
  e.DB.prepare('SELECT * FROM comments WHERE source = ?1').bind(source).first<Record<string, any>>()
const count = async (sql: string, ...binds: unknown[]) =>
  (await e.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>())!.n

describe('inbox: follows', () => {
  it('stores a follower and queues a signed Accept to its inbox; Undo removes it', async () => {
    alice = await server('alice')
    const follow = followActivity(alice)
    const res = await alice.deliver(follow)
    expect(res.status).toBe(202)
    const row = await e.DB.prepare('SELECT * FROM fediverse_followers WHERE actor_id = ?1')
      .bind(alice.actorId)
      .first<Record<string, any>>()
    expect(row).toMatchObject({
      inbox: alice.inbox,
      shared_inbox: alice.sharedInbox,
      follow_id: follow.id,
    })
    const accept = sent
      .map((m) => m.body as Record<string, any>)
      .find((b) => b.inbox === alice.inbox)
    expect(accept).toBeTruthy()
    const json = JSON.parse(accept!.json)
    expect(json).toMatchObject({
      type: 'Accept',
      actor: BLOG_ACTOR,
      object: { id: follow.id, type: 'Follow' },
    })

    const undo = {
      id: `${alice.origin}/${uniqueId('undo')}`,
      type: 'Undo',
      actor: alice.actorId,
      object: follow,
    }
    expect((await alice.deliver(undo)).status).toBe(202)
    expect(
      await count(
        'SELECT count(*) AS n FROM fediverse_followers WHERE actor_id = ?1',
        alice.actorId,
      ),
    ).toBe(0)
  })

  it('uses the key cached in D1 for the next delivery (no second fetch)', async () => {
    const m = await server()
    await m.deliver(followActivity(m))
    const fetchesAfterFirst = m.fetches.length
    await m.deliver(followActivity(m))
    expect(m.fetches.length).toBe(fetchesAfterFirst)
    const cached = await e.DB.prepare('SELECT expires_at FROM fediverse_actors WHERE key_id = ?1')
      .bind(m.keyId)
      .first<{ expires_at: number }>()
    expect(cached!.expires_at).toBeGreaterThan(Date.now())
  })

  it('refetches the key once when the cached one fails (key rotation)', async () => {
    const m = await server()
    await m.deliver(followActivity(m))
    const rotated = await rsaKeys()
    m.keys = rotated
    m.publishedPem = rotated.publicPem
    const before = m.fetches.length
    expect((await m.deliver(followActivity(m))).status).toBe(202)
    expect(m.fetches.length).toBe(before + 1)
  })
})

describe('inbox: signatures refused, nothing stored', () => {
  const refusedCases: [string, (m: FakeMastodon) => Response | Promise<Response>][] = [
    [
      'unsigned',
      (m) =>
        request(e, '/fediverse/inbox', { method: 'POST', body: JSON.stringify(followActivity(m)) }),
    ],
    [
      'forged (signed by another key)',
      async (m) => m.deliver(followActivity(m), { key: (await rsaKeys()).privateKey }),
    ],
    [
      'digest mismatch (body changed after signing)',
      (m) =>
        m.deliver(followActivity(m), {
          tamper: (h, body) => ({ headers: h, body: body.replace('Follow', 'Follow ') }),
        }),
    ],
    [
      'expired Date (13 h old)',
      (m) => m.deliver(followActivity(m), { date: Date.now() - 13.5 * 3600_000 }),
    ],
    [
      'Date too far ahead (2 h)',
      (m) => m.deliver(followActivity(m), { date: Date.now() + 2 * 3600_000 }),
    ],
    [
      'digest not signed',
      (m) => m.deliver(followActivity(m), { headers: ['(request-target)', 'host', 'date'] }),
    ],
    [
      'wrong owner (a valid key of another actor)',
      async (m) => {
        // Mallory's own key signs an activity claiming to be by m's actor.
        const mallory = await new FakeMastodon(m.host, 'mallory', e).start()
        vi.restoreAllMocks()
        stubFetch(m, mallory)
        return mallory.deliver({ ...followActivity(m) }, {})
      },
    ],
  ]

  it.each(refusedCases)('%s → 401', async (_name, send) => {
    const m = await server()
    const res = await send(m)
    expect(res.status).toBe(401)
    expect(
      await count('SELECT count(*) AS n FROM fediverse_followers WHERE actor_id = ?1', m.actorId),
    ).toBe(0)
    expect(sent.some((msg) => (msg.body as { inbox: string }).inbox === m.inbox)).toBe(false)
  })

  it('accepts algorithm="hs2019" (what newer Mastodon sends) with the same RSA check', async () => {
    const m = await server()
    const res = await m.deliver(followActivity(m), {
      tamper: (h, body) => ({
        headers: {
          ...h,
          signature: h.signature!.replace('algorithm="rsa-sha256"', 'algorithm="hs2019"'),
        },
        body,
      }),
    })
    expect(res.status).toBe(202)
  })

  it("accepts and forgets a deleted account's farewell Delete (its key is gone)", async () => {
    const m = await server()
    m.gone = true
    const res = await m.deliver({
      id: `${m.actorId}#delete`,
      type: 'Delete',
      actor: m.actorId,
      object: m.actorId,
    })
    expect(res.status).toBe(202)
  })

  it('refuses a replayed delivery (the same signed request twice)', async () => {
    const m = await server()
    const { activity } = replyActivity(m)
    const prepared = await m.signedRequest(activity)
    const first = await request(e, prepared.path, {
      method: 'POST',
      headers: prepared.headers,
      body: prepared.body,
    })
    expect(first.status).toBe(202)
    await e.DB.prepare('DELETE FROM comments WHERE source = ?1').bind(activity.object.id).run()
    const replay = await request(e, prepared.path, {
      method: 'POST',
      headers: prepared.headers,
      body: prepared.body,
    })
    expect(replay.status).toBe(401)
    expect(await commentBySource(activity.object.id)).toBeNull()
  })

  it('blocks an account and an instance: 403, nothing stored, no key fetched', async () => {
    const m = await server()
    await e.DB.prepare(
      "INSERT INTO fediverse_blocks (target, kind, created_at) VALUES (?1, 'instance', 0)",
    )
      .bind(m.host)
      .run()
    const { activity } = replyActivity(m)
    expect((await m.deliver(activity)).status).toBe(403)
    expect(m.fetches).toEqual([])
    expect(await commentBySource(activity.object.id)).toBeNull()

    const n = await server()
    await e.DB.prepare(
      "INSERT INTO fediverse_blocks (target, kind, created_at) VALUES (?1, 'account', 0)",
    )
      .bind(n.actorId)
      .run()
    expect((await n.deliver(followActivity(n))).status).toBe(403)
    expect(
      await count('SELECT count(*) AS n FROM fediverse_followers WHERE actor_id = ?1', n.actorId),
    ).toBe(0)
  })

  it('rate-limits deliveries per remote host: 429 before any key fetch', async () => {
    const m = await server()
    const keys: string[] = []
    const limited = {
      ...e,
      FEDIVERSE_LIMITER: {
        limit: async ({ key }: { key: string }) => {
          keys.push(key)
          return { success: false }
        },
      },
    } as unknown as Env
    const prepared = await m.signedRequest(followActivity(m))
    const res = await request(limited, prepared.path, {
      method: 'POST',
      headers: prepared.headers,
      body: prepared.body,
    })
    expect(res.status).toBe(429)
    expect(res.headers.get('Retry-After')).toBe('60')
    expect(keys).toEqual([m.host])
    expect(m.fetches).toEqual([])
  })

  it('refuses a key whose actor document lives on another host (SSRF-safe fetch, no private hosts)', async () => {
    const m = await server()
    const res = await m.deliver(followActivity(m), { keyId: 'https://127.0.0.1/users/x#main-key' })
    expect(res.status).toBe(401)
    expect(m.fetches).toEqual([])
  })
})

describe('inbox: replies become comments', () => {
  it('stores a public reply as a held comment with the plain-text body, author and origin', async () => {
    const m = await server('bob')
    const { activity, note } = replyActivity(m, { summary: 'Spoilers about leadership' })
    expect((await m.deliver(activity)).status).toBe(202)
    const row = await commentBySource(note.id)
    expect(row).toMatchObject({
      essay_slug: SEED_SLUG,
      parent_id: null,
      depth: 0,
      origin: 'fediverse',
      origin_url: note.url,
      author_name: 'Bob Example',
      author_url: `${m.origin}/@bob`,
      author_email: '',
      status: 'pending',
    })
    expect(row!.body).toBe(
      `CW: Spoilers about leadership\n\n${BLOG_ACTOR} Good essay & true.\n\nSee https://example.org/a?b=1&c=2 ${m.origin}/tags/leadership`,
    )
    // A redelivered Create (signed again, later) changes nothing.
    expect((await m.deliver(activity, { date: Date.now() - 5_000 })).status).toBe(202)
    expect(await count('SELECT count(*) AS n FROM comments WHERE source = ?1', note.id)).toBe(1)
  })

  it('ignores a reply that is not public (followers-only, direct)', async () => {
    const m = await server()
    const { activity, note } = replyActivity(m, {
      to: [`${m.actorId}/followers`],
      cc: [BLOG_ACTOR],
    })
    expect((await m.deliver(activity)).status).toBe(202)
    expect(await commentBySource(note.id)).toBeNull()
  })

  it('threads replies to a federated note and to a comment anchor; Update edits, Delete removes', async () => {
    const m = await server()
    const root = replyActivity(m)
    await m.deliver(root.activity)
    const rootRow = await commentBySource(root.noteId)
    const child = replyActivity(m, { inReplyTo: root.noteId })
    await m.deliver(child.activity)
    expect(await commentBySource(child.noteId)).toMatchObject({ parent_id: rootRow!.id, depth: 1 })
    const anchored = replyActivity(m, { inReplyTo: `${ESSAY_URL}#comment-${rootRow!.id}` })
    await m.deliver(anchored.activity)
    expect(await commentBySource(anchored.noteId)).toMatchObject({
      parent_id: rootRow!.id,
      depth: 1,
    })

    const update = {
      id: `${root.noteId}#updates/1`,
      type: 'Update',
      actor: m.actorId,
      object: { ...root.note, content: '<p>Edited<br>twice</p>' },
    }
    expect((await m.deliver(update)).status).toBe(202)
    expect((await commentBySource(root.noteId))!.body).toBe('Edited\ntwice')

    // Another server cannot delete it.
    const other = await server()
    vi.restoreAllMocks()
    stubFetch(m, other)
    await other.deliver({
      id: `${other.origin}/d`,
      type: 'Delete',
      actor: other.actorId,
      object: root.noteId,
    })
    expect(await commentBySource(root.noteId)).not.toBeNull()

    const del = {
      id: `${root.noteId}#delete`,
      type: 'Delete',
      actor: m.actorId,
      object: { id: root.noteId, type: 'Tombstone' },
    }
    expect((await m.deliver(del)).status).toBe(202)
    expect(await commentBySource(root.noteId)).toBeNull()
    // Its replies stay, moved up a level.
    expect(await commentBySource(child.noteId)).toMatchObject({ parent_id: null, depth: 0 })
  })

  it('keeps the depth rule of the form comments', async () => {
    expect(MAX_DEPTH).toBe(COMMENTS_MAX_DEPTH)
    const m = await server()
    let parent = replyActivity(m)
    await m.deliver(parent.activity)
    for (let level = 1; level <= MAX_DEPTH + 1; level++) {
      const next = replyActivity(m, { inReplyTo: parent.noteId })
      await m.deliver(next.activity)
      parent = next
    }
    expect((await commentBySource(parent.noteId))!.depth).toBe(MAX_DEPTH)
  })

  it('approved by a moderator, it is in the thread with JavaScript off and in the comments feed', async () => {
    const m = await server('carol')
    const { activity, note } = replyActivity(m, {
      content: `<p>A reply worth reading ${uniqueId('w')}</p>`,
    })
    await m.deliver(activity)
    const row = await commentBySource(note.id)
    const before = await (await request(e, `/essays/${SEED_SLUG}`)).text()
    expect(before).not.toContain(row!.body)
    const approve = await request(e, `/api/admin/comments/${row!.id}/approve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${e.ADMIN_TOKEN}` },
    })
    expect(approve.status).toBeLessThan(300)
    const page = await (await request(e, `/essays/${SEED_SLUG}`)).text()
    expect(page).toContain(row!.body)
    expect(page).toContain('Carol Example')
    const feed = await (await request(e, `/essays/${SEED_SLUG}/comments.xml`)).text()
    expect(feed).toContain(row!.body)
  })
})

describe('inbox: likes and boosts', () => {
  it('counts a Like and an Announce of an essay, and Undo removes them', async () => {
    const m = await server()
    const like = {
      id: `${m.actorId}#likes/${uniqueId('l')}`,
      type: 'Like',
      actor: m.actorId,
      object: ESSAY_URL,
    }
    const boost = {
      id: `${m.actorId}/statuses/${uniqueId('b')}/activity`,
      type: 'Announce',
      actor: m.actorId,
      published: new Date().toISOString(),
      to: [PUBLIC],
      cc: [BLOG_ACTOR],
      object: ESSAY_URL,
    }
    expect((await m.deliver(like)).status).toBe(202)
    expect((await m.deliver(boost)).status).toBe(202)
    const rows = await e.DB.prepare(
      'SELECT kind, origin FROM responses WHERE source IN (?1, ?2) ORDER BY kind',
    )
      .bind(like.id, boost.id)
      .all()
    expect(rows.results).toEqual([
      { kind: 'like', origin: 'fediverse' },
      { kind: 'repost', origin: 'fediverse' },
    ])
    await m.deliver({ id: `${like.id}/undo`, type: 'Undo', actor: m.actorId, object: like })
    await m.deliver({ id: `${boost.id}/undo`, type: 'Undo', actor: m.actorId, object: boost })
    expect(
      await count(
        'SELECT count(*) AS n FROM responses WHERE source IN (?1, ?2)',
        like.id,
        boost.id,
      ),
    ).toBe(0)
  })

  it('answers 202 and stores nothing for activities it does not use', async () => {
    const m = await server()
    const res = await m.deliver({
      id: `${m.actorId}#x`,
      type: 'Move',
      actor: m.actorId,
      object: m.actorId,
    })
    expect(res.status).toBe(202)
  })
})
