import type { Context } from 'hono'
import { config } from '../config'
import type { AppEnv } from '../env'
import { clientIp, readerAddress } from '../lib/client-ip'
import { keyedHash } from '../lib/crypto'
import { defer } from '../lib/defer'
import { describeError, log } from '../lib/log'
import { withinRateLimit } from '../lib/rate-limit'
import type { Network } from './networks'
import { pruneDue, pruneShareClickReaders, recordShareClick, utcDay } from './store'

/**
 * Counts a share click after the response is sent (`defer`): the reader's redirect never waits on
 * the hash, the limiter or D1, and whatever fails is logged, not shown. Counted at most once per
 * reader (keyed IP hash, IPv6 by its /64) per essay, network and UTC day. Not counted: HEAD (link
 * checkers), a request without CF-Connecting-IP (it did not come through Cloudflare, and there is
 * nothing to tell one reader from another by), and a reader over SHARE_LIMITER, whose click makes no
 * D1 write at all; the redirect itself works the same in every case.
 */
export function countClick(c: Context<AppEnv>, essaySlug: string, network: Network) {
  if (c.req.method !== 'GET') return
  const ip = clientIp(c)
  if (!ip) return
  // The day the reader clicked, not the day the deferred write happens to run.
  const day = utcDay()
  defer(c, countOnce(c, essaySlug, network, ip, day), 'share click not counted')
}

async function countOnce(
  c: Context<AppEnv>,
  essaySlug: string,
  network: Network,
  ip: string,
  day: string,
) {
  // Fail closed: without the key there is no reader hash to count a click once by.
  const secret = config(c.env).secretKey
  if (!secret) throw new Error('SECRET_KEY is not configured.')
  const readerHash = await keyedHash(secret, 'ip', readerAddress(ip))
  // The binding is the cheap first line; the reader rows in D1 are the exact, cross-isolate rule.
  if (!(await withinRateLimit(c, 'SHARE_LIMITER', readerHash))) return
  await recordShareClick(c.env.DB, { essaySlug, network, readerHash, day })
  if (pruneDue(day)) {
    // The click is counted either way; a failed prune is retried on the next day's first click.
    await pruneShareClickReaders(c.env.DB, day).catch((error: unknown) =>
      log(c, 'error', 'old share click readers not pruned', { error: describeError(error) }),
    )
  }
}
