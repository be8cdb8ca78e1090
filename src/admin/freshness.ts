import type { Context } from 'hono'
import { emitAndWait } from '../events'
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
