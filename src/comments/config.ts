import type { Env } from '../env'

export const MODERATION_POLICIES = ['hold-all', 'hold-first', 'open'] as const
export type ModerationPolicy = (typeof MODERATION_POLICIES)[number]

/** Comment settings from wrangler.toml [vars]; every one has a safe default. */
export interface CommentConfig {
  /** A second comment from the same IP hash or email within this many seconds gets 429; 0 disables. */
  floodSeconds: number
  /** Forms posted sooner than this after rendering are treated as bots. */
  minFormSeconds: number
  /** This many links or more holds a comment for moderation. */
  maxLinks: number
  moderationWords: string[]
  blockWords: string[]
  policy: ModerationPolicy
  /** Both set, or Turnstile is off. */
  turnstile: { siteKey: string; secret: string } | null
}

const cache = new WeakMap<Env, CommentConfig>()

/** Read once per isolate; a malformed value is a deploy mistake, so it throws with the var named. */
export function commentConfig(env: Env): CommentConfig {
  let config = cache.get(env)
  if (!config) {
    config = {
      floodSeconds: seconds(env, 'FLOOD_SECONDS', 15),
      minFormSeconds: seconds(env, 'MIN_FORM_SECONDS', 2),
      maxLinks: seconds(env, 'MAX_LINKS', 2),
      moderationWords: wordList(env.MODERATION_WORDS),
      blockWords: wordList(env.BLOCK_WORDS),
      policy: policy(env.MODERATION_POLICY),
      turnstile:
        env.TURNSTILE_SITE_KEY && env.TURNSTILE_SECRET
          ? { siteKey: env.TURNSTILE_SITE_KEY, secret: env.TURNSTILE_SECRET }
          : null,
    }
    cache.set(env, config)
  }
  return config
}

function seconds(
  env: Env,
  name: 'FLOOD_SECONDS' | 'MIN_FORM_SECONDS' | 'MAX_LINKS',
  fallback: number,
): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number >= 0, got ${JSON.stringify(raw)}`)
  return value
}

/** Comma- or newline-separated, case-insensitive; blanks dropped. */
export function wordList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[,\n]/)
    .map((word) => word.trim().toLowerCase())
    .filter(Boolean)
}

function policy(raw: string | undefined): ModerationPolicy {
  if (raw === undefined || raw === '') return 'hold-all'
  if ((MODERATION_POLICIES as readonly string[]).includes(raw)) return raw as ModerationPolicy
  throw new Error(
    `MODERATION_POLICY must be one of ${MODERATION_POLICIES.join(', ')}, got ${JSON.stringify(raw)}`,
  )
}
