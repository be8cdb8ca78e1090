/**
 * The author answers a federated comment (issue 15, item 5): a signed Create(Note) reaches the
 * account's inbox on the fake Mastodon, inReplyTo its toot, once. Anything else sends nothing.
 */
import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import worker, { app } from '../../src/index'
import type { DeliveryMessage } from '../../src/fediverse/delivery'
import { sendAuthorReply } from '../../src/fediverse/replies-out'
import { emailFor, ipFor, mintFormToken, uniq } from '../comments/helpers'
import {
  BLOG_ACTOR,
  ESSAY_URL,
  FakeMastodon,
  fakeQueue,
  fedEnv,
  PUBLIC,
  replyActivity,
  SEED_SLUG,
  SITE,
  stubFetch,
  uniqueId,
} from './fake-mastodon'

let e: Env
let sent: { body: unknown }[]

beforeAll(async () => {
  ;({ env: e, sent } = await fedEnv())
})
afterEach(() => vi.restoreAllMocks())

/** A request whose background work (the events' handlers) has finished when it returns. */
async function call(env: Env, path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext()
  const res = await app.request(SITE + path, { redirect: 'manual', ...init }, env, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

async function signIn(env: Env) {
  const res = await call(env, '/admin/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE },
    body: new URLSearchParams({ token: env.ADMIN_TOKEN!, next: '/admin' }),
  })
  expect(res.status).toBe(303)
  return res.headers.get('Set-Cookie')!.split(';')[0]!
}

/** A reply from the essay page's form: as the author with a moderator's cookie, else as a reader. */
async function replyFromPage(env: Env, parentId: string, cookie?: string) {
  const tag = uniq()
  const form = new URLSearchParams({
    name: cookie ? 'The Author' : `Reader ${tag}`,
    email: emailFor(tag),
    body: `Thank you, **really** ${tag}`,
    parent_id: parentId,
    token: await mintFormToken(),
  })
  const res = await call(env, `/essays/${SEED_SLUG}/comments`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'CF-Connecting-IP': ipFor(),
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: form.toString(),
  })
  expect(res.status).toBe(303)
  return res.headers.get('Location')!.match(/#comment-([\w-]+)$/)![1]!
}

const approve = (env: Env, id: string) =>
  call(env, `/api/admin/comments/${id}/approve`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` },
  })

const rowOf = (column: 'id' | 'source', value: string) =>
  e.DB.prepare(`SELECT * FROM comments WHERE ${column} = ?1`)
    .bind(value)
    .first<Record<string, any>>()

/** A federated comment, arrived signed from `m` and approved by a moderator. */
async function federatedComment(m: FakeMastodon) {
  const { activity, note } = replyActivity(m, { content: `<p>A toot ${uniqueId('t')}</p>` })
  expect((await m.deliver(activity)).status).toBe(202)
  const row = await rowOf('source', note.id)
  expect(row).toMatchObject({ origin: 'fediverse', status: 'pending' })
  expect((await approve(e, row!.id)).status).toBeLessThan(300)
  return { id: row!.id as string, noteId: note.id }
}

const queuedFor = (list: { body: unknown }[], commentId: string) =>
  list
    .map((m) => m.body as DeliveryMessage)
    .filter((body) => body.activityId.endsWith(`/${commentId}`))

async function runBatch(messages: DeliveryMessage[]) {
  const batch = createMessageBatch(
    'edge-blog-fediverse',
    messages.map((body) => ({ id: uniqueId('q'), timestamp: new Date(), attempts: 1, body })),
  )
  const ctx = createExecutionContext()
  await worker.queue(batch, e, ctx)
  return getQueueResult(batch, ctx)
}

describe('the author answers a federated comment', () => {
  it('from the admin dashboard API too: one Create(Note) to the account inbox', async () => {
    const m = await new FakeMastodon(`${uniqueId('d')}.example`, 'dana', e).start()
    stubFetch(m)
    const parent = await federatedComment(m)
    const res = await call(e, `/api/admin/comments/${parent.id}/reply`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${e.ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ body: `From the desk ${uniq()}` }),
    })
    expect(res.status).toBe(201)
    const replyId = ((await res.json()) as { comment: { id: string } }).comment.id
    const queued = queuedFor(sent, replyId)
    expect(queued).toHaveLength(1)
    expect(queued[0]!.inbox).toBe(m.inbox)
    await runBatch(queued)
    const notes = m.deliveries.filter((d) => d.json.type === 'Create')
    expect(notes).toHaveLength(1)
    expect(notes[0]!.verified).toBe(true)
    expect((notes[0]!.json as { object: { inReplyTo: string } }).object.inReplyTo).toBe(
      parent.noteId,
    )
  })

  it('sends one signed Create(Note) to the account inbox, inReplyTo its toot, verified by the fake', async () => {
    const m = await new FakeMastodon(`${uniqueId('r')}.example`, 'erin', e).start()
    stubFetch(m)
    const parent = await federatedComment(m)
    // Approving the toot itself sends nothing: it is not the author's.
    expect(queuedFor(sent, parent.id)).toHaveLength(0)

    const replyId = await replyFromPage(e, parent.id, await signIn(e))
    expect(await rowOf('id', replyId)).toMatchObject({
      is_author: 1,
      status: 'approved',
      parent_id: parent.id,
    })
    const queued = queuedFor(sent, replyId)
    expect(queued).toHaveLength(1)
    expect(queued[0]!.inbox).toBe(m.inbox)

    const result = await runBatch(queued)
    expect(result.explicitAcks).toHaveLength(1)
    const notes = m.deliveries.filter((d) => d.json.type === 'Create')
    expect(notes).toHaveLength(1)
    expect(notes[0]!.verified).toBe(true)
    expect(notes[0]!.url).toBe(m.inbox)
    const anchor = `${ESSAY_URL}#comment-${replyId}`
    expect(notes[0]!.json).toMatchObject({
      type: 'Create',
      actor: BLOG_ACTOR,
      to: [PUBLIC],
      cc: [m.actorId],
      object: {
        id: anchor,
        type: 'Note',
        attributedTo: BLOG_ACTOR,
        inReplyTo: parent.noteId,
        url: anchor,
        to: [PUBLIC],
        cc: [m.actorId],
        tag: [{ type: 'Mention', href: m.actorId, name: `@erin@${m.host}` }],
      },
    })
    const content = (notes[0]!.json.object as { content: string }).content
    expect(content).toMatch(
      /^<p><span class="h-card"><a href="https:\/\/[^"]+\/@erin" class="u-url mention">@<span>erin<\/span><\/a><\/span> Thank you, <strong>really<\/strong>/,
    )

    // Announced again (a restore, a redelivered event): queued again, but never posted twice.
    expect(await sendAuthorReply(e, replyId)).toBe('sent')
    await runBatch(queuedFor(sent, replyId))
    expect(m.deliveries.filter((d) => d.json.type === 'Create')).toHaveLength(1)
    const log = await e.DB.prepare(
      'SELECT state, last_status FROM fediverse_deliveries WHERE activity_id = ?1',
    )
      .bind(queued[0]!.activityId)
      .all()
    expect(log.results).toEqual([{ state: 'delivered', last_status: 202 }])
  })

  it('refetches an expired cached actor before sending', async () => {
    const m = await new FakeMastodon(`${uniqueId('r')}.example`, 'finn', e).start()
    stubFetch(m)
    const parent = await federatedComment(m)
    await e.DB.prepare('UPDATE fediverse_actors SET expires_at = 0 WHERE actor_id = ?1')
      .bind(m.actorId)
      .run()
    const before = m.fetches.length
    const replyId = await replyFromPage(e, parent.id, await signIn(e))
    expect(m.fetches.slice(before)).toEqual([`GET /users/finn`])
    expect(queuedFor(sent, replyId).map((q) => q.inbox)).toEqual([m.inbox])
  })

  it('sends nothing for an author reply to a form comment', async () => {
    const m = await new FakeMastodon(`${uniqueId('r')}.example`, 'gus', e).start()
    stubFetch(m)
    const formId = await replyFromPage(e, await topLevelFormComment(), await signIn(e))
    expect(await rowOf('id', formId)).toMatchObject({ is_author: 1, status: 'approved' })
    expect(queuedFor(sent, formId)).toHaveLength(0)
    expect(await sendAuthorReply(e, formId)).toBe('skipped')
  })

  it("sends nothing for a reader's reply to a federated comment, even once approved", async () => {
    const m = await new FakeMastodon(`${uniqueId('r')}.example`, 'hana', e).start()
    stubFetch(m)
    const parent = await federatedComment(m)
    const readerId = await replyFromPage(e, parent.id)
    if ((await rowOf('id', readerId))!.status !== 'approved')
      expect((await approve(e, readerId)).status).toBeLessThan(300)
    expect(await rowOf('id', readerId)).toMatchObject({ is_author: 0, status: 'approved' })
    expect(queuedFor(sent, readerId)).toHaveLength(0)
    expect(m.fetches.filter((f) => f.startsWith('POST'))).toHaveLength(0)
  })

  it('sends nothing when federation is off', async () => {
    const m = await new FakeMastodon(`${uniqueId('r')}.example`, 'ines', e).start()
    stubFetch(m)
    const parent = await federatedComment(m)
    const off = fakeQueue()
    const offEnv = { ...e, FEDIVERSE_PRIVATE_KEY: undefined, FEDIVERSE_QUEUE: off.queue } as Env
    const replyId = await replyFromPage(offEnv, parent.id, await signIn(offEnv))
    expect(await rowOf('id', replyId)).toMatchObject({ is_author: 1, status: 'approved' })
    expect(off.sent).toHaveLength(0)
    expect(queuedFor(sent, replyId)).toHaveLength(0)
    expect(await sendAuthorReply(offEnv, replyId)).toBe('skipped')
  })
})

/** An approved comment from the essay page's form, straight into D1. */
async function topLevelFormComment() {
  const id = uniqueId('c').replace(/-/g, '')
  const now = Date.now()
  await e.DB.prepare(
    `INSERT INTO comments (id, essay_slug, depth, author_name, author_email, body, status, created_at, updated_at)
     VALUES (?1, ?2, 0, 'A reader', ?3, 'A form comment', 'approved', ?4, ?4)`,
  )
    .bind(id, SEED_SLUG, emailFor(id), now)
    .run()
  return id
}
