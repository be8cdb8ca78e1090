import type { MailSettings } from '../config'
import { config } from '../config'
import type { Env } from '../env'
import { randomId } from '../lib/crypto'
import { describeError } from '../lib/log'
import { site } from '../generated/content'
import { mailerFor } from './mailer'
import { renderMail, type MailContent } from './render'

/**
 * Sends one message at most once per `key`, through the outbox: a redelivered queue message finds
 * its row already 'sent' and sends nothing. The row is written before the send and marked after it,
 * together with `after` (e.g. the sent-log rows), in one batch. A failed send is recorded on the row
 * (attempts, error) and thrown, so the queue retries it. The one window left is a crash between the
 * provider accepting the message and the batch: at-least-once delivery cannot close it fully.
 */
export async function deliverOnce(
  env: Env,
  mail: MailSettings,
  job: { key: string; kind: string; content: MailContent },
  after: (outboxId: string) => D1PreparedStatement[] = () => [],
  now = Date.now(),
): Promise<'sent' | 'duplicate'> {
  const db = env.DB
  const existing = await db
    .prepare('SELECT id, status FROM mail_outbox WHERE dedupe_key = ?')
    .bind(job.key)
    .first<{ id: string; status: string }>()
  if (existing?.status === 'sent') return 'duplicate'
  const id = existing?.id ?? randomId()
  const host = new URL(config(env).siteUrl).hostname
  const out = await renderMail(job.content, { siteName: site.title, messageId: `<${id}@${host}>` })
  if (!existing)
    await db
      .prepare(
        `INSERT INTO mail_outbox (id, dedupe_key, kind, to_email, subject, body_text, status, attempts, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
      )
      .bind(id, job.key, job.kind, out.to, out.subject, mail.keepBodies ? out.text : null, now, now)
      .run()
  let messageId: string
  try {
    messageId = (await mailerFor(env, mail, site.title).send(out)).messageId
  } catch (error) {
    await db
      .prepare(
        `UPDATE mail_outbox SET status = 'failed', attempts = attempts + 1, error = ?, updated_at = ? WHERE id = ?`,
      )
      .bind(describeError(error).slice(0, 500), Date.now(), id)
      .run()
    throw error
  }
  await db.batch([
    db
      .prepare(
        `UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, provider_id = ?, error = NULL, updated_at = ? WHERE id = ?`,
      )
      .bind(messageId.slice(0, 200), Date.now(), id),
    ...after(id),
  ])
  return 'sent'
}
