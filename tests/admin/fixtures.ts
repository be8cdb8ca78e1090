import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { eq } from 'drizzle-orm'
import worker from '../../src/index'
import { database } from '../../src/db/client'
import { auditLog, comments, type Comment, type NewComment } from '../../src/db/schema'
import { randomId } from '../../src/lib/crypto'
import { get, SEED_SLUG, SITE } from '../helpers/http'

/** Test data for the admin: comments inserted straight into D1, each with fresh ids and emails. */

export const db = () => database(env.DB)

let clock = Date.UTC(2024, 0, 1)

export async function addComment(overrides: Partial<NewComment> = {}): Promise<Comment> {
  clock += 1000
  const id = randomId()
  const row: NewComment = {
    id,
    essaySlug: SEED_SLUG,
    authorName: `Reader ${id.slice(0, 6)}`,
    authorEmail: `reader-${id.slice(0, 8).toLowerCase()}@example.com`,
    authorUrl: null,
    body: `A comment ${id}`,
    status: 'pending',
    createdAt: clock,
    updatedAt: clock,
    ipHash: `iphash-${id.slice(0, 8)}`,
    userAgent: 'TestBrowser/1.0',
    spamSignals: null,
    ...overrides,
  }
  await db().insert(comments).values(row)
  return (await findRow(row.id))!
}

export async function findRow(id: string): Promise<Comment | undefined> {
  return db().select().from(comments).where(eq(comments.id, id)).get()
}

export async function auditFor(id: string) {
  return db().select().from(auditLog).where(eq(auditLog.commentId, id)).orderBy(auditLog.id)
}

export const bearer = (token = env.ADMIN_TOKEN!) => ({ Authorization: `Bearer ${token}` })

/** A JSON API call with the admin token. */
export function api(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...bearer(), ...init.headers }
  if (init.body !== undefined) headers['Content-Type'] = 'application/json'
  return get(`/api/admin${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
}

/** Signs in through the login form; returns the Cookie header and the dashboard's CSRF token. */
export async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const res = await get('/admin/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE },
    body: new URLSearchParams({ token: env.ADMIN_TOKEN!, next: '/admin' }),
  })
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`)
  const cookie = res.headers.get('Set-Cookie')!.split(';')[0]!
  const page = await (await get('/admin', { headers: { Cookie: cookie } })).text()
  const csrf = page.match(/name="csrf" value="([^"]+)"/)?.[1]
  if (!csrf) throw new Error('no CSRF token on the dashboard')
  return { cookie, csrf }
}

/** A browser form post from our own origin (override headers to play a cross-site attacker). */
export function formPost(
  path: string,
  fields: Record<string, string | string[]>,
  headers: Record<string, string> = {},
) {
  const body = new URLSearchParams()
  for (const [key, value] of Object.entries(fields))
    for (const v of [value].flat()) body.append(key, v)
  return get(path, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: SITE,
      'Sec-Fetch-Site': 'same-origin',
      ...headers,
    },
    body,
  })
}

/** The worker with a different env (unset secrets, Access settings), through its real fetch. */
export async function fetchWith(
  overrides: Record<string, unknown>,
  path: string,
  init: RequestInit = {},
) {
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request(SITE + path, { redirect: 'manual', ...init }),
    { ...env, ...overrides } as typeof env,
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}
