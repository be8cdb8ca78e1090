import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import { useMailerForTests } from '../../src/mail/mailer'
import { emailFor, ipFor, uniq } from '../comments/helpers'
import { mailEnv, subscribe } from './helpers'

afterEach(() => useMailerForTests(null))

const admin = { Authorization: `Bearer ${env.ADMIN_TOKEN}` }

describe('retries, backoff and the dead-letter queue', () => {
  it('retries a failed send with growing delays, records it, and lists a dead letter in the Outbox', async () => {
    const t = mailEnv()
    const reader = emailFor(uniq('dead'))
    expect((await subscribe(t, reader, ipFor())).status).toBe(202)
    const [job] = t.queued.splice(0)
    let calls = 0
    useMailerForTests({
      async send() {
        calls += 1
        throw new Error('provider down')
      },
    })
    const first = await t.deliver([job], { attempts: 1 })
    expect(first.explicitAcks).toEqual([])
    expect(first.retryMessages).toHaveLength(1)
    expect(first.delays).toEqual([30])
    const fifth = await t.deliver([job], { attempts: 5 })
    expect(fifth.delays).toEqual([480])
    expect(calls).toBe(2)
    const row = await env.DB.prepare(
      "SELECT status, attempts, error FROM mail_outbox WHERE to_email = ? AND kind = 'confirm'",
    )
      .bind(reader)
      .first<{ status: string; attempts: number; error: string }>()
    expect(row).toEqual({ status: 'failed', attempts: 2, error: 'provider down' })

    // After the 5th failure the queue moves it to edge-blog-mail-dlq; its consumer keeps it for moderators.
    const dead = await t.deliver([job], { queue: 'edge-blog-mail-dlq', attempts: 1 })
    expect(dead.ackAll).toBe(true)
    const letter = await env.DB.prepare(
      'SELECT queue, body, error FROM mail_dead_letters WHERE body LIKE ? ORDER BY id DESC',
    )
      .bind(`%${(job as { requestId: string }).requestId}%`)
      .first<{ queue: string; body: string; error: string }>()
    expect(letter).toMatchObject({ queue: 'edge-blog-mail-dlq', error: 'provider down' })
    expect(
      (
        await env.DB.prepare(
          "SELECT status FROM mail_outbox WHERE to_email = ? AND kind = 'confirm'",
        )
          .bind(reader)
          .first<{ status: string }>()
      )?.status,
    ).toBe('dead')

    const page = await t.fetch('/admin/outbox', { headers: admin })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Dead letters')
    expect(html).toContain((job as { requestId: string }).requestId)
    expect(html).toContain(reader)
    // Not on a developer's machine (SITE_URL is https): status only, no bodies.
    expect(html).not.toContain('/mail/confirm/')
  })

  it('acks a message for a deleted comment or subscription, and one it cannot read, sending nothing', async () => {
    const t = mailEnv()
    const result = await t.deliver([
      { kind: 'reply', commentId: 'no-such-comment' },
      { kind: 'confirm', subscriptionId: 'gone', requestId: uniq() },
      { kind: 'digest', subscriptionId: 'gone' },
      { kind: 'held', commentId: 'gone', approveUrl: 'https://x', spamUrl: 'https://y' },
      { kind: 'nonsense' },
      'not even an object',
    ])
    expect(result.explicitAcks).toHaveLength(6)
    expect(result.retryMessages).toEqual([])
    expect(t.sent).toEqual([])
  })

  it('keeps the admin gate in front of the Outbox', async () => {
    const t = mailEnv()
    const res = await t.fetch('/admin/outbox', { headers: { Authorization: 'Bearer wrong' } })
    expect(res.status).toBe(401)
  })
})
