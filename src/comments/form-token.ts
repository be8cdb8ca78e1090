import { randomId, signToken } from '../lib/crypto'

export const FORM_TOKEN_SECONDS = 86_400
export const PREVIEW_TOKEN_SECONDS = 3_600

/**
 * One page view's form token: the essay, the time this reader was served the page (the minimum fill
 * time counts from then, not from when a shared copy was rendered) and a nonce of its own, which
 * stores one comment only (comments.form_nonce is UNIQUE).
 */
export function formToken(secret: string, slug: string): Promise<string> {
  return signToken(
    secret,
    'comment-form',
    { s: slug, t: Date.now(), n: randomId() },
    FORM_TOKEN_SECONDS,
  )
}

/**
 * Pages are rendered with this in the token field, and every response gets its own token spliced
 * in, so one shared (cached) copy serves each reader a fresh token. The slot includes `name="token"`
 * and raw quotes, which escaped text (comments, essays) can never contain, so the first match is the form's.
 */
export const TOKEN_PLACEHOLDER = 'per-view-form-token'
const TOKEN_SLOT = `name="token" value="${TOKEN_PLACEHOLDER}"`

/** The page with `token` in its form, or null when the page has no token slot (a copy from an older deploy). */
export function spliceToken(html: string, token: string): string | null {
  const slot = html.indexOf(TOKEN_SLOT)
  if (slot === -1) return null
  const start = slot + TOKEN_SLOT.length - TOKEN_PLACEHOLDER.length - 1
  return html.slice(0, start) + token + html.slice(start + TOKEN_PLACEHOLDER.length)
}

/** The link's proof that this reader may see their own held comment (?moderation-hash). */
export function previewToken(secret: string, id: string): Promise<string> {
  return signToken(secret, 'comment-preview', { id }, PREVIEW_TOKEN_SECONDS)
}
