import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import worker from '../../src/index'
import { announceEssays } from '../../src/fediverse/announce'
import {
  backoffSeconds,
  deliveryConsumer,
  type DeliveryMessage,
} from '../../src/fediverse/delivery'
import { DEAD_FOLLOWER_FAILURES } from '../../src/fediverse/store'
import {
  BLOG_ACTOR,
  ESSAY_URL,
  FakeMastodon,
  fedEnv,
  followActivity,
  SEED_SLUG,
  stubFetch,
  uniqueId,
} from './fake-mastodon'

let e: Env
let sent: { body: unknown }[]

beforeAll(async () => {
  ;({ env: e, sent } = await fedEnv())
})
afterEach(() => vi.restoreAllMocks())

async function follower(name = 'dora') {
  const m = await new FakeMastodon(`${uniqueId('d')}.example`, name, e).start()
  return m
}

async function runBatch(messages: { body: DeliveryMessage; attempts?: number }[]) {
  const batch = createMessageBatch(
    'edge-blog-fediverse',
    messages.map((m, i) => ({
      id: `msg-${i}-${uniqueId('q')}`,
      timestamp: new Date(),
      attempts: m.attempts ?? 1,
      body: m.body,
    })),
  )
  const ctx = createExecutionContext()
  await worker.queue(batch, e, ctx)
  return { batch, result: await getQueueResult(batch, ctx) }
}

const messagesTo = (inbox: string) =>
  sent.map((m) => m.body as DeliveryMessage).filter((body) => body.inbox === inbox)

const followerRow = (actorId: string) =>
  e.DB.prepare('SELECT * FROM fediverse_followers WHERE actor_id = ?1')
    .bind(actorId)
    .first<Record<string, any>>()

describe('delivery queue', () => {
  it('follow and accept round trip: the Accept arrives signed, verified by the fake Mastodon, once', async () => {
    const m = await follower()
    stubFetch(m)
    expect((await m.deliver(followActivity(m))).status).toBe(202)
    const [accept] = messagesTo(m.inbox)
    expect(accept).toBeTruthy()
    const { result } = await runBatch([{ body: accept! }])
    expect(result.explicitAcks.length).toBe(1)
    expect(m.deliveries).toHaveLength(1)
    expect(m.deliveries[0]!.verified).toBe(true)
    expect(m.deliveries[0]!.json).toMatchObject({ type: 'Accept', actor: BLOG_ACTOR })
    const row = await e.DB.prepare(
      'SELECT state, last_status FROM fediverse_deliveries WHERE activity_id = ?1 AND inbox = ?2',
    )
      .bind(accept!.activityId, accept!.inbox)
      .first()
    expect(row).toEqual({ state: 'delivered', last_status: 202 })
    // At-least-once: the same message again is acknowledged without posting twice.
    await runBatch([{ body: accept! }])
    expect(m.deliveries).toHaveLength(1)
  })

  it('retries with backoff by attempt; one host down never holds up another', async () => {
    const down = await follower()
    const up = await follower()
    down.inboxStatus = 503
    stubFetch(down, up)
    const json = JSON.stringify({
      id: `${BLOG_ACTOR}#t-${uniqueId('a')}`,
      type: 'Accept',
      actor: BLOG_ACTOR,
    })
    const id = JSON.parse(json).id as string
    const { batch, result } = await runBatch([
      { body: { activityId: id, inbox: down.inbox, json }, attempts: 3 },
      { body: { activityId: id, inbox: up.inbox, json }, attempts: 1 },
    ])
    expect(up.deliveries).toHaveLength(1)
    expect(result.explicitAcks).toEqual([batch.messages[1]!.id])
    // The pool's result does not report delaySeconds; the delivery log and backoffSeconds do.
    expect(result.retryMessages).toEqual([{ msgId: batch.messages[0]!.id }])
    const row = await e.DB.prepare(
      'SELECT state, attempts, last_status FROM fediverse_deliveries WHERE inbox = ?1',
    )
      .bind(down.inbox)
      .first()
    expect(row).toEqual({ state: 'retrying', attempts: 3, last_status: 503 })
    expect(backoffSeconds(1)).toBe(60)
    expect(backoffSeconds(3)).toBe(240)
    expect(backoffSeconds(30)).toBe(6 * 3600)
  })

  it('asks the queue for a delay that grows with the attempt', async () => {
    const down = await follower()
    down.inboxStatus = 500
    stubFetch(down)
    const delays: (number | undefined)[] = []
    for (const attempts of [1, 2, 5]) {
      const json = JSON.stringify({ id: `${BLOG_ACTOR}#r-${uniqueId('r')}`, type: 'Accept' })
      const message = {
        id: uniqueId('m'),
        timestamp: new Date(),
        attempts,
        body: { activityId: JSON.parse(json).id, inbox: down.inbox, json },
        ack: vi.fn(),
        retry: vi.fn((options?: { delaySeconds?: number }) => delays.push(options?.delaySeconds)),
      }
      await deliveryConsumer({ queue: 'edge-blog-fediverse', messages: [message] } as never, e)
      expect(message.ack).not.toHaveBeenCalled()
    }
    expect(delays).toEqual([60, 120, 960])
  })

  it('drops a follower whose server answers 410 Gone at once', async () => {
    const m = await follower()
    stubFetch(m)
    await m.deliver(followActivity(m))
    m.inboxStatus = 410
    await runBatch([{ body: messagesTo(m.inbox)[0]! }])
    expect(await followerRow(m.actorId)).toBeNull()
  })

  it(`drops a follower after ${DEAD_FOLLOWER_FAILURES} refusals (4xx) in a row, not before`, async () => {
    const m = await follower()
    stubFetch(m)
    await m.deliver(followActivity(m))
    m.inboxStatus = 403
    for (let i = 1; i <= DEAD_FOLLOWER_FAILURES; i++) {
      const json = JSON.stringify({ id: `${BLOG_ACTOR}#n-${uniqueId('x')}`, type: 'Note' })
      const { result } = await runBatch([
        { body: { activityId: JSON.parse(json).id, inbox: m.sharedInbox, json } },
      ])
      expect(result.retryMessages).toEqual([])
      if (i < DEAD_FOLLOWER_FAILURES) expect((await followerRow(m.actorId))!.failures).toBe(i)
    }
    expect(await followerRow(m.actorId)).toBeNull()
  })

  it('never posts to a private address (SSRF): refused without a fetch, not retried', async () => {
    const spy = vi.spyOn(globalThis, 'fetch')
    const json = JSON.stringify({ id: `${BLOG_ACTOR}#s-${uniqueId('s')}`, type: 'Accept' })
    for (const inbox of [
      'https://10.0.0.7/inbox',
      'https://169.254.169.254/latest',
      'http://mastodon.example/inbox',
      'https://localhost/inbox',
    ]) {
      const { result } = await runBatch([
        { body: { activityId: JSON.parse(json).id, inbox, json } },
      ])
      const row = await e.DB.prepare('SELECT * FROM fediverse_deliveries WHERE inbox = ?1')
        .bind(inbox)
        .first()
      expect(result.retryMessages, JSON.stringify(row)).toEqual([])
    }
    expect(spy).not.toHaveBeenCalled()
  })
})

