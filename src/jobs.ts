import { Context } from 'hono'
import type { AppEnv, Env } from './env'
import { describeError, log } from './lib/log'

/**
 * The background seam, beside events.ts: work that runs outside a request. A feature exports its
 * queue consumer and its cron task; src/index.ts registers them here with `onQueue` / `onCron`, and
 * the worker's `queue` and `scheduled` entry points dispatch to them. So no feature imports another to
 * get its messages delivered, and one feature's failing task never stops another's.
 */

export type QueueConsumer = (
  batch: MessageBatch<unknown>,
  env: Env,
  ctx: ExecutionContext,
) => Promise<void>

export type CronTask = (
  env: Env,
  ctx: ExecutionContext,
  controller: ScheduledController,
) => Promise<void>

const consumers = new Map<string, QueueConsumer>()
const cronTasks: { name: string; task: CronTask }[] = []

/** Registers the consumer of one queue, by the queue's name in wrangler.toml (`[[queues.consumers]] queue`). */
export function onQueue(queue: string, consumer: QueueConsumer): void {
  if (consumers.has(queue)) throw new Error(`queue ${queue} already has a consumer`)
  consumers.set(queue, consumer)
}

/** Registers a task for every Cron Trigger (`[triggers] crons`); each decides from the time what is due. */
export function onCron(name: string, task: CronTask): void {
  cronTasks.push({ name, task })
}

/** The worker's `queue` entry point. */
export async function runQueue(
  batch: MessageBatch<unknown>,
  env: Env,
  ctx: ExecutionContext,
): Promise<void> {
  const consumer = consumers.get(batch.queue)
  if (!consumer) {
    // A message nobody reads would loop forever: say so and let the queue's retry limit end it.
    log(null, 'error', 'no consumer for queue', {
      queue: batch.queue,
      messages: batch.messages.length,
    })
    batch.retryAll()
    return
  }
  await consumer(batch, env, ctx)
}

/** The worker's `scheduled` entry point: every task runs, each on its own. */
export async function runCron(
  controller: ScheduledController,
  env: Env,
  ctx: ExecutionContext,
): Promise<void> {
  // Each task starts on its own promise, so one that throws before its first await stops no other.
  const results = await Promise.allSettled(
    cronTasks.map(({ task }) => Promise.resolve().then(() => task(env, ctx, controller))),
  )
  results.forEach((result, i) => {
    if (result.status === 'rejected') {
      log(null, 'error', 'cron task failed', {
        task: cronTasks[i]?.name,
        cron: controller.cron,
        error: describeError(result.reason),
      })
    }
  })
}

/**
 * A context for `emit` (src/events.ts) outside a request: queue consumers and cron tasks announce
 * 'comment.held' and 'essays.changed' like request handlers do; the handlers' work joins `ctx`.
 */
export function jobContext(env: Env, ctx: ExecutionContext): Context<AppEnv> {
  return new Context<AppEnv>(new Request('https://background.invalid/'), { env, executionCtx: ctx })
}
