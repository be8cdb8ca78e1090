import { sql } from 'drizzle-orm'
import type { Database } from '../db/client'
import { auditLog, comments, type Comment } from '../db/schema'
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

/** Anonymises every comment by this email (bodies kept), with one audit row per comment, in one batch. */
export async function eraseByEmail(
  db: Database,
  email: string,
  actor: string,
  now = Date.now(),
): Promise<{ ids: string[]; slugs: string[] }> {
  const rows = await db
    .select({ id: comments.id, essaySlug: comments.essaySlug })
    .from(comments)
    .where(byEmail(email))
  if (!rows.length) return { ids: [], slugs: [] }
  await db.batch([
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
  return { ids: rows.map((row) => row.id), slugs: [...new Set(rows.map((row) => row.essaySlug))] }
}