describe('announcing essays (cron)', () => {
  it('sends Create(Article) once to each shared inbox, Update for a newer version, Delete for a removed essay', async () => {
    const m = await follower()
    stubFetch(m)
    await m.deliver(followActivity(m))
    // The seed essay may have been announced by an earlier run in this file: start from "never announced".
    await e.DB.prepare('DELETE FROM fediverse_announced').run()
    await announceEssays(e)
    const creates = messagesTo(m.sharedInbox)
      .map((b) => JSON.parse(b.json))
      .filter((a) => a.type === 'Create')
    expect(creates.map((a) => a.object.id)).toContain(ESSAY_URL)
    const create = creates.find((a) => a.object.id === ESSAY_URL)
    expect(create).toMatchObject({
      actor: BLOG_ACTOR,
      object: { type: 'Article', attributedTo: BLOG_ACTOR },
    })

    // Deliver it and check the fake verifies the signature.
    const message = messagesTo(m.sharedInbox).find((b) => JSON.parse(b.json).id === create.id)!
    await runBatch([{ body: message }])
    expect(m.deliveries.at(-1)).toMatchObject({ verified: true })

    const before = messagesTo(m.sharedInbox).length
    expect(await announceEssays(e)).toEqual({ created: 0, updated: 0, deleted: 0 })
    expect(messagesTo(m.sharedInbox).length).toBe(before)

    await e.DB.prepare(
      "UPDATE fediverse_announced SET version = '2000-01-01T00:00:00.000Z' WHERE slug = ?1",
    )
      .bind(SEED_SLUG)
      .run()
    await e.DB.prepare(
      "INSERT INTO fediverse_announced (slug, object_id, version, announced_at) VALUES ('gone-essay', 'https://blog.test/essays/gone-essay', 'v', 0)",
    ).run()
    expect(await announceEssays(e)).toEqual({ created: 0, updated: 1, deleted: 1 })
    const latest = messagesTo(m.sharedInbox)
      .slice(before)
      .map((b) => JSON.parse(b.json))
    expect(latest.map((a) => a.type).sort()).toEqual(['Delete', 'Update'])
    expect(latest.find((a) => a.type === 'Delete').object).toEqual({
      id: 'https://blog.test/essays/gone-essay',
      type: 'Tombstone',
    })
    expect(latest.find((a) => a.type === 'Update').object.id).toBe(ESSAY_URL)
  })
})
