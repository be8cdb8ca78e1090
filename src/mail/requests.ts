import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { clientIp, readerAddress } from '../lib/client-ip'
import { keyedHash, requireSecret } from '../lib/crypto'

/** The reader's IP as the comments store it: a keyed hash (IPv6 by /64), so the limits match across features. */
export async function readerIpHash(c: Context<AppEnv>): Promise<string | null> {
  const ip = clientIp(c)
  return ip ? keyedHash(requireSecret(c.env), 'ip', readerAddress(ip)) : null
}
