import * as v from 'valibot'
import type { MailSettings } from '../config'
import type { Env } from '../env'
import { describeError, log } from '../lib/log'
import { confirmationMail, digestMail, heldMail, replyMail, type CommentRow } from './compose'
import { deliverOnce } from './deliver'
import { mailJob, retryDelay, type MailJob } from './queue'
import { mailOn } from './settings'
import { findSubscription, type Subscription } from './store'

/**
 * The mail queue's consumer: each message on its own, acked when done (or when there is nothing to
 * do: a deleted comment or subscription, a comment no longer approved), retried with backoff when the
 * send failed. Sending is idempotent (deliverOnce plus the sent-log), so a redelivery never mails twice.
 */

const COMMENT_COLUMNS = `id, essay_slug AS essaySlug, parent_id AS parentId, author_name AS authorName,
  author_email AS authorEmail, body, status`

const findComment = (db: D1Database, id: string) =>
  db.prepare(`SELECT ${COMMENT_COLUMNS} FROM comments WHERE id = ?`).bind(id).first<CommentRow>()

/** What a digest lists: approved comments on the essay since the subscription began, not yet mailed to it, not its own. */
export function pendingForSubscription(db: D1Database, sub: Subscription, limit: number) {
  return db
    .prepare(
      `SELECT ${COMMENT_COLUMNS} FROM comments c
       WHERE c.essay_slug = ? AND c.status = 'approved' AND c.created_at >= ? AND lower(c.author_email) != ?
         AND NOT EXISTS (SELECT 1 FROM mail_sent m WHERE m.subscription_id = ? AND m.comment_id = c.id)
       ORDER BY c.created_at, c.id LIMIT ?`,
    )
    .bind(sub.essaySlug, sub.createdAt, sub.email, sub.id, limit)
    .all<CommentRow>()
}

