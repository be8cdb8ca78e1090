import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { fromBase64Url, toBase64Url } from '../lib/crypto'

export const REMEMBER_COOKIE = 'comment_author'
export const BOOKMARK_COOKIE = 'd1_bookmark'
const ONE_YEAR = 365 * 24 * 3600
/** Long enough to outlive a cached page, so the author's next views read their own write. */
const BOOKMARK_SECONDS = 120

export interface Remembered {
  name: string
  email: string
  website: string
}

/** Secure everywhere except plain-http localhost, where a Secure cookie would never come back. */
function secure(c: Context): boolean {
  const url = new URL(c.req.url)
  return !(
    url.protocol === 'http:' &&
    (url.hostname === 'localhost' || url.hostname === '127.0.0.1')
  )
}

export function readRemembered(c: Context): Remembered | null {
  const raw = getCookie(c, REMEMBER_COOKIE)
  const bytes = raw ? fromBase64Url(raw) : null
  if (!bytes) return null
  try {
    const data = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Remembered>
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 300) : '')
    return { name: text(data.name), email: text(data.email), website: text(data.website) }
  } catch {
    return null
  }
}

/** Only with the reader's consent (the checkbox); unticked, any earlier cookie is removed. */
export function rememberAuthor(c: Context, remember: boolean, author: Remembered) {
  if (!remember) {
    if (getCookie(c, REMEMBER_COOKIE) !== undefined)
      deleteCookie(c, REMEMBER_COOKIE, { path: '/', secure: secure(c) })
    return
  }
  const value = toBase64Url(new TextEncoder().encode(JSON.stringify(author)))
  setCookie(c, REMEMBER_COOKIE, value, {
    path: '/',
    maxAge: ONE_YEAR,
    httpOnly: true,
    secure: secure(c),
    sameSite: 'Lax',
  })
}

export function readBookmark(c: Context): string | undefined {
  return getCookie(c, BOOKMARK_COOKIE)
}

export function setBookmark(c: Context, bookmark: string | null) {
  if (!bookmark) return
  setCookie(c, BOOKMARK_COOKIE, bookmark, {
    path: '/',
    maxAge: BOOKMARK_SECONDS,
    httpOnly: true,
    secure: secure(c),
    sameSite: 'Lax',
  })
}
