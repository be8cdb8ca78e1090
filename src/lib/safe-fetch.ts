/**
 * The one way the worker fetches a URL someone else chose (a Webmention source, a fediverse actor or
 * key, a remote inbox, a Bluesky thread): https only, no private, loopback or link-local address, at most
 * 3 redirects (each hop checked again), 5 s for the whole exchange and 1 MiB of body, unless the caller
 * asks for less. A refusal is a `FetchRefused` naming why, so callers can record it and never hang.
 *
 * Workers cannot resolve DNS themselves, so names are checked by shape (`localhost`, `.local`,
 * `.internal`, single-label names) and addresses by range; in production Cloudflare's network refuses
 * private destinations as well. On a developer's machine (SITE_URL is http://localhost) loopback and
 * plain http are allowed, so `npm start` can talk to a local fake; tests name their fake hosts in
 * `allowHosts`.
 */

export const FETCH_LIMITS = { redirects: 3, timeoutMs: 5_000, maxBytes: 1024 * 1024 } as const

export type RefusalReason =
  'bad-url' | 'scheme' | 'address' | 'redirects' | 'timeout' | 'too-large' | 'network'

export class FetchRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message)
    this.name = 'FetchRefused'
  }
}

export interface FetchPolicy {
  /** True on a developer's machine: http and loopback are allowed. */
  local: boolean
  /** Host names (lower case, no port) allowed over http and whatever their address: test fakes. */
  allowHosts: ReadonlySet<string>
}

export interface SafeFetchInit {
  method?: 'GET' | 'POST' | 'HEAD'
  headers?: Record<string, string>
  body?: string | Uint8Array
  redirects?: number
  timeoutMs?: number
  maxBytes?: number
}

export interface SafeResponse {
  status: number
  /** The URL that answered, after redirects (relative links resolve against it). */
  url: string
  headers: Headers
  body: Uint8Array
  text(): string
}

/** Why `url` may not be fetched under `policy`, or null when it may. */
export function refusalFor(url: URL, policy: FetchPolicy): FetchRefused | null {
  const host = url.hostname.toLowerCase()
  if (url.username || url.password)
    return new FetchRefused('bad-url', 'URLs with credentials are not fetched')
  if (policy.allowHosts.has(host)) {
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? null
      : new FetchRefused('scheme', `only http(s) URLs are fetched, not ${url.protocol}`)
  }
  const loopback = isLoopback(host)
  if (policy.local && loopback) {
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? null
      : new FetchRefused('scheme', `only http(s) URLs are fetched, not ${url.protocol}`)
  }
  if (url.protocol !== 'https:' && !(policy.local && url.protocol === 'http:')) {
    return new FetchRefused('scheme', `only https URLs are fetched, not ${url.protocol}`)
  }
  if (loopback || isPrivateHost(host)) {
    return new FetchRefused('address', `${host} is a private or local address`)
  }
  return null
}

/** Fetches `target` under `policy`, following redirects by hand so every hop is checked. */
export async function safeFetch(
  target: string | URL,
  policy: FetchPolicy,
  init: SafeFetchInit = {},
): Promise<SafeResponse> {
  const maxRedirects = init.redirects ?? FETCH_LIMITS.redirects
  const maxBytes = init.maxBytes ?? FETCH_LIMITS.maxBytes
  const signal = AbortSignal.timeout(init.timeoutMs ?? FETCH_LIMITS.timeoutMs)
  let url = parse(String(target))
  let method = init.method ?? 'GET'
  let body = init.body
  for (let hop = 0; ; hop++) {
    const refused = refusalFor(url, policy)
    if (refused) throw refused
    let res: Response
    try {
      res = await fetch(url.href, {
        method,
        headers: init.headers,
        body,
        redirect: 'manual',
        signal,
      })
    } catch (error) {
      throw signal.aborted
        ? new FetchRefused('timeout', `${url.host} did not answer within the time limit`)
        : new FetchRefused('network', `${url.host} could not be reached: ${String(error)}`)
    }
    const location = res.headers.get('location')
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel()
      if (hop >= maxRedirects) {
        throw new FetchRefused('redirects', `more than ${maxRedirects} redirects`)
      }
      url = parse(location, url)
      // 303 (and, as browsers do, 301/302 after a POST) continue as a GET without the body.
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET'
        body = undefined
      }
      continue
    }
    const bytes = await readCapped(res, maxBytes, signal, url)
    return {
      status: res.status,
      url: url.href,
      headers: res.headers,
      body: bytes,
      text: () => new TextDecoder().decode(bytes),
    }
  }
}

function parse(value: string, base?: URL): URL {
  try {
    return new URL(value, base)
  } catch {
    throw new FetchRefused('bad-url', `not a URL: ${value.slice(0, 200)}`)
  }
}

async function readCapped(
  res: Response,
  maxBytes: number,
  signal: AbortSignal,
  url: URL,
): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? '')
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel()
    throw new FetchRefused('too-large', `${url.host} answered more than ${maxBytes} bytes`)
  }
  if (!res.body) return new Uint8Array()
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel()
        throw new FetchRefused('too-large', `${url.host} answered more than ${maxBytes} bytes`)
      }
      chunks.push(value)
    }
  } catch (error) {
    if (error instanceof FetchRefused) throw error
    throw signal.aborted
      ? new FetchRefused('timeout', `${url.host} did not finish within the time limit`)
      : new FetchRefused('network', `${url.host} broke off: ${String(error)}`)
  }
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (host === '[::1]' || host === '[::]') return true
  const v4 = ipv4(host)
  return v4 !== null && (v4[0] === 127 || v4[0] === 0)
}

const PRIVATE_SUFFIXES = ['.local', '.internal', '.lan', '.home.arpa', '.intranet', '.corp']

function isPrivateHost(host: string): boolean {
  if (host.startsWith('[')) return isPrivateIpv6(host.slice(1, -1))
  const v4 = ipv4(host)
  if (v4) return isPrivateIpv4(v4)
  // A name with no dot only resolves inside some network, never on the public internet.
  if (!host.includes('.')) return true
  return PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix))
}

/** The four octets of a dotted IPv4 address (the URL parser already normalised 0x7f.1 and friends). */
function ipv4(host: string): number[] | null {
  const parts = host.split('.')
  if (parts.length !== 4) return null
  const octets = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN))
  return octets.every((n) => Number.isInteger(n) && n <= 255) ? octets : null
}

function isPrivateIpv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224 // multicast and reserved
  )
}

function isPrivateIpv6(address: string): boolean {
  const lower = address.toLowerCase()
  if (lower === '::1' || lower === '::') return true
  // IPv4-mapped (::ffff:a.b.c.d, which the URL parser writes as ::ffff:7f00:1): check the IPv4 inside.
  const mapped = lower.startsWith('::ffff:') ? lower.slice(7) : null
  if (mapped !== null) {
    const halves = mapped.split(':')
    if (halves.length === 2) {
      const hi = parseInt(halves[0] ?? '', 16)
      const lo = parseInt(halves[1] ?? '', 16)
      return isPrivateIpv4([hi >> 8, hi & 255, lo >> 8, lo & 255])
    }
    const v4 = ipv4(mapped)
    return v4 === null || isPrivateIpv4(v4)
  }
  const first = parseInt(lower.split(':')[0] || '0', 16)
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 || // multicast
    lower.startsWith('64:ff9b:') // NAT64 can reach IPv4 private ranges
  )
}
