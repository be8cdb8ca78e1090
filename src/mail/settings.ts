import { config, type MailSettings } from '../config'
import type { Env } from '../env'

/**
 * Mail is on when config says so (MAIL_FROM, SECRET_KEY, the transport's secret) and the bindings it
 * needs exist: the queue always, the EMAIL binding for the Email Service transport. Anything missing
 * means off: no form, no checkbox, no message, never an error for readers.
 */
export function mailOn(env: Env): MailSettings | null {
  const mail = config(env).mail
  if (!mail || !env.MAIL_QUEUE) return null
  if (mail.transport === 'email-service' && !env.EMAIL) return null
  return mail
}

/** The queue names in wrangler.toml (`[[queues.consumers]] queue`). */
export const MAIL_QUEUE = 'edge-blog-mail'
export const MAIL_DLQ = 'edge-blog-mail-dlq'

/** A confirmation link works this long; unconfirmed subscriptions are deleted after it. */
export const CONFIRM_SECONDS = 7 * 86400
/** Unsubscribe links must keep working in old mail: ten years. */
export const UNSUBSCRIBE_SECONDS = 10 * 365 * 86400
/** Confirmation requests per address, and per IP hash, per day. */
export const REQUESTS_PER_DAY = 3
