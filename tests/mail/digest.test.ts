import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { addComment } from '../admin/fixtures'
import { emailFor, ipFor, uniq } from '../comments/helpers'
import { purgeEssayPages } from '../../src/essays/page-cache'
import { SEED_SLUG, SITE } from '../helpers/http'
import { mailCron } from '../../src/mail/cron'
import { linkIn, mailEnv, mailsTo, subscribe } from './helpers'

async function subscribedReader(t: ReturnType<typeof mailEnv>) {
  const reader = emailFor(uniq('essay'))
  const res = await subscribe(t, reader, ipFor())
  expect(res.status).toBe(202)
  await t.deliver()
  const confirm = linkIn(mailsTo(t, reader)[0]!, '/mail/confirm/')
  const done = await t.fetch(confirm, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  })
  expect(done.status).toBe(200)
  const sub = await env.DB.prepare(
    "SELECT id FROM mail_subscriptions WHERE email = ? AND kind = 'essay'",
  )
    .bind(reader)
    .first<{ id: string }>()
  return { reader, id: sub!.id }
}

const digestJobs = (t: ReturnType<typeof mailEnv>, id: string) =>
  t.queued.filter(
    (job) => JSON.stringify(job) === JSON.stringify({ kind: 'digest', subscriptionId: id }),
  )

describe('essay subscriptions: batched digests', () => {
  it('lists every new approved comment in one email, then at most one per 30 minutes', async () => {
    const t = mailEnv()
    const { reader, id } = await subscribedReader(t)
    const now = Date.now()
    const first = await addComment({ status: 'approved', createdAt: now + 1, authorName: 'First' })
    const second = await addComment({
      status: 'approved',
      createdAt: now + 2,
      authorName: 'Second',
    })
    await addComment({ status: 'pending', createdAt: now + 3, authorName: 'Held' })

    await mailCron(t.env)
    expect(digestJobs(t, id)).toHaveLength(1)
    // Only this test's subscription is delivered (others' digests may be queued by the same cron).
    t.queued.length = 0
    await t.deliver([{ kind: 'digest', subscriptionId: id }])
    const digests = mailsTo(t, reader).filter((m) => m.subject.startsWith('New comments'))
    expect(digests).toHaveLength(1)
    expect(digests[0]!.subject).toBe('New comments on “Management Versus Leadership”')
    expect(digests[0]!.text).toContain(`#comment-${first.id}`)
    expect(digests[0]!.text).toContain(`#comment-${second.id}`)
    expect(digests[0]!.text).not.toContain('Held wrote')
    expect(digests[0]!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')

    // A new comment inside the window: the cron does not enqueue, and a stray message sends nothing.
    const third = await addComment({ status: 'approved', createdAt: now + 4, authorName: 'Third' })
    await mailCron(t.env)
    expect(digestJobs(t, id)).toEqual([])
    await t.deliver([{ kind: 'digest', subscriptionId: id }])
    expect(mailsTo(t, reader).filter((m) => m.subject.startsWith('New comments'))).toHaveLength(1)

    // 31 minutes later: one more email with only what is new.
    await env.DB.prepare(
      'UPDATE mail_subscriptions SET last_sent_at = last_sent_at - ? WHERE id = ?',
    )
      .bind(31 * 60_000, id)
      .run()
    await mailCron(t.env)
    expect(digestJobs(t, id)).toHaveLength(1)
    t.queued.length = 0
    await t.deliver([{ kind: 'digest', subscriptionId: id }])
    const all = mailsTo(t, reader).filter((m) => m.subject.startsWith('New comments'))
    expect(all).toHaveLength(2)
    expect(all[1]!.text).toContain(`#comment-${third.id}`)
    expect(all[1]!.text).not.toContain(`#comment-${first.id}`)
  })

  it('honours MAIL_BATCH_MINUTES', async () => {
    const t = mailEnv({ MAIL_BATCH_MINUTES: '5' })
    const { id } = await subscribedReader(t)
    await addComment({ status: 'approved', createdAt: Date.now() + 1 })
    await t.deliver([{ kind: 'digest', subscriptionId: id }])
    await addComment({ status: 'approved', createdAt: Date.now() + 2 })
    await env.DB.prepare(
      'UPDATE mail_subscriptions SET last_sent_at = last_sent_at - ? WHERE id = ?',
    )
      .bind(6 * 60_000, id)
      .run()
    t.queued.length = 0
    await mailCron(t.env)
    expect(digestJobs(t, id)).toHaveLength(1)
  })

  it('shows the subscription form under the comments only while mail is on', async () => {
    // Mail is a deployment's config, so cached pages may keep the form; here two configs share one cache.
    await purgeEssayPages(SITE, SEED_SLUG)
    const on = await mailEnv().fetch(`/essays/${SEED_SLUG}`)
    const html = await on.text()
    expect(html).toContain(`action="/essays/${SEED_SLUG}/subscribe"`)
    expect(html).toContain('name="notify_replies"')
    expect(html).toContain('Email me when someone replies')
    await purgeEssayPages(SITE, SEED_SLUG)
    const off = await mailEnv({ MAIL_FROM: '' }).fetch(`/essays/${SEED_SLUG}`)
    const plain = await off.text()
    expect(plain).not.toContain('/subscribe"')
    expect(plain).not.toContain('notify_replies')
    const refused = await mailEnv({ MAIL_FROM: '' }).fetch(`/essays/${SEED_SLUG}/subscribe`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=x%40example.com',
    })
    expect(refused.status).toBe(404)
    await purgeEssayPages(SITE, SEED_SLUG)
  })
})
