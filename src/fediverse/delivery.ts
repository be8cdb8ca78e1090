import { config } from '../config'
import type { Env } from '../env'
import { describeError, log } from '../lib/log'
import { FetchRefused, safeFetch } from '../lib/safe-fetch'
import { localKeys } from './keys'
import { signedHeaders } from './signatures'
import { recordInboxRefusal, recordInboxSuccess } from './store'
import { fediUrls } from './urls'

/**
 * Deliveries through the `edge-blog-fediverse` queue: one message per (activity, inbox), so one
 * host's failures never delay another's. Each message is signed when it is sent (a fresh Date, so a
 * retry is never refused as stale). 2xx: done. 410: that inbox's followers are dropped. Other 4xx
 * (but 408/429): not retried, counted against its followers (dropped after a few in a row). 5xx,
 * 408, 429 and network errors: retried with backoff by attempt, then the dead-letter queue.
 */

export const QUEUE_NAME = 'edge-blog-fediverse'
/** Matches `max_retries` of the consumer in wrangler.toml. */
export const MAX_ATTEMPTS = 8
/** Messages of one sendBatch (the Queues limit is 100 per call). */
const SEND_BATCH = 100

export interface DeliveryMessage {
  activityId: string
  inbox: string
  /** The activity as JSON text, exactly what is posted. */
  json: string
}

export type Activity = { id: string; type: string } & Record<string, unknown>

/** 1 min, 2, 4, … up to 6 h: a host that is down for a day still gets the activity. */
export const backoffSeconds = (attempts: number) =>
  Math.min(60 * 2 ** Math.max(0, attempts - 1), 6 * 3600)

export async function enqueueDelivery(env: Env, activity: Activity, inboxes: readonly string[]) {
  if (!inboxes.length) return
  const json = JSON.stringify(activity)
  const messages = inboxes.map((inbox) => ({ body: { activityId: activity.id, inbox, json } }))
  const now = Date.now()
  for (let i = 0; i < messages.length; i += SEND_BATCH) {
    const chunk = messages.slice(i, i + SEND_BATCH)
    await env.DB.batch(
      chunk.map(({ body }) =>
        env.DB.prepare(
          `INSERT INTO fediverse_deliveries (activity_id, inbox, state, attempts, updated_at)
           VALUES (?1, ?2, 'queued', 0, ?3) ON CONFLICT DO NOTHING`,
        ).bind(body.activityId, body.inbox, now),
      ),
    )
    await env.FEDIVERSE_QUEUE.sendBatch(chunk)
  }
}

function isMessage(body: unknown): body is DeliveryMessage {
  const m = body as DeliveryMessage
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.activityId === 'string' &&
    typeof m.inbox === 'string' &&
    typeof m.json === 'string'
  )
}

async function record(
  env: Env,
  message: DeliveryMessage,
  state: 'delivered' | 'retrying' | 'failed',
  attempts: number,
  status: number | null,
  error: string | null,
) {
  await env.DB.prepare(
    `INSERT INTO fediverse_deliveries (activity_id, inbox, state, attempts, last_status, last_error, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
     ON CONFLICT (activity_id, inbox) DO UPDATE SET state = ?3, attempts = ?4, last_status = ?5,
       last_error = ?6, updated_at = ?7`,
  )
    .bind(
      message.activityId,
      message.inbox,
      state,
      attempts,
      status,
      error?.slice(0, 500) ?? null,
      Date.now(),
    )
    .run()
}

async function alreadyDelivered(env: Env, message: DeliveryMessage) {
  const row = await env.DB.prepare(
    `SELECT 1 AS hit FROM fediverse_deliveries WHERE activity_id = ?1 AND inbox = ?2 AND state = 'delivered'`,
  )
    .bind(message.activityId, message.inbox)
    .first()
  return row !== null
}

/** POSTs one activity to one inbox, signed as the blog. Returns the status, or throws FetchRefused. */
export async function postActivity(env: Env, inbox: string, json: string): Promise<number> {
  const settings = config(env)
  if (!settings.fediverse) throw new FetchRefused('bad-url', 'federation is off')
  const { privateKey } = await localKeys(settings.fediverse.privateKeyPem)
  const url = new URL(inbox)
  const headers = await signedHeaders(
    privateKey,
    fediUrls(settings.siteUrl, settings.fediverse).keyId,
    'POST',
    url,
    json,
  )
  // Host comes from the URL itself; fetch does not let it be set.
  delete headers.host
  const res = await safeFetch(url, settings.remoteFetch, {
    method: 'POST',
    headers,
    body: json,
    redirects: 0,
    maxBytes: 64 * 1024,
  })
  return res.status
}

async function deliverOne(env: Env, message: Message<unknown>) {
  const body = message.body
  if (!isMessage(body)) {
    log(null, 'error', 'fediverse delivery: malformed message dropped', { id: message.id })
    message.ack()
    return
  }
  if (await alreadyDelivered(env, body)) {
    message.ack()
    return
  }
  const attempts = message.attempts
  let status: number | null = null
  let error: string | null = null
  let refused = false
  try {
    status = await postActivity(env, body.inbox, body.json)
  } catch (cause) {
    error = describeError(cause)
    // A private address, a bad scheme or a redirect: trying again would be refused again.
    refused =
      cause instanceof FetchRefused && cause.reason !== 'timeout' && cause.reason !== 'network'
  }
  const now = Date.now()
  if (status !== null && status >= 200 && status < 300) {
    await record(env, body, 'delivered', attempts, status, null)
    await recordInboxSuccess(env, body.inbox, now)
    message.ack()
    return
  }
  const permanent =
    refused ||
    (status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429)
  if (permanent) {
    const dropped = await recordInboxRefusal(env, body.inbox, status === 410 || refused, now)
    await record(env, body, 'failed', attempts, status, error)
    log(null, 'warn', 'fediverse delivery refused', { inbox: body.inbox, status, dropped })
    message.ack()
    return
  }
  if (attempts >= MAX_ATTEMPTS) {
    // The queue sends it to the dead-letter queue after this; count it against the inbox's followers.
    await recordInboxRefusal(env, body.inbox, false, now)
    await record(env, body, 'failed', attempts, status, error)
    message.retry()
    return
  }
  await record(env, body, 'retrying', attempts, status, error)
  message.retry({ delaySeconds: backoffSeconds(attempts) })
}

/** The queue consumer (registered with onQueue in src/index.ts): every message on its own. */
export async function deliveryConsumer(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const results = await Promise.allSettled(
    batch.messages.map((message) => deliverOne(env, message)),
  )
  results.forEach((result, i) => {
    if (result.status === 'rejected') {
      log(null, 'error', 'fediverse delivery failed', { error: describeError(result.reason) })
      batch.messages[i]?.retry({ delaySeconds: backoffSeconds(batch.messages[i]!.attempts) })
    }
  })
}
