import type { AccessSettings } from '../config'
import { fromBase64Url } from '../lib/crypto'
import { log } from '../lib/log'

/**
 * Cloudflare Access: verifies the `Cf-Access-Jwt-Assertion` header the Access edge adds to every
 * request it lets through. A small explicit verifier rather than a generic JWT library, so each
 * rule the admin relies on is visible here: RS256 only, key chosen by `kid` from the team's JWKS,
 * `aud` contains our application's AUD tag, `iss` is the team, `exp`/`nbf`/`iat` within a small leeway.
 * The team and AUD tag are read (and the team domain normalised) once per isolate by config(env).
 */

export interface AccessIdentity {
  email: string
  sub: string
}

const LEEWAY_SECONDS = 60
const KEYS_TTL_MS = 60 * 60 * 1000
// An unknown kid may mean Access rotated its keys: refetch, but at most this often, so forged kids can't make us hammer the JWKS.
const REFETCH_MIN_INTERVAL_MS = 30 * 1000
// A JWKS fetch is given up after this long: moderators wait at most this, never the runtime's own limit.
const FETCH_TIMEOUT_MS = 5 * 1000
// Stale-while-error: keys past their TTL keep verifying while refreshes fail, but not forever, so a
// key Access dropped can't be honoured for days by an isolate that can't reach the JWKS.
const MAX_STALE_MS = 24 * 60 * 60 * 1000

interface KeySet {
  keys: Map<string, CryptoKey>
  fetchedAt: number
}

interface Refresh {
  keys: Promise<KeySet>
  startedAt: number
}

// Per isolate, keyed by issuer. Keys rotate every ~6 weeks, so an hour's cache costs nothing and saves a fetch per request.
const keySets = new Map<string, KeySet>()
const lastFetch = new Map<string, number>()
// Concurrent requests on a cold isolate share one fetch instead of tripping the rate limit.
const inflight = new Map<string, Refresh>()

function logUnavailable(issuer: string, error: unknown) {
  // Logged once per fetch, not per request, so it carries no request id.
  log(null, 'error', 'Access JWKS unavailable', { issuer, error: String(error) })
}

