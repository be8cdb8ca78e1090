import type { Context } from 'hono'

/**
 * The one logger: a JSON line per event, with the request id when there is a request, so a
 * reader's "Reference: <id>" finds its line in `wrangler tail` or Workers Logs.
 */

export type LogLevel = 'info' | 'warn' | 'error'

type RequestLike = Pick<Context, 'get'> | null | undefined

export function log(
  c: RequestLike,
  level: LogLevel,
  message: string,
  fields: Record<string, unknown> = {},
): void {
  let requestId: unknown
  try {
    requestId = c?.get('requestId')
  } catch {
    // Outside a request (queue, cron, tests calling a function directly): no id to add.
  }
  const line = JSON.stringify({ level, ...(requestId ? { requestId } : {}), message, ...fields })
  if (level === 'error') console.error(line)
  else if (level === 'warn') console.warn(line)
  else console.log(line)
}

/** An error as a log field: its message (and name when it is not a plain Error). */
export function describeError(error: unknown): string {
  return error instanceof Error
    ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`
    : String(error)
}
