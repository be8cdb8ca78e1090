import type { MentionKind, ReceivedStatus } from '../db/schema'
import { randomId } from '../lib/crypto'

/** The webmentions_received rows (migration 0008): one per (source, target). */

export interface ReceivedRow {
  id: string
  source: string
  target: string
  essay_slug: string
  status: ReceivedStatus
  kind: MentionKind | null
  detail: string | null
  received_at: number
  updated_at: number
  verified_at: number | null
}

/** A new mention, or a repeat of one (queued again, same status page). Answers its id. */
export async function recordReceived(
  db: D1Database,
  mention: { source: string; target: string; essaySlug: string },
  now: number,
): Promise<string> {
  const row = await db
    .prepare(
      `INSERT INTO webmentions_received (id, source, target, essay_slug, status, received_at, updated_at)
       VALUES (?, ?, ?, ?, 'queued', ?, ?)
       ON CONFLICT(source, target) DO UPDATE SET status = 'queued', detail = NULL,
         updated_at = excluded.updated_at
       RETURNING id`,
    )
    .bind(randomId(), mention.source, mention.target, mention.essaySlug, now, now)
    .first<{ id: string }>()
  return row!.id
}

export const findReceived = (db: D1Database, id: string) =>
  db.prepare(`SELECT * FROM webmentions_received WHERE id = ?`).bind(id).first<ReceivedRow>()

export function settleReceived(
  db: D1Database,
  id: string,
  outcome: { status: ReceivedStatus; kind?: MentionKind | null; detail: string | null },
  now: number,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webmentions_received SET status = ?, kind = COALESCE(?, kind), detail = ?,
         updated_at = ?, verified_at = ? WHERE id = ?`,
    )
    .bind(outcome.status, outcome.kind ?? null, outcome.detail, now, now, id)
}

export const listReceived = (db: D1Database, limit = 100) =>
  db
    .prepare(`SELECT * FROM webmentions_received ORDER BY updated_at DESC LIMIT ?`)
    .bind(limit)
    .all<ReceivedRow>()
