import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import worker from '../../src/index'
import { readerAddress } from '../../src/lib/client-ip'
import { keyedHash } from '../../src/lib/crypto'
import { utcDay } from '../../src/share/store'
import { SITE } from '../helpers/http'

let counter = 0

/** A reader's address in a /64 of its own (documentation range), so no two calls share a reader key. */
export function readerIp(): string {
  counter += 1
  const random = () => Math.floor(Math.random() * 0xffff).toString(16)
  return `2001:db8:${random()}:${(counter & 0xffff).toString(16)}::${random()}`
}

/** The reader key the worker derives from an address (the comments' IP hash). */
export const readerHashOf = (ip: string) => keyedHash(env.SECRET_KEY!, 'ip', readerAddress(ip))

/**
 * Through the worker's own fetch with an execution context we can wait on, so the deferred
 * (waitUntil) click is written before the test reads D1. `ip` is sent as CF-Connecting-IP.
 */
export async function fetchAndSettle(
  path: string,
  options: { ip?: string; init?: RequestInit; env?: Cloudflare.Env } = {},
) {
  const headers = new Headers(options.init?.headers)
  if (options.ip) headers.set('CF-Connecting-IP', options.ip)
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request(SITE + path, { redirect: 'manual', ...options.init, headers }),
    options.env ?? env,
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}

/** Reader rows stored for a reader key, in a stable order. */
export async function readerRows(readerHash: string) {
  const { results } = await env.DB.prepare(
    'SELECT day, essay_slug AS essaySlug, network FROM share_click_readers WHERE reader_hash = ? ORDER BY day, essay_slug, network',
  )
    .bind(readerHash)
    .all<{ day: string; essaySlug: string; network: string }>()
  return results
}

/** One essay's stored clicks on one network on one day (read straight from D1). */
export async function shareClicksOn(
  db: D1Database,
  essaySlug: string,
  network: string,
  day = utcDay(),
): Promise<number> {
  const row = await db
    .prepare('SELECT count FROM share_clicks WHERE essay_slug = ? AND network = ? AND day = ?')
    .bind(essaySlug, network, day)
    .first<{ count: number }>()
  return row?.count ?? 0
}
