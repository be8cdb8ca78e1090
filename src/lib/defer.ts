import type { Context } from 'hono'
import { describeError, log } from './log'

/**
 * The one way to do work after the answer is sent: `c.executionCtx.waitUntil`, with failures logged
 * (never thrown at the reader, who already has their answer). Where there is no execution context
 * (a test calling `app.request`), the task still runs to completion on its own.
 */
export function defer(c: Context, task: Promise<unknown>, what: string): void {
  const settled = task.catch((error) =>
    log(c, 'error', `background task failed: ${what}`, { error: describeError(error) }),
  )
  try {
    c.executionCtx.waitUntil(settled)
  } catch {
    // No ExecutionContext here; `settled` runs regardless and cannot reject.
  }
}