const sentLog = (db: D1Database, subscriptionId: string, commentIds: string[], now: number) =>
  commentIds.map((commentId) =>
    db
      .prepare(
        'INSERT INTO mail_sent (subscription_id, comment_id, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .bind(subscriptionId, commentId, now),
  )

type Outcome = 'sent' | 'duplicate' | 'nothing'

export async function runJob(
  env: Env,
  mail: MailSettings,
  job: MailJob,
  now = Date.now(),
): Promise<Outcome> {
  const db = env.DB
  switch (job.kind) {
    case 'confirm': {
      const sub = await findSubscription(db, job.subscriptionId)
      if (!sub || sub.confirmedAt !== null) return 'nothing'
      return deliverOnce(env, mail, {
        key: `confirm:${job.requestId}`,
        kind: 'confirm',
        content: await confirmationMail(env, sub),
      })
    }
    case 'reply': {
      const reply = await findComment(db, job.commentId)
      if (!reply || reply.status !== 'approved' || !reply.parentId) return 'nothing'
      const target = await db
        .prepare(
          `SELECT s.id FROM mail_watches w JOIN mail_subscriptions s
             ON s.email = w.email AND s.kind = 'replies' AND s.essay_slug = '' AND s.confirmed_at IS NOT NULL
           WHERE w.comment_id = ?`,
        )
        .bind(reply.parentId)
        .first<{ id: string }>()
      if (!target) return 'nothing'
      const sub = (await findSubscription(db, target.id))!
      // Answering yourself is not news.
      if (sub.email === reply.authorEmail.toLowerCase()) return 'nothing'
      const sent = await db
        .prepare('SELECT 1 AS one FROM mail_sent WHERE subscription_id = ? AND comment_id = ?')
        .bind(sub.id, reply.id)
        .first()
      if (sent) return 'duplicate'
      return deliverOnce(
        env,
        mail,
        {
          key: `reply:${sub.id}:${reply.id}`,
          kind: 'reply',
          content: await replyMail(env, sub, reply),
        },
        () => sentLog(db, sub.id, [reply.id], now),
      )
    }
    case 'digest': {
      const sub = await findSubscription(db, job.subscriptionId)
      if (!sub || sub.kind !== 'essay' || sub.confirmedAt === null) return 'nothing'
      // The window is checked here too: two cron runs may both have enqueued this subscription.
      if (sub.lastSentAt !== null && now - sub.lastSentAt < mail.batchMinutes * 60_000)
        return 'nothing'
      const { results } = await pendingForSubscription(db, sub, 20)
      if (!results.length) return 'nothing'
      const ids = results.map((comment) => comment.id)
      return deliverOnce(
        env,
        mail,
        {
          key: `digest:${sub.id}:${ids[0]}:${ids[ids.length - 1]}:${ids.length}`,
          kind: 'digest',
          content: await digestMail(env, sub, results),
        },
        () => [
          ...sentLog(db, sub.id, ids, now),
          db
            .prepare('UPDATE mail_subscriptions SET last_sent_at = ? WHERE id = ?')
            .bind(now, sub.id),
        ],
      )
    }
    case 'held': {
      if (!mail.moderatorEmail) return 'nothing'
      const comment = await findComment(db, job.commentId)
      if (!comment || comment.status !== 'pending') return 'nothing'
      return deliverOnce(env, mail, {
        key: `held:${comment.id}`,
        kind: 'held',
        content: heldMail(env, mail, comment, job),
      })
    }
  }
}

export async function consumeMail(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const mail = mailOn(env)
  for (const message of batch.messages) {
    if (!mail) {
      // Mail was turned off after these were queued: drop them, said once per batch.
      log(null, 'warn', 'mail is off; queued mail dropped', { messages: batch.messages.length })
      batch.ackAll()
      return
    }
    const parsed = v.safeParse(mailJob, message.body)
    if (!parsed.success) {
      log(null, 'error', 'mail queue message not understood; dropped', { id: message.id })
      message.ack()
      continue
    }
    try {
      await runJob(env, mail, parsed.output)
      message.ack()
    } catch (error) {
      const delaySeconds = retryDelay(message.attempts)
      log(null, 'warn', 'sending mail failed; will retry', {
        kind: parsed.output.kind,
        attempts: message.attempts,
        delaySeconds,
        error: describeError(error),
      })
      message.retry({ delaySeconds })
    }
  }
}

/**
 * The dead-letter queue's consumer: what failed every retry is kept for the moderators (the admin's
 * Outbox page lists it) and its outbox rows marked dead. Never retried from here.
 */
export async function consumeDeadMail(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const now = Date.now()
  const statements = batch.messages.flatMap((message) => {
    const body = JSON.stringify(message.body ?? null).slice(0, 4000)
    const parsed = v.safeParse(mailJob, message.body)
    const match = parsed.success ? outboxMatch(parsed.output) : null
    const record = env.DB.prepare(
      `INSERT INTO mail_dead_letters (queue, body, attempts, error, at) VALUES (?, ?, ?, ?, ?)`,
    ).bind(batch.queue, body, message.attempts, null, now)
    if (!match) return [record]
    const where = `status != 'sent' AND ${match.sql}`
    return [
      env.DB.prepare(
        `INSERT INTO mail_dead_letters (queue, body, attempts, error, at)
         VALUES (?1, ?2, ?3, (SELECT error FROM mail_outbox WHERE ${where} ORDER BY updated_at DESC LIMIT 1), ?4)`,
      ).bind(batch.queue, body, message.attempts, now, match.value),
      env.DB.prepare(`UPDATE mail_outbox SET status = 'dead', updated_at = ?4 WHERE ${where}`).bind(
        null,
        null,
        null,
        now,
        match.value,
      ),
    ]
  })
  if (statements.length) await env.DB.batch(statements)
  log(null, 'error', 'mail moved to the dead-letter list', { messages: batch.messages.length })
  batch.ackAll()
}

/**
 * The outbox rows a job's sends made, by their dedupe key (?5): a prefix, or for replies the
 * ":<comment id>" suffix. substr, not LIKE: ids are base64url, and "_" is a LIKE wildcard.
 */
function outboxMatch(job: MailJob): { sql: string; value: string } {
  const prefix = (value: string) => ({
    sql: 'substr(dedupe_key, 1, length(?5)) = ?5',
    value,
  })
  switch (job.kind) {
    case 'confirm':
      return prefix(`confirm:${job.requestId}`)
    case 'reply':
      return {
        sql: "dedupe_key LIKE 'reply:%' AND substr(dedupe_key, -length(?5)) = ?5",
        value: `:${job.commentId}`,
      }
    case 'digest':
      return prefix(`digest:${job.subscriptionId}:`)
    case 'held':
      return prefix(`held:${job.commentId}`)
  }
}
