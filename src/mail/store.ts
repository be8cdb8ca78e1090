import type { MailSubscriptionKind } from '../db/schema'
import { randomId } from '../lib/crypto'
import { REQUESTS_PER_DAY } from './settings'

/**
 * Mail's D1 rows (migration 0006), in plain SQL over the binding: subscriptions, the comments whose
 * authors asked for replies, the requests the abuse limit counts. Every multi-row change is one batch.
 */

export interface Subscription {
  id: string
  email: string
  kind: MailSubscriptionKind
  essaySlug: string
  createdAt: number
  confirmedAt: number | null
  lastSentAt: number | null
}

const SUBSCRIPTION_COLUMNS = `id, email, kind, essay_slug AS essaySlug, created_at AS createdAt,
  confirmed_at AS confirmedAt, last_sent_at AS lastSentAt`

const DAY_MS = 86_400_000

export async function findSubscription(db: D1Database, id: string): Promise<Subscription | null> {
  return db
    .prepare(`SELECT ${SUBSCRIPTION_COLUMNS} FROM mail_subscriptions WHERE id = ?`)
    .bind(id)
    .first<Subscription>()
}

export type RequestOutcome =
  /** A confirmation should be sent for this subscription. */
  | { send: true; subscriptionId: string }
  /** Nothing to send: already confirmed, or over the daily limit (the reader is told the same either way). */
  | { send: false; why: 'confirmed' | 'limit' }

/**
 * A request to follow something: the subscription row (unconfirmed) if there is none, and one
 * counted request. Over 3 requests per address, or per IP hash, in the last day: nothing is written
 * and nothing sent. Already confirmed: nothing to send.
 */
export async function requestSubscription(
  db: D1Database,
  target: { email: string; kind: MailSubscriptionKind; essaySlug: string },
  ipHash: string | null,
  now = Date.now(),
): Promise<RequestOutcome> {
  const since = now - DAY_MS
  const counts = await db
    .prepare(
      `SELECT
        (SELECT count(*) FROM mail_requests WHERE email = ?1 AND at > ?2) AS byEmail,
        (SELECT count(*) FROM mail_requests WHERE ?3 IS NOT NULL AND ip_hash = ?3 AND at > ?2) AS byIp,
        (SELECT confirmed_at FROM mail_subscriptions WHERE email = ?1 AND kind = ?4 AND essay_slug = ?5) AS confirmedAt`,
    )
    .bind(target.email, since, ipHash, target.kind, target.essaySlug)
    .first<{ byEmail: number; byIp: number; confirmedAt: number | null }>()
  if (counts?.confirmedAt != null) return { send: false, why: 'confirmed' }
  if ((counts?.byEmail ?? 0) >= REQUESTS_PER_DAY || (counts?.byIp ?? 0) >= REQUESTS_PER_DAY)
    return { send: false, why: 'limit' }
  const [, , found] = await db.batch([
    db
      .prepare(
        `INSERT INTO mail_subscriptions (id, email, kind, essay_slug, created_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (email, kind, essay_slug) DO NOTHING`,
      )
      .bind(randomId(), target.email, target.kind, target.essaySlug, now),
    db
      .prepare('INSERT INTO mail_requests (email, ip_hash, at) VALUES (?, ?, ?)')
      .bind(target.email, ipHash, now),
    db
      .prepare(
        'SELECT id, confirmed_at AS confirmedAt FROM mail_subscriptions WHERE email = ? AND kind = ? AND essay_slug = ?',
      )
      .bind(target.email, target.kind, target.essaySlug),
  ])
  const row = found!.results[0] as { id: string; confirmedAt: number | null } | undefined
  if (!row) throw new Error('subscription row missing right after its insert')
  if (row.confirmedAt !== null) return { send: false, why: 'confirmed' }
  return { send: true, subscriptionId: row.id }
}

/** Remembers that this comment's author wants to hear about replies to it. */
export async function watchComment(
  db: D1Database,
  commentId: string,
  email: string,
  now = Date.now(),
) {
  await db
    .prepare(
      'INSERT INTO mail_watches (comment_id, email, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    )
    .bind(commentId, email, now)
    .run()
}

/** Confirms once: 'confirmed' now, 'already' on a second click, 'gone' when the row no longer exists. */
export async function confirmSubscription(
  db: D1Database,
  id: string,
  now = Date.now(),
): Promise<'confirmed' | 'already' | 'gone'> {
  const [update, read] = await db.batch([
    db
      .prepare(
        'UPDATE mail_subscriptions SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL',
      )
      .bind(now, id),
    db.prepare('SELECT id FROM mail_subscriptions WHERE id = ?').bind(id),
  ])
  if (update!.meta.changes > 0) return 'confirmed'
  return read!.results.length ? 'already' : 'gone'
}

/** Leaving deletes: this subscription, or everything stored for its address. Answers how many rows went. */
export async function unsubscribe(
  db: D1Database,
  id: string,
  scope: 'this' | 'all',
): Promise<number> {
  if (scope === 'this') {
    const result = await db.prepare('DELETE FROM mail_subscriptions WHERE id = ?').bind(id).run()
    return result.meta.changes
  }
  const sub = await findSubscription(db, id)
  if (!sub) return 0
  return forgetAddress(db, sub.email)
}

/**
 * Every subscription and watch of one address, gone in one batch. With `auditActor` (a moderator),
 * the audit row is in the same batch, counting the subscriptions it removes (never the address).
 */
export async function forgetAddress(
  db: D1Database,
  email: string,
  auditActor?: string,
  now = Date.now(),
): Promise<number> {
  const audit = auditActor
    ? [
        db
          .prepare(
            `INSERT INTO audit_log (at, actor, action, detail)
             SELECT ?, ?, 'mail-unsubscribe', json_object('subscriptions', count(*)) FROM mail_subscriptions WHERE email = ?`,
          )
          .bind(now, auditActor, email),
      ]
    : []
  const results = await db.batch([
    ...audit,
    db.prepare('DELETE FROM mail_subscriptions WHERE email = ?').bind(email),
    db.prepare('DELETE FROM mail_watches WHERE email = ?').bind(email),
    db.prepare('DELETE FROM mail_requests WHERE email = ?').bind(email),
  ])
  return results[audit.length]!.meta.changes
}
