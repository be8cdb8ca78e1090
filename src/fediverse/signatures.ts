import { fromBase64, sha256Base64, signBytes, verifyBytes } from './keys'

/**
 * HTTP Signatures as Mastodon sends and checks them (draft-cavage-http-signatures-12): the signing
 * string is the listed headers, lower-cased, one `name: value` per line, with `(request-target)` as
 * `<method> <path?query>`. Parsing is one linear pass; the rules Mastodon enforces are in `checkSigned`.
 */

/** Mastodon: a Date up to 12 hours old (plus 1 hour of clock skew), and at most 1 hour ahead. */
export const DATE_WINDOW_MS = 12 * 3600_000
export const CLOCK_SKEW_MS = 3600_000

export interface ParsedSignature {
  keyId: string
  algorithm: string
  headers: string[]
  signature: Uint8Array
}

/** `name="value",name="value"`: one pass over the header, no regex. */
function signatureParams(header: string): Map<string, string> {
  const params = new Map<string, string>()
  let i = 0
  while (i < header.length) {
    const eq = header.indexOf('=', i)
    if (eq < 0) break
    const name = header.slice(i, eq).trim().toLowerCase()
    if (header[eq + 1] !== '"') break
    const close = header.indexOf('"', eq + 2)
    if (close < 0) break
    params.set(name, header.slice(eq + 2, close))
    const comma = header.indexOf(',', close)
    if (comma < 0) break
    i = comma + 1
  }
  return params
}

export function parseSignature(header: string | undefined): ParsedSignature | null {
  if (!header || header.length > 4096) return null
  const params = signatureParams(header)
  const keyId = params.get('keyid')
  const signature = fromBase64(params.get('signature') ?? '')
  if (!keyId || !signature || signature.length === 0) return null
  return {
    keyId,
    algorithm: (params.get('algorithm') ?? 'hs2019').toLowerCase(),
    headers: (params.get('headers') ?? 'date').toLowerCase().split(' ').filter(Boolean),
    signature,
  }
}

export function signingString(
  headers: readonly string[],
  method: string,
  target: string,
  get: (name: string) => string | undefined,
): string | null {
  const lines: string[] = []
  for (const name of headers) {
    if (name === '(request-target)')
      lines.push(`(request-target): ${method.toLowerCase()} ${target}`)
    else {
      const value = get(name)
      if (value === undefined) return null
      lines.push(`${name}: ${value}`)
    }
  }
  return lines.join('\n')
}

export type SignatureProblem = 'missing' | 'algorithm' | 'headers' | 'date' | 'digest' | 'host'

/**
 * Everything checkable before any key is fetched: algorithm, the required headers
 * ((request-target), host, date, and digest on a POST), the Date window, the Digest of the body,
 * and that `host` is ours. Returns the signing string, or what is wrong.
 */
export async function checkSigned(
  request: { method: string; target: string; get: (name: string) => string | undefined },
  parsed: ParsedSignature,
  body: Uint8Array | null,
  expectedHost: string,
  now: number,
): Promise<{ ok: true; signed: string } | { ok: false; problem: SignatureProblem }> {
  if (parsed.algorithm !== 'rsa-sha256' && parsed.algorithm !== 'hs2019')
    return { ok: false, problem: 'algorithm' }
  const required = ['(request-target)', 'host', 'date', ...(body ? ['digest'] : [])]
  if (!required.every((name) => parsed.headers.includes(name)))
    return { ok: false, problem: 'headers' }
  if (request.get('host')?.toLowerCase() !== expectedHost.toLowerCase())
    return { ok: false, problem: 'host' }
  const date = Date.parse(request.get('date') ?? '')
  if (
    !Number.isFinite(date) ||
    now - date > DATE_WINDOW_MS + CLOCK_SKEW_MS ||
    date - now > CLOCK_SKEW_MS
  )
    return { ok: false, problem: 'date' }
  if (body && !(await digestMatches(request.get('digest'), body)))
    return { ok: false, problem: 'digest' }
  const signed = signingString(parsed.headers, request.method, request.target, request.get)
  return signed === null ? { ok: false, problem: 'headers' } : { ok: true, signed }
}

/** `Digest: SHA-256=<base64>` (several comma-separated digests allowed; the SHA-256 one must match). */
export async function digestMatches(
  header: string | undefined,
  body: Uint8Array,
): Promise<boolean> {
  if (!header) return false
  const expected = await sha256Base64(body)
  for (const part of header.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (
      part.slice(0, eq).trim().toLowerCase() === 'sha-256' &&
      part.slice(eq + 1).trim() === expected
    )
      return true
  }
  return false
}

export function verifySignature(key: CryptoKey, parsed: ParsedSignature, signed: string) {
  return verifyBytes(key, parsed.signature, signed)
}

/**
 * Headers for a signed request from the blog's actor: Date, Host, Digest (with a body), and the
 * Signature over `(request-target) host date [digest content-type]` or `(request-target) host date accept`.
 */
export async function signedHeaders(
  key: CryptoKey,
  keyId: string,
  method: 'GET' | 'POST',
  url: URL,
  body: string | null,
  now = Date.now(),
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    host: url.host,
    date: new Date(now).toUTCString(),
  }
  if (body !== null) {
    headers.digest = `SHA-256=${await sha256Base64(body)}`
    headers['content-type'] = 'application/activity+json'
  } else headers.accept = 'application/activity+json, application/ld+json'
  const names = [
    '(request-target)',
    'host',
    'date',
    ...(body !== null ? ['digest', 'content-type'] : ['accept']),
  ]
  const signed = signingString(names, method, url.pathname + url.search, (name) => headers[name])!
  const signature = await signBytes(key, signed)
  headers.signature = `keyId="${keyId}",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature}"`
  return headers
}
