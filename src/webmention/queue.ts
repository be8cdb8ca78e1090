import type { Env } from '../env'
import { describeError, log } from '../lib/log'
import { isWebmentionMessage } from './messages'
import { sendOne } from './send'
import { verifyMention } from './verify'

/**
 * The consumer of edge-blog-webmention (registered in src/index.ts with `onQueue`): verification
 * of received mentions and sending of outgoing ones. Each message on its own: one that throws is
 * retried later (the queue's retry limit, then the dead-letter queue), the others are acknowledged.
 */
export async function webmentionConsumer(
  batch: MessageBatch<unknown>,
  env: Env,
  ctx: ExecutionContext,
): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body
    if (!isWebmentionMessage(body)) {
      log(null, 'error', 'unreadable webmention message dropped', { id: message.id })
      message.ack()
      continue
    }
    try {
      const outcome =
        body.type === 'verify'
          ? await verifyMention(env, ctx, body.id, message.attempts)
          : await sendOne(env, body.slug, body.target, message.attempts)
      if (outcome === 'retry') message.retry({ delaySeconds: 60 * message.attempts })
      else message.ack()
    } catch (error) {
      log(null, 'error', 'webmention job failed', { type: body.type, error: describeError(error) })
      message.retry({ delaySeconds: 60 * message.attempts })
    }
  }
}
