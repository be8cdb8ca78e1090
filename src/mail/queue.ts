import * as v from 'valibot'
import type { Env } from '../env'
import { describeError, log } from '../lib/log'
import { mailOn } from './settings'

/**
 * What travels on the mail queue: ids, never rendered text or addresses (the consumer reads the rows,
 * so a message for a deleted comment or subscription finds nothing and sends nothing).
 */
export const mailJob = v.variant('kind', [
  v.object({ kind: v.literal('confirm'), subscriptionId: v.string(), requestId: v.string() }),
  v.object({ kind: v.literal('reply'), commentId: v.string() }),
  v.object({ kind: v.literal('digest'), subscriptionId: v.string() }),
  v.object({
    kind: v.literal('held'),
    commentId: v.string(),
    approveUrl: v.string(),
    spamUrl: v.string(),
  }),
])
export type MailJob = v.InferOutput<typeof mailJob>

/** Enqueues jobs; false (logged) when mail is off or the queue refused them. Never throws. */
export async function enqueue(env: Env, jobs: MailJob[]): Promise<boolean> {
  if (!jobs.length || !mailOn(env)) return false
  try {
    // sendBatch takes at most 100 messages.
    for (let i = 0; i < jobs.length; i += 100)
      await env.MAIL_QUEUE.sendBatch(jobs.slice(i, i + 100).map((body) => ({ body })))
    return true
  } catch (error) {
    log(null, 'error', 'enqueuing mail failed', {
      kinds: [...new Set(jobs.map((job) => job.kind))],
      error: describeError(error),
    })
    return false
  }
}

/** Seconds before the next try: 30 s, 1, 2, 4, 8 minutes (the 5th failure goes to the dead-letter queue). */
export const retryDelay = (attempts: number) => Math.min(30 * 2 ** Math.max(attempts - 1, 0), 3600)
