import type { Env } from '../env'
import type { RemoteActor } from './remote'

/**
 * The fediverse's D1 rows (migration 0007) plus the comments and responses it writes. Raw SQL, each
 * change one statement or one batch, so nothing is half-written.
 */

/** How long a fetched actor and key are trusted before they are fetched again. */
export const ACTOR_TTL_MS = 24 * 3600_000
/** Permanent refusals in a row (410, other 4xx) before a follower is dropped. */
export const DEAD_FOLLOWER_FAILURES = 3

export async function cachedActor(env: Env, keyId: string, now: number) {
  const row = await env.DB.prepare(
    `SELECT key_id AS keyId, actor_id AS id, public_key_pem AS publicKeyPem, inbox,
       shared_inbox AS sharedInbox, name, username, url
     FROM fediverse_actors WHERE key_id = ?1 AND expires_at > ?2`,
  )
    .bind(keyId, now)
    .first<RemoteActor>()
  return row ?? null
}

export async function storeActor(env: Env, actor: RemoteActor, now: number) {
  await env.DB.prepare(
    `INSERT INTO fediverse_actors (key_id, actor_id, public_key_pem, inbox, shared_inbox, name, username,
       url, fetched_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
     ON CONFLICT (key_id) DO UPDATE SET actor_id = ?2, public_key_pem = ?3, inbox = ?4, shared_inbox = ?5,
       name = ?6, username = ?7, url = ?8, fetched_at = ?9, expires_at = ?10`,
  )
    .bind(
      actor.keyId,
      actor.id,
      actor.publicKeyPem,
      actor.inbox,
      actor.sharedInbox,
      actor.name,
      actor.username,
      actor.url,
      now,
      now + ACTOR_TTL_MS,
    )
    .run()
}

/** True when the actor or its host is blocked. */
export async function isBlocked(env: Env, actorId: string): Promise<boolean> {
  let host: string
  try {
    host = new URL(actorId).hostname.toLowerCase()
  } catch {
    return true
  }
  const row = await env.DB.prepare(
    `SELECT 1 AS hit FROM fediverse_blocks WHERE (kind = 'account' AND target = ?1)
       OR (kind = 'instance' AND target = ?2) LIMIT 1`,
  )
    .bind(actorId, host)
    .first()
  return row !== null
}

/** Records a signature as seen; false when it was already (a replay). Expired ones are pruned here. */
export async function firstSighting(env: Env, hash: string, expiresAt: number, now: number) {
  const [, inserted] = await env.DB.batch([
    env.DB.prepare('DELETE FROM fediverse_seen_signatures WHERE expires_at < ?1').bind(now),
    env.DB.prepare(
      'INSERT INTO fediverse_seen_signatures (hash, expires_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING',
    ).bind(hash, expiresAt),
  ])
  return (inserted?.meta.changes ?? 0) > 0
}

export async function addFollower(
  env: Env,
  follower: { actorId: string; inbox: string; sharedInbox: string | null; followId: string },
  now: number,
) {
  await env.DB.prepare(
    `INSERT INTO fediverse_followers (actor_id, inbox, shared_inbox, follow_id, failures, created_at, updated_at)
     VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5)
     ON CONFLICT (actor_id) DO UPDATE SET inbox = ?2, shared_inbox = ?3, follow_id = ?4, failures = 0, updated_at = ?5`,
  )
    .bind(follower.actorId, follower.inbox, follower.sharedInbox, follower.followId, now)
    .run()
}

export async function removeFollower(env: Env, actorId: string) {
  await env.DB.prepare('DELETE FROM fediverse_followers WHERE actor_id = ?1').bind(actorId).run()
}

export async function followerCount(env: Env): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM fediverse_followers').first<{
    n: number
  }>()
  return row?.n ?? 0
}

export async function followerPage(env: Env, limit: number, offset: number): Promise<string[]> {
  const { results } = await env.DB.prepare(
    'SELECT actor_id AS id FROM fediverse_followers ORDER BY created_at, actor_id LIMIT ?1 OFFSET ?2',
  )
    .bind(limit, offset)
    .all<{ id: string }>()
  return results.map((row) => row.id)
}

/** Every distinct inbox to reach all followers: a server's shared inbox once, else each inbox. */
export async function followerInboxes(env: Env): Promise<string[]> {
  const { results } = await env.DB.prepare(
    'SELECT DISTINCT coalesce(shared_inbox, inbox) AS inbox FROM fediverse_followers ORDER BY 1',
  ).all<{ inbox: string }>()
  return results.map((row) => row.inbox)
}

/**
 * A permanent refusal from an inbox: 410 drops its followers at once; other 4xx count, and drop them
 * after DEAD_FOLLOWER_FAILURES in a row. Returns how many followers were dropped.
 */
export async function recordInboxRefusal(env: Env, inbox: string, gone: boolean, now: number) {
  const [, dropped] = await env.DB.batch([
    env.DB.prepare(
      `UPDATE fediverse_followers SET failures = failures + 1, updated_at = ?2
       WHERE inbox = ?1 OR shared_inbox = ?1`,
    ).bind(inbox, now),
    env.DB.prepare(
      `DELETE FROM fediverse_followers WHERE (inbox = ?1 OR shared_inbox = ?1) AND (?2 = 1 OR failures >= ?3)`,
    ).bind(inbox, gone ? 1 : 0, DEAD_FOLLOWER_FAILURES),
  ])
  return dropped?.meta.changes ?? 0
}

export async function recordInboxSuccess(env: Env, inbox: string, now: number) {
  await env.DB.prepare(
    `UPDATE fediverse_followers SET failures = 0, updated_at = ?2
     WHERE (inbox = ?1 OR shared_inbox = ?1) AND failures > 0`,
  )
    .bind(inbox, now)
    .run()
}
