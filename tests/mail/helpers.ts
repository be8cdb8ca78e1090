import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test'
import worker, { app } from '../../src/index'
import type { Env } from '../../src/env'
import { mintFormToken, uniq } from '../comments/helpers'
import { SEED_SLUG, SITE } from '../helpers/http'

/**
 * A mail-on copy of the test env: MAIL_FROM and MODERATOR_EMAIL set, the real EMAIL binding
 * (Miniflare's send_email simulation, which checks and logs each message) behind a recorder, and a
 * queue producer that records what the app enqueues, so each test delivers its own messages to the
 * real consumer with `createMessageBatch` (never another test's).
 */

export interface SentMail {
  from: { email: string; name: string }
  to: string
  subject: string
  text: string
  html: string
  headers: Record<string, string>
  replyTo?: string
}

export const MODERATOR = 'moderator@blog.test'

export function mailEnv(extra: Partial<Record<keyof Env, unknown>> = {}) {
  const queued: unknown[] = []
  const sent: SentMail[] = []
  const queue = {
    async send(body: unknown) {
      queued.push(structuredClone(body))
    },
    async sendBatch(messages: { body: unknown }[]) {
      for (const message of messages) queued.push(structuredClone(message.body))
    },
  }
  const email = {
    async send(message: SentMail) {
      sent.push(message)
      return env.EMAIL.send(message as never)
    },
  }
  const testEnv = {
    ...env,
    MAIL_FROM: 'blog@blog.test',
    MODERATOR_EMAIL: MODERATOR,
    MAIL_QUEUE: queue,
    EMAIL: email,
    ...extra,
  } as unknown as Env
  let attempt = 0
  return {
    env: testEnv,
    queued,
    sent,
    /** A request through the app with this env; deferred work (events) has finished when it resolves. */
    async fetch(path: string, init: RequestInit = {}) {
      const ctx = createExecutionContext()
      const res = await app.fetch(
        new Request(SITE + path, { redirect: 'manual', ...init }),
        testEnv,
        ctx,
      )
      await waitOnExecutionContext(ctx)
      return res
    },
    /** Hands everything queued so far to the worker's queue entry point; answers the ack/retry state. */
    async deliver(
      messages = queued.splice(0),
      options: { attempts?: number; queue?: string } = {},
    ) {
      const batch = createMessageBatch(
        options.queue ?? 'edge-blog-mail',
        messages.map((body) => ({
          id: `m${++attempt}-${uniq()}`,
          timestamp: new Date(),
          attempts: options.attempts ?? 1,
          body,
        })),
      )
      // The pool's result says which messages were retried, not with what delay: record that here.
      const delays: (number | undefined)[] = []
      for (const message of batch.messages) {
        const retry = message.retry.bind(message)
        Object.defineProperty(message, 'retry', {
          value: (options?: QueueRetryOptions) => {
            delays.push(options?.delaySeconds)
            retry(options)
          },
        })
      }
      const ctx = createExecutionContext()
      await worker.queue(batch, testEnv, ctx)
      return { ...(await getQueueResult(batch, ctx)), delays }
    },
  }
}

export type MailTest = ReturnType<typeof mailEnv>

export async function postComment(
  t: MailTest,
  fields: Record<string, string>,
  ip: string,
): Promise<Response> {
  const body = new URLSearchParams({
    name: 'Reader',
    body: `A comment ${uniq()}`,
    token: await mintFormToken(),
    ...fields,
  })
  return t.fetch(`/essays/${SEED_SLUG}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ip },
    body,
  })
}

export const commentIdFrom = (res: Response) =>
  /#comment-([A-Za-z0-9_-]+)$/.exec(res.headers.get('Location') ?? '')?.[1]

export function approve(t: MailTest, id: string) {
  return t.fetch(`/api/admin/comments/${id}/approve`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` },
  })
}

export function subscribe(t: MailTest, email: string, ip: string, slug = SEED_SLUG) {
  return t.fetch(`/essays/${slug}/subscribe`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ip },
    body: new URLSearchParams({ email }),
  })
}

/** The first link in a mail's text part that starts with this path. */
export function linkIn(mail: SentMail, path: string): string {
  const found = mail.text.split(/\s/).find((word) => word.startsWith(`${SITE}${path}`))
  if (!found) throw new Error(`no ${path} link in: ${mail.text}`)
  return found.slice(SITE.length)
}

export const mailsTo = (t: MailTest, address: string) => t.sent.filter((m) => m.to === address)
