import type { Env } from '../env'
import { describeError, log } from './log'

/**
 * Cloudflare's Rate Limiting binding in front of anonymous writes. It counts per Cloudflare location
 * and is approximate, so it is the first, cheap line: each feature keeps its own D1 rule (flood window,
 * one share click per reader per day) as the exact, cross-isolate backstop.
 */

/** The `[[ratelimits]]` bindings in wrangler.toml, one per anonymous write path. */
export type LimiterName = 'COMMENT_LIMITER' | 'SHARE_LIMITER' | 'FEDIVERSE_LIMITER' | 'MAIL_LIMITER'

/** Seconds a refused client is told to wait: the binding's period (10 or 60 s) is the longest it can take. */
export const RATE_LIMIT_RETRY_SECONDS = 60

/**
 * True when this key may go on. A missing binding (a deployment that removed it) lets the request
 * through to the D1 rules; a binding that throws does too, and the failure is logged, because refusing
 * every reader when the limiter is down would turn its outage into ours.
 */
export async function withinRateLimit(
  c: { env: Env },
  limiter: LimiterName,
  key: string,
): Promise<boolean> {
  const binding = c.env[limiter]
  if (!binding) return true
  try {
    return (await binding.limit({ key })).success
  } catch (error) {
    log(null, 'error', 'rate limiter failed', { limiter, error: describeError(error) })
    return true
  }
}
