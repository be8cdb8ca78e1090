/**
 * A plain mail address ("local@domain") and nothing else, for the addresses mail is sent to and from.
 * Stricter than the comment form's field on purpose: what reaches a `To:` header must be one mailbox,
 * so display names, comments, quoted local parts and line breaks are refused (each with its own
 * reason), an IDN domain is stored in its ASCII (punycode) form, and a trailing dot is refused.
 * Linear: split on fixed characters, then one bounded character-class test per piece.
 */

export type AddressProblem =
  | 'empty'
  | 'tooLong'
  | 'lineBreak'
  | 'displayName'
  | 'comment'
  | 'quoted'
  | 'trailingDot'
  | 'invalid'

export type AddressCheck = { ok: true; address: string } | { ok: false; problem: AddressProblem }

/** RFC 5321: 254 characters for the whole path, 64 for the local part. */
export const MAX_ADDRESS = 254
const MAX_LOCAL = 64

const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
// Characters that never belong to a plain address; each names the form the reader probably typed.
const CONTROL = /[\u0000-\u001F\u007F\u2028\u2029]/

export function checkAddress(raw: string): AddressCheck {
  const text = raw.trim()
  if (text === '') return { ok: false, problem: 'empty' }
  if (CONTROL.test(raw)) return { ok: false, problem: 'lineBreak' }
  if (text.length > MAX_ADDRESS) return { ok: false, problem: 'tooLong' }
  if (text.includes('<') || text.includes('>')) return { ok: false, problem: 'displayName' }
  if (text.includes('(') || text.includes(')')) return { ok: false, problem: 'comment' }
  if (text.includes('"') || text.includes('\\')) return { ok: false, problem: 'quoted' }
  const at = text.indexOf('@')
  if (at <= 0 || at !== text.lastIndexOf('@')) return { ok: false, problem: 'invalid' }
  const local = text.slice(0, at)
  const domain = text.slice(at + 1)
  if (local.length > MAX_LOCAL) return { ok: false, problem: 'tooLong' }
  if (!local.split('.').every((atom) => ATEXT.test(atom))) return { ok: false, problem: 'invalid' }
  if (domain.endsWith('.')) return { ok: false, problem: 'trailingDot' }
  const ascii = asciiDomain(domain)
  if (!ascii) return { ok: false, problem: 'invalid' }
  const address = `${local}@${ascii}`
  if (address.length > MAX_ADDRESS) return { ok: false, problem: 'tooLong' }
  // Lower case: one person, one subscription, however they typed it (no provider treats case as meaningful).
  return { ok: true, address: address.toLowerCase() }
}

/** The domain in ASCII (IDN labels to punycode by the URL parser), or null when it is not a host name. */
function asciiDomain(domain: string): string | null {
  if (domain === '' || domain.length > 253 || /[\s/?#%:[\]]/.test(domain)) return null
  let host: string
  try {
    host = new URL(`http://${domain}/`).hostname
  } catch {
    return null
  }
  const labels = host.split('.')
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null
  // A dotted number is an IP address, not a mail domain.
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return null
  return host
}

/** Text that goes into a header (a display name, a subject): one line, so it can never add a header. */
export function headerText(text: string, max = 200): string {
  let out = ''
  for (const char of text) {
    const code = char.codePointAt(0)!
    out += code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 ? ' ' : char
    if (out.length >= max) break
  }
  return out.trim()
}
