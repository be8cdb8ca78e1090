import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import * as v from 'valibot'
import { signToken, verifyToken } from '../lib/crypto'
import { isLocalHttp } from '../lib/local'
import { commentId } from '../lib/schema'

export const REMEMBER_COOKIE = 'comment_author'
export const BOOKMARK_COOKIE = 'd1_bookmark'
/** Its own signing purpose: a remember-me cookie never verifies as a form token or a session, nor they as it. */
export const REMEMBER_PURPOSE = 'comment-author'
const ONE_YEAR = 365 * 24 * 3600
/** Long enough to outlive a cached page, so the author's next views read their own write. */
const BOOKMARK_SECONDS = 120
/** How many of this browser's own comment ids the cookie keeps as proof for hold-first (newest first). */
const PROOF_IDS = 5

export interface Remembered {
  name: string
  email: string
  website: string
}

/**
 * A verified remember-me cookie: what it refills, plus the ids of comments this browser posted under
 * that email. hold-first publishes at once only when one of those ids is an approved comment with the
 * posted email, so typing (or guessing) a regular's address, or posting once as them to get a
 * cookie, proves nothing: the cookie must name a comment a moderator approved.
 */
export interface RememberedAuthor extends Remembered {
  ids: string[]
}

/** Secure everywhere except plain-http localhost, where a Secure cookie would never come back. */
const secure = (c: Context) => !isLocalHttp(c.req.url)

/** The signed cookie's contents, or null when it is absent, unsigned, tampered with or expired. */
export async function readRemembered(c: Context, secret: string): Promise<RememberedAuthor | null> {
  const data = await verifyToken<{
    name?: unknown
    email?: unknown
    website?: unknown
    ids?: unknown
  }>(secret, REMEMBER_PURPOSE, getCookie(c, REMEMBER_COOKIE))
  if (!data) return null
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 300) : '')
  const ids = Array.isArray(data.ids)
    ? data.ids.filter((id): id is string => v.is(commentId, id)).slice(0, PROOF_IDS)
    : []
  return { name: text(data.name), email: text(data.email), website: text(data.website), ids }
}

/** The cookie's value: also how a script (the bench) can act as a returning commenter. */
export function signRemembered(secret: string, author: RememberedAuthor): Promise<string> {
  return signToken(secret, REMEMBER_PURPOSE, { ...author }, ONE_YEAR)
}

/**
 * Only with the reader's consent (the checkbox); unticked, any earlier cookie is removed. Ticked, the
 * cookie is signed and names the comment just stored, after any earlier ids kept for the same email.
 */
export async function rememberAuthor(
  c: Context,
  secret: string,
  remember: boolean,
  author: Remembered,
  storedId: string,
  previous: RememberedAuthor | null,
) {
  if (!remember) {
    if (getCookie(c, REMEMBER_COOKIE) !== undefined)
      deleteCookie(c, REMEMBER_COOKIE, { path: '/', secure: secure(c) })
    return
  }
  const sameAuthor = previous && previous.email.toLowerCase() === author.email.toLowerCase()
  const ids = [storedId, ...(sameAuthor ? previous.ids.filter((id) => id !== storedId) : [])]
  setCookie(
    c,
    REMEMBER_COOKIE,
    await signRemembered(secret, { ...author, ids: ids.slice(0, PROOF_IDS) }),
    {
      path: '/',
      maxAge: ONE_YEAR,
      httpOnly: true,
      secure: secure(c),
      sameSite: 'Lax',
    },
  )
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

/**
 * This browser's own recent comments (id and time posted), signed, for as long as the edit window
 * lasts: the thread shows "Edit" / "Delete" on these only. The edit itself needs the comment's own
 * signed edit token (src/comments/edit-token.ts), which the thread mints from this cookie's entries.
 */
export const EDIT_COOKIE = 'comment_edit'
const EDIT_COOKIE_PURPOSE = 'comment-edit-list'
const EDITABLE_IDS = 5

export interface Editable {
  id: string
  createdAt: number
}

export async function readEditable(c: Context, secret: string): Promise<Editable[]> {
  const data = await verifyToken<{ ids?: unknown }>(
    secret,
    EDIT_COOKIE_PURPOSE,
    getCookie(c, EDIT_COOKIE),
  )
  if (!data || !Array.isArray(data.ids)) return []
  return data.ids
    .filter(
      (entry): entry is [string, number] =>
        Array.isArray(entry) && v.is(commentId, entry[0]) && Number.isSafeInteger(entry[1]),
    )
    .slice(0, EDITABLE_IDS)
    .map(([id, createdAt]) => ({ id, createdAt }))
}

/** Adds the comment just posted (newest first); the cookie lives as long as the window. */
export async function rememberEditable(
  c: Context,
  secret: string,
  previous: Editable[],
  stored: Editable,
  windowMinutes: number,
) {
  if (windowMinutes <= 0) return
  const now = Date.now()
  const ids = [stored, ...previous.filter((entry) => entry.id !== stored.id)]
    .filter((entry) => entry.createdAt + windowMinutes * 60_000 > now)
    .slice(0, EDITABLE_IDS)
    .map((entry) => [entry.id, entry.createdAt])
  const seconds = windowMinutes * 60
  setCookie(c, EDIT_COOKIE, await signToken(secret, EDIT_COOKIE_PURPOSE, { ids }, seconds), {
    path: '/',
    maxAge: seconds,
    httpOnly: true,
    secure: secure(c),
    sameSite: 'Lax',
  })
}
