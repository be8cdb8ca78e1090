import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { vi } from 'vitest'
import worker from '../../src/index'
import { get, SEED_SLUG, SITE } from '../helpers/http'

/**
 * Local fake sites for the open-web tests: `globalThis.fetch` answers public-looking https hosts
 * (`*.example`) from a registry of real-shaped pages, so the worker's safeFetch runs unchanged.
 * One stub per file, keyed by URL: whatever fetches (the test's direct consumer call or Miniflare's
 * own queue delivery) sees the same pages, so every outcome converges. Unknown URLs fail like an
 * unreachable host does.
 */

export interface FakePage {
  status?: number
  headers?: HeadersInit
  body?: string
}

type Handler = FakePage | ((request: Request) => FakePage)

const pages = new Map<string, Handler>()
export const seen: Request[] = []

export function serve(url: string, page: Handler): void {
  pages.set(url, page)
}

export function html(body: string, headers: [string, string][] = []): FakePage {
  return { headers: [['content-type', 'text/html; charset=utf-8'], ...headers], body }
}

export function installFakeWeb() {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init as RequestInit)
    seen.push(request.clone())
    const handler = pages.get(request.url)
    if (!handler) throw new TypeError(`fake web: nothing at ${request.url}`)
    const page = typeof handler === 'function' ? handler(request) : handler
    return new Response(page.body ?? '', { status: page.status ?? 200, headers: page.headers })
  })
}

export const ESSAY_URL = `${SITE}/essays/${SEED_SLUG}`

let n = 0
/** A fresh fake site per test, so no two tests share a source. */
export const site = (name = 'blog') => `https://${name}${Date.now().toString(36)}${++n}.example`

export function postMention(source: string, target: string) {
  return get('/webmention', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ source, target }).toString(),
  })
}

/** Runs the queue consumer on one message, as the Queues runtime would; answers ack/retry. */
export async function deliver(body: unknown, attempts = 1) {
  const batch = createMessageBatch('edge-blog-webmention', [
    { id: `m${++n}`, timestamp: new Date(), attempts, body },
  ])
  const ctx = createExecutionContext()
  await worker.queue(batch, env, ctx)
  return getQueueResult(batch, ctx)
}

/** The status id from a 202's Location. */
export const statusId = (location: string) => location.split('/').pop()!

export async function receivedRow(source: string) {
  return env.DB.prepare(`SELECT * FROM webmentions_received WHERE source = ?`)
    .bind(source)
    .first<Record<string, unknown>>()
}
