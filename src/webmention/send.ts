import { absoluteUrl, config } from '../config'
import type { SentStatus } from '../db/schema'
import type { Env } from '../env'
import { FetchRefused, safeFetch, type SafeResponse } from '../lib/safe-fetch'
import { essayPath } from '../lib/urls'
import { discoverEndpoint } from './discovery'
import type { Outcome } from './verify'

/**
 * Sending one Webmention (W3C Webmention §3.1): fetch the linked page, discover its endpoint,
 * POST `source` (the essay) and `target` (the link) as a form, and record what happened in
 * webmentions_sent. Network trouble and 5xx/429 are retried by the queue; the rest is recorded.
 */

const MAX_ATTEMPTS = 5

export async function sendOne(
  env: Env,
  slug: string,
  target: string,
  attempts: number,
  now = Date.now(),
): Promise<Outcome> {
  const row = await env.DB.prepare(
    `SELECT status FROM webmentions_sent WHERE essay_slug = ? AND target = ?`,
  )
    .bind(slug, target)
    .first<{ status: SentStatus }>()
  if (!row) return 'done'
  const policy = config(env).remoteFetch
  const record = (
    status: SentStatus,
    detail: string | null,
    endpoint: string | null = null,
    httpStatus: number | null = null,
  ) =>
    env.DB.prepare(
      `UPDATE webmentions_sent SET status = ?, detail = ?, endpoint = ?, http_status = ?,
         attempts = attempts + 1, updated_at = ? WHERE essay_slug = ? AND target = ?`,
    )
      .bind(status, detail, endpoint, httpStatus, now, slug, target)
      .run()
  const retryOr = async (detail: string): Promise<Outcome> => {
    if (attempts < MAX_ATTEMPTS) return 'retry'
    await record('failed', detail)
    return 'done'
  }

  let page: SafeResponse
  try {
    page = await safeFetch(target, policy, {
      headers: {
        accept: 'text/html, application/xhtml+xml, */*;q=0.5',
        'user-agent': 'edge-blog Webmention',
      },
    })
  } catch (error) {
    if (!(error instanceof FetchRefused)) throw error
    if (error.reason === 'network' || error.reason === 'timeout') return retryOr(error.message)
    await record('failed', `${error.reason}: ${error.message}`)
    return 'done'
  }
  if (page.status >= 500 || page.status === 429) return retryOr(`the page answered ${page.status}`)
  const type = (page.headers.get('content-type') ?? '').toLowerCase()
  const endpoint = await discoverEndpoint({
    url: page.url,
    headers: page.headers,
    html: type === '' || type.includes('html') ? page.text() : null,
  })
  if (!endpoint) {
    await record('no-endpoint', null)
    return 'done'
  }
  let answer: SafeResponse
  try {
    answer = await safeFetch(endpoint, policy, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': 'edge-blog Webmention',
      },
      body: new URLSearchParams({ source: absoluteUrl(env, essayPath(slug)), target }).toString(),
      maxBytes: 64 * 1024,
    })
  } catch (error) {
    if (!(error instanceof FetchRefused)) throw error
    if (error.reason === 'network' || error.reason === 'timeout') return retryOr(error.message)
    await record('failed', `${error.reason}: ${error.message}`, endpoint)
    return 'done'
  }
  if (answer.status >= 200 && answer.status < 300) {
    await record('sent', answer.headers.get('location'), endpoint, answer.status)
    return 'done'
  }
  if (answer.status >= 500 || answer.status === 429)
    return retryOr(`the endpoint answered ${answer.status}`)
  await record('failed', `the endpoint answered ${answer.status}`, endpoint, answer.status)
  return 'done'
}
