import { env } from 'cloudflare:test'
import { signToken } from '../../src/lib/crypto'
import { decodeEntities, get, SEED_SLUG } from '../helpers/http'

export { SEED_SLUG }

let counter = 0
/** A unique tag per call, so tests never share emails, IPs or bodies. */
export function uniq(prefix = 't'): string {
  counter += 1
  return `${prefix}${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 8)}`
}

export const emailFor = (tag: string) => `${tag}@example.com`

const hex16 = () => Math.floor(Math.random() * 0x10000).toString(16)

/**
 * A distinct documentation-range IPv6 reader per call: its own /64 (flood and rate limits key IPv6
 * by /64), with the counter in the third group so no two calls in a run ever share one.
 */
export function ipFor(): string {
  return `2001:db8:${(++counter & 0xffff).toString(16)}:${hex16()}::${hex16()}`
}

/** Another address in the same /64 as `ip` (a reader's device rotating its IPv6 address). */
export function sameNetwork(ip: string): string {
  return `${ip.split('::')[0]}::${hex16()}:${hex16()}`
}

/** A form token as the page would render it, old enough to pass MIN_FORM_SECONDS without sleeping. */
export function mintFormToken(
  options: { slug?: string; ageMs?: number; nonce?: string; ttl?: number; now?: number } = {},
): Promise<string> {
  const now = options.now ?? Date.now()
  return signToken(
    env.SECRET_KEY!,
    'comment-form',
    {
      s: options.slug ?? SEED_SLUG,
      t: now - (options.ageMs ?? 5000),
      n: options.nonce ?? uniq('n'),
    },
    options.ttl ?? 86400,
    now,
  )
}

export interface FormFields {
  name?: string
  email?: string
  website?: string
  body?: string
  parent_id?: string
  remember?: string
  token?: string
  homepage?: string
  [key: string]: string | undefined
}

export async function postForm(
  fields: FormFields,
  options: { ip?: string; slug?: string; headers?: Record<string, string> } = {},
) {
  const form = new URLSearchParams()
  const token = fields.token ?? (await mintFormToken({ slug: options.slug }))
  for (const [key, value] of Object.entries({ ...fields, token }))
    if (value !== undefined) form.set(key, value)
  return get(`/essays/${options.slug ?? SEED_SLUG}/comments`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'CF-Connecting-IP': options.ip ?? ipFor(),
      ...options.headers,
    },
    body: form.toString(),
  })
}

export function postJson(
  data: unknown,
  options: { ip?: string; slug?: string; headers?: Record<string, string> } = {},
) {
  return get(`/api/essays/${options.slug ?? SEED_SLUG}/comments`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'CF-Connecting-IP': options.ip ?? ipFor(),
      ...options.headers,
    },
    body: typeof data === 'string' ? data : JSON.stringify(data),
  })
}

/** A valid comment with unique author and body. */
export function validComment(tag = uniq()) {
  return { name: `Reader ${tag}`, email: emailFor(tag), body: `A thoughtful comment ${tag}.` }
}

export async function rowById(id: string) {
  return env.DB.prepare('SELECT * FROM comments WHERE id = ?')
    .bind(id)
    .first<Record<string, unknown>>()
}

export async function rowsByEmail(email: string) {
  const { results } = await env.DB.prepare('SELECT * FROM comments WHERE author_email = ?')
    .bind(email.toLowerCase())
    .all<Record<string, unknown>>()
  return results
}

/** Approve directly in D1, as a moderator would, and drop cached pages. */
export async function approve(id: string) {
  await env.DB.prepare("UPDATE comments SET status = 'approved' WHERE id = ?").bind(id).run()
  const { purgeEssayPages } = await import('../../src/essays/page-cache')
  await purgeEssayPages('https://blog.test', SEED_SLUG)
}

/** The id in a 303 Location's #comment-<id>. */
export function locationId(res: Response): string {
  const id = res.headers.get('Location')?.match(/#comment-([A-Za-z0-9_-]+)$/)?.[1]
  if (!id) throw new Error(`no comment anchor in Location: ${res.headers.get('Location')}`)
  return id
}

/** Value of <input name=...> or the <textarea name=...> in a page, entities decoded. */
export function fieldValue(html: string, name: string): string | undefined {
  const input = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0]
  if (input) {
    const value = input.match(/value="([^"]*)"/)
    return value ? decodeEntities(value[1]!) : ''
  }
  const textarea = html.match(
    new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`),
  )
  // The renderer adds one leading newline that an HTML parser drops.
  return textarea ? decodeEntities(textarea[1]!).replace(/^\n/, '') : undefined
}

/** The form token the page rendered. */
export function pageToken(html: string): string {
  const token = fieldValue(html, 'token')
  if (!token) throw new Error('no form token on the page')
  return token
}

/** A comment's <li> on a page, or undefined. */
export function commentHtml(html: string, id: string): string | undefined {
  const start = html.indexOf(`<li id="comment-${id}"`)
  if (start < 0) return undefined
  return html.slice(start, html.indexOf('</article>', start))
}

/** Every Set-Cookie line (workerd has getSetCookie; the types lag behind). */
export function setCookies(res: Response): string[] {
  return (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie()
}

/** The worker with some vars changed (config is read per env object), called in this isolate so fetch can be stubbed. */
export async function fetchWithEnv(
  overrides: Record<string, string | undefined>,
  request: Request,
): Promise<Response> {
  const { createExecutionContext, waitOnExecutionContext } = await import('cloudflare:test')
  const worker = (await import('../../src/index')).default
  const ctx = createExecutionContext()
  const res = await worker.fetch(request, { ...env, ...overrides }, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

export function jsonRequest(data: unknown, options: { ip?: string; slug?: string } = {}): Request {
  return new Request(`https://blog.test/api/essays/${options.slug ?? SEED_SLUG}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': options.ip ?? ipFor() },
    body: JSON.stringify(data),
  })
}
