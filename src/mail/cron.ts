import type { Env } from '../env'
import { log } from '../lib/log'
import { enqueue } from './queue'
import { CONFIRM_SECONDS, mailOn } from './settings'

/**
 * Mail's cron task (every Cron Trigger, src/jobs.ts onCron): enqueue the digests that are due, delete
 * subscriptions never confirmed within 7 days (with their requests and orphaned watches), and purge
 * spent one-time tokens whose links have expired anyway (the one-click links last 3 days).
 */

const DAY_MS = 86_400_000
/** Spent-token ids older than this can go: every link that could carry them has expired. */
const SPENT_TOKEN_MS = 4 * DAY_MS
/** Outbox rows and dead letters are kept this long. */
const KEEP_MS = 30 * DAY_MS

export async function mailCron(env: Env, now = Date.now()): Promise<{ digests: number }> {
  const db = env.DB
  const cleanup = [
    db
      .prepare('DELETE FROM mail_subscriptions WHERE confirmed_at IS NULL AND created_at < ?')
      .bind(now - CONFIRM_SECONDS * 1000),
    db
      .prepare(
        `DELETE FROM mail_watches WHERE created_at < ? AND email NOT IN
           (SELECT email FROM mail_subscriptions WHERE kind = 'replies')`,
      )
      .bind(now - CONFIRM_SECONDS * 1000),
    db.prepare('DELETE FROM mail_requests WHERE at < ?').bind(now - DAY_MS),
    db.prepare('DELETE FROM used_tokens WHERE used_at < ?').bind(now - SPENT_TOKEN_MS),
    db.prepare('DELETE FROM mail_outbox WHERE created_at < ?').bind(now - KEEP_MS),
    db.prepare('DELETE FROM mail_dead_letters WHERE at < ?').bind(now - 3 * KEEP_MS),
  ]
  await db.batch(cleanup)
  const mail = mailOn(env)
  if (!mail) return { digests: 0 }
  const { results } = await db
    .prepare(
      `SELECT s.id FROM mail_subscriptions s
       WHERE s.kind = 'essay' AND s.confirmed_at IS NOT NULL AND (s.last_sent_at IS NULL OR s.last_sent_at <= ?)
         AND EXISTS (SELECT 1 FROM comments c
           WHERE c.essay_slug = s.essay_slug AND c.status = 'approved' AND c.created_at >= s.created_at
             AND lower(c.author_email) != s.email
             AND NOT EXISTS (SELECT 1 FROM mail_sent m WHERE m.subscription_id = s.id AND m.comment_id = c.id))
       LIMIT 500`,
    )
    .bind(now - mail.batchMinutes * 60_000)
    .all<{ id: string }>()
  await enqueue(
    env,
    results.map((row) => ({ kind: 'digest' as const, subscriptionId: row.id })),
  )
  if (results.length) log(null, 'info', 'mail digests enqueued', { digests: results.length })
  return { digests: results.length }
}
