import type { Context } from 'hono'
import { emit, emitAndWait } from '../events'
import { describeError, log } from '../lib/log'
import type { AdminEnv } from './types'

/**
 * After a moderation write, announce that what readers see of those essays changed; the app wires
 * who reacts (the essay page cache purges them, src/index.ts). Awaited, so a moderator who opens the
 * page right after sees the change. The database already holds the change, so a failed reaction is
 * logged, never reported as a failed action.
 */
export async function essaysChanged(c: Context<AdminEnv>, slugs: Iterable<string>): Promise<void> {
  const unique = [...new Set(slugs)]
  if (unique.length === 0) return
  try {
    await emitAndWait(c, 'essays.changed', { slugs: unique })
  } catch (error) {
    log(c, 'error', 'refreshing essay pages after a moderation write failed', {
      slugs: unique,
      error: describeError(error),
    })
  }
}

/**
 * After approve or restore: each changed comment may now be visible, so announce it ('comment.published';
 * mail tells the parent's author). Whoever reacts checks the comment's status when it acts, so a
 * restore that put a comment back into 'pending' sends nothing.
 */
export function commentsPublished(
  c: Context<AdminEnv>,
  action: string,
  rows: Array<{ id: string; essaySlug: string; parentId: string | null }>,
): void {
  if (action !== 'approve' && action !== 'restore') return
  for (const row of rows)
    emit(c, 'comment.published', { id: row.id, essaySlug: row.essaySlug, parentId: row.parentId })
}
