import { signToken, verifyToken } from '../lib/crypto'
import { CONFIRM_SECONDS, UNSUBSCRIBE_SECONDS } from './settings'

/**
 * The two links every subscription mail carries, signed with SECRET_KEY. They name only the
 * subscription id (never the address, which would then sit in logs and browser history). The token
 * is the credential: no cookie, no login (RFC 8058 one-click needs that). A GET shows a page with a
 * button; only the POST acts, so link scanners that follow every link change nothing.
 */

const CONFIRM = 'mail-confirm'
const UNSUBSCRIBE = 'mail-unsubscribe'

export const confirmPath = (token: string) => `/mail/confirm/${token}`
export const unsubscribePath = (token: string) => `/mail/unsubscribe/${token}`

export const confirmToken = (secret: string, subscriptionId: string, now = Date.now()) =>
  signToken(secret, CONFIRM, { s: subscriptionId }, CONFIRM_SECONDS, now)

export const unsubscribeToken = (secret: string, subscriptionId: string, now = Date.now()) =>
  signToken(secret, UNSUBSCRIBE, { s: subscriptionId }, UNSUBSCRIBE_SECONDS, now)

export type LinkCheck = { ok: true; subscriptionId: string } | { ok: false; expired: boolean }

async function readLink(secret: string, purpose: string, token: string): Promise<LinkCheck> {
  const payload = await verifyToken<{ s?: unknown }>(secret, purpose, token)
  if (payload && typeof payload.s === 'string') return { ok: true, subscriptionId: payload.s }
  // Signed by us but past its time: say "expired", not "invalid" (a reader can ask again).
  const old = await verifyToken<{ s?: unknown }>(secret, purpose, token, 0)
  return { ok: false, expired: old !== null }
}

export const readConfirmToken = (secret: string, token: string) => readLink(secret, CONFIRM, token)
export const readUnsubscribeToken = (secret: string, token: string) =>
  readLink(secret, UNSUBSCRIBE, token)
