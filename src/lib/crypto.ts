import { HTTPException } from 'hono/http-exception'
import { config } from '../config'
import type { Env } from '../env'
import { trimEndChars } from './text'

/**
 * Keyed hashes and signed tokens, on Web Crypto. One secret (SECRET_KEY) serves every
 * feature: each use names a purpose, and the key for a purpose is HMAC(secret, purpose),
 * so a token minted for one purpose (a comment preview) never verifies for another (a session).
 */

const encoder = new TextEncoder()
const keys = new Map<string, Promise<CryptoKey>>()

/** The site secret (read by src/config.ts), or a 503 when it is missing: features that need it fail closed. */
export function requireSecret(env: Env): string {
  const secret = config(env).secretKey
  if (!secret) throw new HTTPException(503, { message: 'SECRET_KEY is not configured.' })
  return secret
}

function purposeKey(secret: string, purpose: string): Promise<CryptoKey> {
  const cacheKey = `${purpose}\u0000${secret}`
  let key = keys.get(cacheKey)
  if (!key) {
    key = (async () => {
      const root = await crypto.subtle.importKey(
        'raw',
        encoder.encode(secret),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      )
      const derived = await crypto.subtle.sign('HMAC', root, encoder.encode(purpose))
      return crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
        'verify',
      ])
    })()
    keys.set(cacheKey, key)
  }
  return key
}

export function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  let binary = ''
  for (const byte of view) binary += String.fromCharCode(byte)
  return trimEndChars(btoa(binary).replace(/\+/g, '-').replace(/\//g, '_'), '=')
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null
  try {
    const binary = atob(
      text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4),
    )
    return Uint8Array.from(binary, (char) => char.charCodeAt(0))
  } catch {
    return null
  }
}

/** HMAC-SHA-256 of `data` under the purpose's key, base64url. Deterministic: for hashing IPs and similar. */
export async function keyedHash(secret: string, purpose: string, data: string): Promise<string> {
  const mac = await crypto.subtle.sign(
    'HMAC',
    await purposeKey(secret, purpose),
    encoder.encode(data),
  )
  return toBase64Url(mac)
}

/** A random, non-guessable id (128 bits by default), base64url. */
export function randomId(bytes = 16): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)))
}

/**
 * A signed, expiring token: base64url(JSON payload with `exp` in epoch seconds) "." base64url(HMAC).
 * The payload is readable by whoever holds the token; never put a secret in it.
 */
export async function signToken(
  secret: string,
  purpose: string,
  payload: Record<string, unknown>,
  ttlSeconds: number,
  now = Date.now(),
): Promise<string> {
  const body = toBase64Url(
    encoder.encode(JSON.stringify({ ...payload, exp: Math.floor(now / 1000) + ttlSeconds })),
  )
  const mac = await crypto.subtle.sign(
    'HMAC',
    await purposeKey(secret, purpose),
    encoder.encode(body),
  )
  return `${body}.${toBase64Url(mac)}`
}

/** The payload of a token signed for this purpose and not expired; null for anything else. Constant-time check. */
export async function verifyToken<T extends Record<string, unknown>>(
  secret: string,
  purpose: string,
  token: string | undefined | null,
  now = Date.now(),
): Promise<(T & { exp: number }) | null> {
  if (!token || token.length > 4096) return null
  const [body, mac, extra] = token.split('.')
  if (!body || !mac || extra !== undefined) return null
  const signature = fromBase64Url(mac)
  if (!signature) return null
  const valid = await crypto.subtle.verify(
    'HMAC',
    await purposeKey(secret, purpose),
    signature,
    encoder.encode(body),
  )
  if (!valid) return null
  const bytes = fromBase64Url(body)
  if (!bytes) return null
  let payload: unknown
  try {
    payload = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    return null
  }
  if (typeof payload !== 'object' || payload === null) return null
  const exp = (payload as { exp?: unknown }).exp
  if (typeof exp !== 'number' || exp * 1000 <= now) return null
  return payload as T & { exp: number }
}

/** Compares two secrets in constant time, whatever their lengths, by comparing their keyed hashes. */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    'raw',
    crypto.getRandomValues(new Uint8Array(32)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  )
  const macA = await crypto.subtle.sign('HMAC', key, encoder.encode(a))
  return crypto.subtle.verify('HMAC', key, macA, encoder.encode(b))
}
