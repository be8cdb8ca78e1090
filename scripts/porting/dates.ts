/** "2023-01-01 09:30:00" (WordPress, GMT) -> epoch ms; null for WordPress's "0000-00-00 00:00:00" and junk. */
export function parseWpDate(value: string): number | null {
  const match = value.trim().match(/^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/)
  if (!match || match[1] === '0000') return null
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  const check = new Date(ms)
  if (
    Number.isNaN(ms) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d)
  )
    return null
  return ms
}

/** ISO 8601 (Disqus, our own exports) or WordPress form -> epoch ms, or null. */
export function parseAnyDate(value: string): number | null {
  const trimmed = value.trim()
  if (!trimmed) return null
  if (/^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    const ms = Date.parse(trimmed)
    return Number.isNaN(ms) ? null : ms
  }
  return parseWpDate(trimmed)
}

/** Front-matter form: "2023-01-01T09:30:00Z" (what the content build reads). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
