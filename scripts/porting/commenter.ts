/** A commenter's contact fields from any export, cleaned the same way: invalid values are dropped. */

/** Trimmed, domain lower-cased; '' when it is not an address or is over 254 characters. */
export function cleanEmail(value: string): string {
  const trimmed = value.trim()
  const at = trimmed.lastIndexOf('@')
  // Domains are case-insensitive; the local part, strictly, is not.
  const email = at > 0 ? trimmed.slice(0, at) + trimmed.slice(at).toLowerCase() : trimmed
  return /^[^\s@]+@[^\s@]+$/.test(email) && email.length <= 254 ? email : ''
}

/** An http(s) URL of at most 2000 characters, normalized; else null. */
export function cleanUrl(value: string): string | null {
  const url = value.trim()
  if (!/^https?:\/\/[^\s]+$/i.test(url) || url.length > 2000) return null
  try {
    return new URL(url).href
  } catch {
    return null
  }
}
