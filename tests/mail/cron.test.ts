import { createExecutionContext, createScheduledController, env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { uniq } from '../comments/helpers'

const DAY = 86_400_000

describe("mail's cron task", () => {
  it('deletes subscriptions left unconfirmed for 7 days and purges spent tokens, through the scheduled entry point', async () => {
    const now = Date.now()
    const old = uniq('old')
    const fresh = uniq('fresh')
    const kept = uniq('kept')
    const token = uniq('tok')
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO mail_subscriptions (id, email, kind, essay_slug, created_at) VALUES (?, ?, 'replies', '', ?)",
      ).bind(old, `${old}@example.com`, now - 8 * DAY),
      env.DB.prepare(
        "INSERT INTO mail_subscriptions (id, email, kind, essay_slug, created_at) VALUES (?, ?, 'replies', '', ?)",
      ).bind(fresh, `${fresh}@example.com`, now - DAY),
      env.DB.prepare(
        "INSERT INTO mail_subscriptions (id, email, kind, essay_slug, created_at, confirmed_at) VALUES (?, ?, 'replies', '', ?, ?)",
      ).bind(kept, `${kept}@example.com`, now - 30 * DAY, now - 29 * DAY),
      env.DB.prepare('INSERT INTO used_tokens (id, used_at) VALUES (?, ?)').bind(
        token,
        now - 5 * DAY,
      ),
    ])
    const ctx = createExecutionContext()
    await worker.scheduled(
      createScheduledController({ cron: '*/5 * * * *', scheduledTime: now }),
      env,
      ctx,
    )
    const ids = (
      await env.DB.prepare('SELECT id FROM mail_subscriptions WHERE id IN (?, ?, ?)')
        .bind(old, fresh, kept)
        .all<{ id: string }>()
    ).results.map((r) => r.id)
    expect(ids.sort()).toEqual([fresh, kept].sort())
    expect(
      await env.DB.prepare('SELECT id FROM used_tokens WHERE id = ?').bind(token).first(),
    ).toBeNull()
  })
})