async function fetchKeys(issuer: string, now: number, timeoutMs: number): Promise<KeySet> {
  const res = await fetch(`${issuer}/cdn-cgi/access/certs`, {
    headers: { Accept: 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  })
  if (!res.ok) throw new Error(`Access JWKS fetch answered ${res.status}`)
  const data = (await res.json()) as { keys?: unknown }
  if (!Array.isArray(data.keys)) throw new Error('Access JWKS has no keys array')
  const keys = new Map<string, CryptoKey>()
  for (const jwk of data.keys as (JsonWebKey & { kid?: unknown })[]) {
    if (
      typeof jwk.kid !== 'string' ||
      jwk.kty !== 'RSA' ||
      (jwk.alg !== undefined && jwk.alg !== 'RS256') ||
      (jwk.use !== undefined && jwk.use !== 'sig')
    )
      continue
    try {
      keys.set(
        jwk.kid,
        await crypto.subtle.importKey(
          'jwk',
          { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256', ext: true },
          { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
          false,
          ['verify'],
        ),
      )
    } catch {
      // A malformed key is skipped; tokens naming it simply won't verify.
    }
  }
  const set = { keys, fetchedAt: now }
  // A slow fetch that lands after a newer one must not put older keys back.
  if ((keySets.get(issuer)?.fetchedAt ?? -Infinity) <= now) keySets.set(issuer, set)
  return set
}

/** The promise, or a rejection once `ms` have passed, whichever comes first. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (ms <= 0) return Promise.reject(new Error('Access JWKS fetch timed out'))
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Access JWKS fetch timed out')), ms)
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

/**
 * Fresh keys, or null when none can be had now: a fetch is not allowed yet (the interval), it
 * failed, or it timed out. Waiters share one fetch, but each waits only until that fetch's own
 * deadline (started + timeout), so a fetch that hangs past its abort holds nobody: a request arriving
 * later drops it and doesn't wait at all.
 */
async function refresh(issuer: string, now: number, timeoutMs: number): Promise<KeySet | null> {
  let job = inflight.get(issuer)
  if (job && now - job.startedAt >= timeoutMs) {
    inflight.delete(issuer)
    logUnavailable(issuer, 'a JWKS fetch is still in flight past its timeout; not waiting on it')
    job = undefined
  }
  if (!job) {
    // Never more often than the interval, whether the last fetch worked or not.
    if (now - (lastFetch.get(issuer) ?? -Infinity) < REFETCH_MIN_INTERVAL_MS) return null
    lastFetch.set(issuer, now)
    const current: Refresh = { keys: fetchKeys(issuer, now, timeoutMs), startedAt: now }
    const done = () => {
      if (inflight.get(issuer) === current) inflight.delete(issuer)
    }
    // Logged once per fetch, however many requests wait on it.
    current.keys.then(done, (error: unknown) => {
      done()
      logUnavailable(issuer, error)
    })
    inflight.set(issuer, current)
    job = current
  }
  try {
    return await within(job.keys, job.startedAt + timeoutMs - now)
  } catch {
    return null
  }
}

async function keyFor(
  issuer: string,
  kid: string,
  now: number,
  timeoutMs: number,
): Promise<CryptoKey | null> {
  const cached = keySets.get(issuer)
  const age = cached ? now - cached.fetchedAt : Infinity
  if (cached && age < KEYS_TTL_MS) {
    const key = cached.keys.get(kid)
    if (key) return key
  }
  // Missing, stale, or an unknown kid (Access may have rotated): try a refresh.
  const fresh = await refresh(issuer, now, timeoutMs)
  if (fresh) return fresh.keys.get(kid) ?? null
  // No fresh keys: stale-while-error, the keys we had still verify (up to MAX_STALE_MS).
  return cached && age < MAX_STALE_MS ? (cached.keys.get(kid) ?? null) : null
}

function decodeJson(part: string): Record<string, unknown> | null {
  const bytes = fromBase64Url(part)
  if (!bytes) return null
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/**
 * The identity in a valid Access JWT, or null for anything else (including a JWKS that can't be
 * fetched and no keys cached: Access down means admin closed, not open). `fetchTimeoutMs` is for
 * tests, which can't wait five real seconds.
 */
export async function verifyAccessJwt(
  token: string | undefined,
  config: AccessSettings,
  now = Date.now(),
  options: { fetchTimeoutMs?: number } = {},
): Promise<AccessIdentity | null> {
  if (!token || token.length > 8192) return null
  const parts = token.split('.')
  if (parts.length !== 3) return null
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
  const header = decodeJson(headerPart)
  const payload = decodeJson(payloadPart)
  const signature = fromBase64Url(signaturePart)
  if (!header || !payload || !signature || signature.length === 0) return null
  // RS256 only: "none", HS256 (public key used as an HMAC secret) and every other alg are refused before any key is touched.
  if (
    header.alg !== 'RS256' ||
    typeof header.kid !== 'string' ||
    header.kid.length === 0 ||
    header.kid.length > 256
  )
    return null
  if (header.crit !== undefined) return null

  const key = await keyFor(
    config.issuer,
    header.kid,
    now,
    options.fetchTimeoutMs ?? FETCH_TIMEOUT_MS,
  )
  if (!key) return null
  const signed = new TextEncoder().encode(`${headerPart}.${payloadPart}`)
  if (!(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, signed))) return null

  const nowSeconds = Math.floor(now / 1000)
  const { aud, iss, exp, nbf, iat, email, sub } = payload
  const audiences = Array.isArray(aud) ? aud : [aud]
  if (!audiences.includes(config.aud)) return null
  if (iss !== config.issuer) return null
  if (typeof exp !== 'number' || exp + LEEWAY_SECONDS <= nowSeconds) return null
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf - LEEWAY_SECONDS > nowSeconds))
    return null
  if (iat !== undefined && (typeof iat !== 'number' || iat - LEEWAY_SECONDS > nowSeconds))
    return null
  // Service tokens carry no email; they are named by their common name instead.
  const actor =
    typeof email === 'string' && email
      ? email
      : typeof payload.common_name === 'string'
        ? `service:${payload.common_name}`
        : null
  if (!actor) return null
  return { email: actor, sub: typeof sub === 'string' ? sub : '' }
}
