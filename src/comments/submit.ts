import type { Context } from 'hono'
import { notifyHeldComment } from '../admin/notify'
import { getConfig } from '../config'
import type { CommentStatus } from '../db/schema'
import { writeSession } from '../db/session'
import type { AppEnv } from '../env'
import type { Essay } from '../essays/types'
import { keyedHash, randomId, requireSecret } from '../lib/crypto'
import { commentConfig } from './config'
import { purgeEssayPages } from './page-cache'
import { classify } from './spam'
import { explainRejection, findParent, insertComment, MAX_DEPTH, type NewComment } from './store'
import { verifyTurnstile } from './turnstile'
import type { CommentInput, Field } from './validate'

/** A comment that is now in D1, and everything known about it at that moment. */
export interface StoredComment {
  id: string
  essaySlug: string
  status: CommentStatus
  authorName: string
  body: string
  spamSignals: string | null
  /** True when this answer replays an earlier identical form post (nothing new was written). */
  replay: boolean
}

export type Outcome =
  | { ok: true; stored: StoredComment; bookmark: string | null }
  | {
      ok: false
      status: 403 | 404 | 409 | 422 | 429 | 503
      message: string
      field?: Field
      retryAfter?: number
    }

export const MESSAGES = {
  duplicate: 'Duplicate comment detected; it looks as though you’ve already said that!',
  flood: 'You are posting comments too quickly. Slow down.',
  storage:
    'Your comment could not be saved just now, so it was not posted. Your text is still here: please try again in a moment.',
  turnstile: 'The anti-spam check did not pass. Please complete it and post again.',
  parentMissing: 'The comment you are replying to does not exist on this essay.',
  parentHeld:
    'The comment you are replying to has not been approved, so it cannot be replied to yet.',
  tooDeep: `This thread is already ${MAX_DEPTH + 1} levels deep: reply to an earlier comment instead.`,
} as const

/** The client IP as Cloudflare reports it; only ever stored as a keyed hash. */
export const clientIp = (c: Context) => c.req.header('CF-Connecting-IP')?.trim() || null

/**
 * The write path shared by the form and the JSON API: Turnstile, reply rules, spam rules,
 * then one atomic statement that also enforces flood and duplicate limits.
 */
export async function submitComment(
  c: Context<AppEnv>,
  essay: Essay,
  input: CommentInput,
  options: { submissionKey: string | null; turnstileToken?: string },
): Promise<Outcome> {
  const secret = requireSecret(c.env)
  const config = commentConfig(c.env)
  const ip = clientIp(c)

  if (
    config.turnstile &&
    !(await verifyTurnstile(config.turnstile.secret, options.turnstileToken, ip))
  ) {
    return { ok: false, status: 403, message: MESSAGES.turnstile }
  }

  const db = writeSession(c.env)
  try {
    let depth = 0
    if (input.parentId) {
      const parent = await findParent(db, input.parentId)
      if (!parent || parent.essaySlug !== essay.slug)
        return { ok: false, status: 404, message: MESSAGES.parentMissing, field: 'parentId' }
      if (parent.status !== 'approved')
        return { ok: false, status: 403, message: MESSAGES.parentHeld, field: 'parentId' }
      if (parent.depth >= MAX_DEPTH)
        return { ok: false, status: 422, message: MESSAGES.tooDeep, field: 'parentId' }
      depth = parent.depth + 1
    }

    const userAgent = c.req.header('User-Agent')?.slice(0, 512) ?? null
    const { verdict, signals } = classify(input, { userAgent }, config)
    const row: NewComment = {
      id: randomId(),
      essaySlug: essay.slug,
      parentId: input.parentId,
      depth,
      authorName: input.name,
      authorEmail: input.email,
      authorUrl: input.website,
      body: input.body,
      verdict,
      createdAt: Date.now(),
      // Purpose 'ip' is shared with the importers: the same IP must hash the same everywhere.
      ipHash: ip ? await keyedHash(secret, 'ip', ip) : null,
      userAgent,
      spamSignals: Object.keys(signals).length ? JSON.stringify(signals) : null,
      submissionKey: options.submissionKey,
    }

    let inserted = await insertComment(db, row, config.floodSeconds)
    let replay = false
    if (!inserted) {
      const why = await explainRejection(db, row, config.floodSeconds)
      if (why.kind === 'duplicate') return { ok: false, status: 409, message: MESSAGES.duplicate }
      if (why.kind === 'flood')
        return { ok: false, status: 429, message: MESSAGES.flood, retryAfter: why.retryAfter }
      if (why.kind === 'unknown') return { ok: false, status: 503, message: MESSAGES.storage }
      inserted = why.stored
      replay = true
    }

    // The one place a freshly stored comment and its status are known (moderation notifications hook in here).
    const stored: StoredComment = {
      id: inserted.id,
      essaySlug: essay.slug,
      status: inserted.status,
      authorName: row.authorName,
      body: row.body,
      spamSignals: row.spamSignals,
      replay,
    }
    if (stored.status === 'approved' && !replay)
      waitUntil(c, purgeEssayPages(getConfig(c.env).siteUrl, essay.slug))
    if (stored.status === 'pending' && !replay)
      notifyHeldComment(
        c.env,
        { waitUntil: (task) => waitUntil(c, task) },
        { id: stored.id, essaySlug: essay.slug, authorName: row.authorName, body: row.body },
      )
    return { ok: true, stored, bookmark: db.getBookmark() }
  } catch (error) {
    console.error(
      JSON.stringify({
        level: 'error',
        requestId: c.get('requestId'),
        message: 'storing a comment failed',
        error: String(error),
      }),
    )
    return { ok: false, status: 503, message: MESSAGES.storage }
  }
}

export function waitUntil(c: Context, promise: Promise<unknown>) {
  const settled = promise.catch((error) =>
    console.error(
      JSON.stringify({ level: 'error', message: 'background task failed', error: String(error) }),
    ),
  )
  try {
    c.executionCtx.waitUntil(settled)
  } catch {
    // No execution context (unit tests calling app.request): the task still runs.
  }
}

/** Idempotency key of a form post: the token's nonce alone is shared by every reader of a cached page. */
export function submissionKey(secret: string, nonce: string, input: CommentInput): Promise<string> {
  return keyedHash(secret, 'submission', `${nonce}\n${input.email}\n${input.body}`)
}
