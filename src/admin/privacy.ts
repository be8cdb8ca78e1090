import { eq, sql } from 'drizzle-orm'
import type { Database } from '../db/client'
import {
  auditLog,
  comments,
  mailRequests,
  mailSubscriptions,
  mailWatches,
  type Comment,
} from '../db/schema'
import { auditSelect } from './moderate'

/** Privacy requests: everything stored for one email address, and erasing it (bodies kept). */

/**
 * `email` arrives lowercased (`storedEmail`, with JS's full Unicode folding). The column goes through
 * SQLite's lower() as well, which folds ASCII only, for rows an importer stored with capitals in the
 * local part after the migration lowered the older ones. (COLLATE NOCASE, used before, folds ASCII
 * only on both sides, so "ÉLODIE@…" never found "élodie@…".)
 */
const byEmail = (email: string) => sql`lower(${comments.authorEmail}) = ${email}`

export async function commentsByEmail(db: Database, email: string): Promise<Comment[]> {
  return db.select().from(comments).where(byEmail(email)).orderBy(comments.createdAt, comments.id)
}

/** The mail subscriptions of this address (what it follows, since when, confirmed or not). */
export async function subscriptionsByEmail(db: Database, email: string) {
  return db
    .select({
      kind: mailSubscriptions.kind,
      essaySlug: mailSubscriptions.essaySlug,
      createdAt: mailSubscriptions.createdAt,
      confirmedAt: mailSubscriptions.confirmedAt,
    })
    .from(mailSubscriptions)
    .where(eq(mailSubscriptions.email, email))
    .orderBy(mailSubscriptions.createdAt)
}

/**
 * Erase also unsubscribes: the address's subscriptions, watched comments and counted requests go,
 * with one audit row saying how many subscriptions (not the address), in the same batch.
 */
function eraseMail(db: Database, email: string, actor: string, now: number, subscriptions: number) {
  return [
    db.insert(auditLog).values({
      at: now,
      actor,
      action: 'erase',
      detail: JSON.stringify({ subscriptions }),
    }),
    db.delete(mailSubscriptions).where(eq(mailSubscriptions.email, email)),
    db.delete(mailWatches).where(eq(mailWatches.email, email)),
    db.delete(mailRequests).where(eq(mailRequests.email, email)),
  ] as const
}

/** Anonymises every comment by this email (bodies kept), with one audit row per comment, in one batch. */
export async function eraseByEmail(
  db: Database,
  email: string,
  actor: string,
  now = Date.now(),
): Promise<{ ids: string[]; slugs: string[]; subscriptions: number }> {
  const rows = await db
    .select({ id: comments.id, essaySlug: comments.essaySlug })
    .from(comments)
    .where(byEmail(email))
  const subscriptions = (await subscriptionsByEmail(db, email)).length
  const mail = eraseMail(db, email, actor, now, subscriptions)
  if (!rows.length) {
    if (subscriptions) await db.batch(mail)
    return { ids: [], slugs: [], subscriptions }
  }
  await db.batch([
    ...mail,
    db
      .insert(auditLog)
      .select(
        auditSelect(sql`${now}, ${actor}, 'erase', id, status, status, NULL`, byEmail(email)),
      ),
    db
      .update(comments)
      .set({
        authorName: 'Anonymous',
        authorEmail: '',
        authorUrl: null,
        ipHash: null,
        userAgent: null,
        updatedAt: now,
      })
      .where(byEmail(email)),
  ])
  return {
    ids: rows.map((row) => row.id),
    slugs: [...new Set(rows.map((row) => row.essaySlug))],
    subscriptions,
  }
}
