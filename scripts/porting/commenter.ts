/** A commenter's contact fields from any export, cleaned the same way: invalid values are dropped. */

/** Trimmed, domain lower-cased; '' when it is not an address or is over 254 characters. */
export function cleanEmail(value: string): string {
  // Lower-cased whole, as the live site stores and compares emails (flood, duplicates, hold-first):
  // an imported regular must match however they type their address next time.
  const email = value.trim().toLowerCase()
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
