import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { randomId } from '../../src/lib/crypto'
import { api } from '../admin/fixtures'
import { uniq } from '../comments/helpers'
import { mailEnv } from './helpers'

const admin = { Authorization: `Bearer ${env.ADMIN_TOKEN}` }

async function subscribed(email: string) {
  const id = uniq('sub')
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO mail_subscriptions (id, email, kind, essay_slug, created_at, confirmed_at) VALUES (?, ?, 'essay', 'management-versus-leadership', 1000, 2000)",
    ).bind(id, email),
    env.DB.prepare(
      'INSERT INTO mail_watches (comment_id, email, created_at) VALUES (?, ?, 1)',
    ).bind(uniq('c'), email),
  ])
  return id
}

const rows = async (email: string) =>
  (await env.DB.prepare(
    'SELECT (SELECT count(*) FROM mail_subscriptions WHERE email = ?1) + (SELECT count(*) FROM mail_watches WHERE email = ?1) AS n',
  )
    .bind(email)
    .first<{ n: number }>())!.n

describe('privacy: subscriptions are exported, erased, and unsubscribing by a moderator is audited', () => {
  it('exports the subscriptions of an address: what it follows, since when, confirmed when', async () => {
    const email = `p-${randomId(6).toLowerCase()}@example.com`
    await subscribed(email)
    const res = await api(`/export?email=${encodeURIComponent(email)}`)
    expect(res.status).toBe(200)
    const data = (await res.json()) as { subscriptions: unknown[] }
    expect(data.subscriptions).toEqual([
      {
        kind: 'essay',
        essaySlug: 'management-versus-leadership',
        createdAt: new Date(1000).toISOString(),
        confirmedAt: new Date(2000).toISOString(),
      },
    ])
  })

  it('erase also unsubscribes, with an audit row counting the subscriptions (not naming the address)', async () => {
    const email = `e-${randomId(6).toLowerCase()}@example.com`
    await subscribed(email)
    const res = await api('/erase', { method: 'POST', body: { email } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ erased: 0, unsubscribed: 1 })
    expect(await rows(email)).toBe(0)
    const audit = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE action = 'erase' AND comment_id IS NULL ORDER BY id DESC LIMIT 1",
    ).first<{ detail: string }>()
    expect(JSON.parse(audit!.detail)).toEqual({ subscriptions: 1 })
    expect(audit!.detail).not.toContain(email)
  })

  it('a moderator can unsubscribe an address from the Outbox page; the audit log records it', async () => {
    const t = mailEnv()
    const email = `m-${randomId(6).toLowerCase()}@example.com`
    await subscribed(email)
    const res = await t.fetch('/admin/outbox/unsubscribe', {
      method: 'POST',
      headers: { ...admin, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email }),
    })
    expect(res.status).toBe(303)
    expect(await rows(email)).toBe(0)
    const audit = await env.DB.prepare(
      "SELECT actor, detail FROM audit_log WHERE action = 'mail-unsubscribe' ORDER BY id DESC LIMIT 1",
    ).first<{ actor: string; detail: string }>()
    expect(audit).toEqual({ actor: 'admin token', detail: '{"subscriptions":1}' })
  })
})

describe('running the background tasks from the Outbox page', () => {
  it('runs the cron tasks now (here: an unconfirmed subscription past 7 days is deleted)', async () => {
    const t = mailEnv()
    const id = uniq('stale')
    await env.DB.prepare(
      "INSERT INTO mail_subscriptions (id, email, kind, essay_slug, created_at) VALUES (?, ?, 'essay', 'management-versus-leadership', 1000)",
    )
      .bind(id, `stale-${randomId(6).toLowerCase()}@example.com`)
      .run()
    const res = await t.fetch('/admin/outbox/run-tasks', {
      method: 'POST',
      headers: { ...admin, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({}),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/admin/outbox')
    const row = await env.DB.prepare('SELECT 1 FROM mail_subscriptions WHERE id = ?')
      .bind(id)
      .first()
    expect(row).toBeNull()
  })

  it('is behind the admin gate: without credentials nothing runs', async () => {
    const t = mailEnv()
    const id = uniq('stale')
    await env.DB.prepare(
      "INSERT INTO mail_subscriptions (id, email, kind, essay_slug, created_at) VALUES (?, ?, 'essay', 'management-versus-leadership', 1000)",
    )
      .bind(id, `stale-${randomId(6).toLowerCase()}@example.com`)
      .run()
    const res = await t.fetch('/admin/outbox/run-tasks', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({}),
    })
    expect(res.status).toBe(401)
    const row = await env.DB.prepare('SELECT 1 FROM mail_subscriptions WHERE id = ?')
      .bind(id)
      .first()
    expect(row).not.toBeNull()
  })
})
