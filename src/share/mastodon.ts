/**
 * The one place a request supplies a redirect host: the reader's Mastodon instance.
 * Only a plain DNS host name passes, so the redirect is always https://<host>/share?text=...
 * and can never carry userinfo, a port, a path, an IP literal or a local name.
 */
import * as v from 'valibot'
import { t } from '../views/i18n'

/** Offered on the picker page: large general-purpose and well-known topical servers. */
export const COMMON_INSTANCES = [
  'mastodon.social',
  'mastodon.online',
  'hachyderm.io',
  'fosstodon.org',
  'mas.to',
  'infosec.exchange',
] as const

const MAX_HOST = 253
const MAX_LABEL = 63
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/

/**
 * `?instance=`: the reader's server as a lowercase host name. A refusal is one message, starting
 * "instance: ", saying what to type instead (the picker shows it next to the field).
 */
export const mastodonInstance = v.pipe(
  // Messages are read when a value fails (not at import), in the site's language.
  v.string(() => t().instanceProblem({ problem: t().instanceEmpty })),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const host = dataset.value.toLowerCase()
    const problem = hostProblem(dataset.value, host)
    if (problem === undefined) return host
    addIssue({ message: t().instanceProblem({ problem }) })
    return NEVER
  }),
)

/** Why `raw` (lower-cased: `host`) is not a server name we redirect to, or undefined when it is. */
function hostProblem(raw: string, host: string): string | undefined {
  if (raw === '') return t().instanceEmpty
  // Anything beyond letters, digits, hyphens and dots means a scheme, user@, :port, /path, ?query,
  // #fragment, [IPv6], %-encoding, whitespace or non-ASCII (use the xn-- form of an IDN).
  if (!/^[A-Za-z0-9.-]+$/.test(raw)) {
    return t().instanceNotHost
  }
  if (host.length > MAX_HOST) return t().instanceTooLong({ max: String(MAX_HOST) })
  const labels = host.split('.')
  // Also rejects a leading, trailing or doubled dot (an empty label).
  for (const label of labels) {
    if (label.length < 1 || label.length > MAX_LABEL || !LABEL.test(label)) {
      return t().instanceBadLabel({ max: String(MAX_LABEL) })
    }
    if (label.startsWith('xn--') && !isWellFormedALabel(label)) return t().instanceBadIdn({ label })
  }
  if (labels.length < 2) return t().instanceNoDot
  // A top-level domain starts with a letter. This also rules out every IPv4 spelling
  // (127.0.0.1, 0x7f.1, 2130706433, 017700000001), which URL parsers read as addresses.
  if (!/^[a-z]/.test(labels[labels.length - 1]!)) return t().instanceIp
  if (labels[labels.length - 1] === 'localhost') return t().instanceLocalhost
  return undefined
}

/** An "xn--" label must decode (RFC 3492) to a non-empty name with at least one non-ASCII letter. */
function isWellFormedALabel(label: string): boolean {
  const decoded = decodePunycode(label.slice(4))
  if (decoded === null || decoded === '') return false
  if (!/[^\x00-\x7f]/.test(decoded)) return false
  // Controls, spaces, dots and other separators have no place in a host name.
  return (
    !/[\p{Cc}\p{Cf}\p{Z}.\u3002\uff0e\uff61]/u.test(decoded) && decoded === decoded.normalize('NFC')
  )
}

const BASE = 36
const T_MIN = 1
const T_MAX = 26
const SKEW = 38
const DAMP = 700
const INITIAL_BIAS = 72
const INITIAL_N = 128
const MAX_INT = 0x7fffffff

function adapt(delta: number, points: number, first: boolean): number {
  delta = first ? Math.floor(delta / DAMP) : delta >> 1
  delta += Math.floor(delta / points)
  let k = 0
  while (delta > ((BASE - T_MIN) * T_MAX) >> 1) {
    delta = Math.floor(delta / (BASE - T_MIN))
    k += BASE
  }
  return k + Math.floor(((BASE - T_MIN + 1) * delta) / (delta + SKEW))
}

function digitOf(char: string): number {
  const code = char.charCodeAt(0)
  if (code >= 0x61 && code <= 0x7a) return code - 0x61
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 26
  return BASE
}

/** RFC 3492 decoding of a lowercase Punycode string; null when it is malformed. */
export function decodePunycode(input: string): string | null {
  const output: number[] = []
  const delimiter = input.lastIndexOf('-')
  const basic = delimiter < 0 ? 0 : delimiter
  for (let j = 0; j < basic; j++) output.push(input.charCodeAt(j))
  let n = INITIAL_N
  let i = 0
  let bias = INITIAL_BIAS
  let pos = basic > 0 ? basic + 1 : 0
  while (pos < input.length) {
    const oldI = i
    let w = 1
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return null
      const digit = digitOf(input[pos++]!)
      if (digit >= BASE || digit > Math.floor((MAX_INT - i) / w)) return null
      i += digit * w
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias
      if (digit < t) break
      if (w > Math.floor(MAX_INT / (BASE - t))) return null
      w *= BASE - t
    }
    const points = output.length + 1
    bias = adapt(i - oldI, points, oldI === 0)
    if (Math.floor(i / points) > MAX_INT - n) return null
    n += Math.floor(i / points)
    i %= points
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) || n < 0x80) return null
    output.splice(i, 0, n)
    i++
  }
  return String.fromCodePoint(...output)
}
