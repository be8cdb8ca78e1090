import type { Context } from 'hono'

/** The client IP as Cloudflare reports it; only ever stored or compared as a keyed hash. */
export const clientIp = (c: Context): string | null =>
  c.req.header('CF-Connecting-IP')?.trim() || null

/**
 * The part of an address that names one reader: an IPv4 address whole, an IPv6 address by its /64
 * prefix (one customer's network: a reader's own device rotates through its /64 by design, so keying
 * the whole address would let every post look like a new reader). Anything unparseable is kept as is.
 */
export function readerAddress(ip: string): string {
  if (!ip.includes(':')) return ip
  const groups = expandIpv6(ip)
  if (!groups) return ip
  // An IPv4-mapped address (::ffff:192.0.2.1) is an IPv4 reader: keyed by its /64 every such reader
  // would be one, so it is keyed as the IPv4 address it maps, the same as when it arrives as IPv4.
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    const [high, low] = [parseInt(groups[6]!, 16), parseInt(groups[7]!, 16)]
    return [high >> 8, high & 255, low >> 8, low & 255].join('.')
  }
  return `${groups.slice(0, 4).join(':')}::/64`
}

/** The eight 16-bit groups of an IPv6 address, lower-case without leading zeros, or null. */
function expandIpv6(ip: string): string[] | null {
  let text = ip.toLowerCase()
  const zone = text.indexOf('%')
  if (zone !== -1) text = text.slice(0, zone)
  if (text.length > 45) return null
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const lastColon = text.lastIndexOf(':')
  const tail = text.slice(lastColon + 1)
  if (tail.includes('.')) {
    const octets = tail.split('.').map(Number)
    if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255))
      return null
    const [a, b, c, d] = octets as [number, number, number, number]
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const head = halves[0] ? halves[0].split(':') : []
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : []
  const missing = 8 - head.length - rest.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest]
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null
  return groups.map((g) => parseInt(g, 16).toString(16))
}
