import type { Context } from 'hono'
import { notifyHeldComment } from '../admin/notify'
import { getConfig } from '../config'
import type { CommentStatus } from '../db/schema'
import { writeSession } from '../db/session'
import type { AppEnv } from '../env'
import type { Essay } from '../content/types'
import { clientIp, readerAddress } from '../lib/client-ip'
import { keyedHash, randomId, requireSecret } from '../lib/crypto'
import { RATE_LIMIT_RETRY_SECONDS, withinRateLimit } from '../lib/rate-limit'
import { commentConfig } from './config'
import type { RememberedAuthor } from './cookies'
import { purgeEssayPages } from './page-cache'
import { classify } from './spam'
import {
  bodyKey,
  explainRejection,
  findParent,
  insertComment,
  MAX_DEPTH,
  type NewComment,
  type Rejection,
  type Stored,
} from './store'
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
  rateLimited: `Too many comments have come from your network in the last minute, so this one was not posted. Your text is still here: please wait ${RATE_LIMIT_RETRY_SECONDS} seconds and post it again.`,
  formUsed:
    'This form was already used to post a comment, so this one was not posted. Your text is still here, with a fresh form: please post it again.',
  storage:
    'Your comment could not be saved just now, so it was not posted. Your text is still here: please try again in a moment.',
  turnstile: 'The anti-spam check did not pass. Please complete it and post again.',
  parentMissing: 'The comment you are replying to does not exist on this essay.',
  parentHeld:
    'The comment you are replying to has not been approved, so it cannot be replied to yet.',
  tooDeep: `This thread is already ${MAX_DEPTH + 1} levels deep: reply to an earlier comment instead.`,
} as const

/**
 * The write path shared by the form and the JSON API: Turnstile, reply rules, spam rules,
 * then one atomic statement that also enforces flood and duplicate limits.
 */
export async function submitComment(
  c: Context<AppEnv>,
  essay: Essay,
  input: CommentInput,
  options: {
    submissionKey: string | null
    /** The form token's nonce (form path only): one comment per page view's token. */
    formNonce?: string | null
    /** The reader's verified remember-me cookie: hold-first's only proof of a returning author. */
    remembered?: RememberedAuthor | null
    turnstileToken?: string
  },
): Promise<Outcome> {
  const secret = requireSecret(c.env)
  const config = commentConfig(c.env)
  const ip = clientIp(c)
  // Purpose 'ip' is shared with the importers: the same reader (IPv6: the same /64) hashes the same everywhere.
  const ipHash = ip ? await keyedHash(secret, 'ip', readerAddress(ip)) : null

  // The cheap, approximate first line; the flood rule in the insert stays the exact backstop.
  if (ipHash && !(await withinRateLimit(c, 'COMMENT_LIMITER', ipHash)))
    return {
      ok: false,
      status: 429,
      message: MESSAGES.rateLimited,
      retryAfter: RATE_LIMIT_RETRY_SECONDS,
    }

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
      ipHash,
      userAgent,
      spamSignals: Object.keys(signals).length ? JSON.stringify(signals) : null,
      submissionKey: options.submissionKey,
      formNonce: options.formNonce
        ? await keyedHash(secret, 'form-nonce', options.formNonce)
        : null,
      bodyKey: bodyKey(input.body),
      proofIds: proofIds(options.remembered, input.email),
    }

    const result = await storeOnce(c, db, row, config.floodSeconds)
    if ('status' in result) return { ok: false, ...result }
    const { stored: inserted, replay } = result

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
    logError(c, 'storing a comment failed', { error: String(error) })
    return { ok: false, status: 503, message: MESSAGES.storage }
  }
}

/** hold-first's proof: the cookie's comment ids, only when its signed email is the posted one. */
function proofIds(remembered: RememberedAuthor | null | undefined, email: string): string | null {
  if (!remembered?.ids.length || remembered.email.toLowerCase() !== email.toLowerCase()) return null
  return JSON.stringify(remembered.ids)
}

/** Messages D1 gives for a failure worth one more try (per Cloudflare's D1 docs on retrying). */
const TRANSIENT_D1 = [
  'network connection lost',
  'storage caused object to be reset',
  'reset because its code was updated',
  'transient issue',
  'internal error',
  'overloaded',
  'timed out',
  'timeout',
]
export const isTransientD1Error = (error: unknown) =>
  TRANSIENT_D1.some((text) => String(error).toLowerCase().includes(text))

type Attempt =
  | { stored: Stored; replay: boolean }
  | { status: 409 | 422 | 429 | 503; message: string; retryAfter?: number }

/**
 * The insert, and when it stores nothing, why. The row's id is fixed before the first attempt, so a
 * second attempt after a transient D1 error or an empty answer no rule explains cannot store it
 * twice (ON CONFLICT keeps it single), and a row that was stored although its answer was lost is
 * found by its id. Only what still has no explanation after that is a 503, and it is logged.
 */
async function storeOnce(
  c: Context<AppEnv>,
  db: D1DatabaseSession,
  row: NewComment,
  floodSeconds: number,
): Promise<Attempt> {
  let why: Rejection | null = null
  for (let attempt = 1; attempt <= 2; attempt++) {
    let inserted: Stored | null
    try {
      inserted = await insertComment(db, row, floodSeconds)
    } catch (error) {
      if (attempt === 2 || !isTransientD1Error(error)) throw error
      logError(
        c,
        'comment insert failed transiently; trying once more',
        {
          error: String(error),
          commentId: row.id,
        },
        'warn',
      )
      continue
    }
    if (inserted) return { stored: inserted, replay: false }
    why = await explainRejection(db, row, floodSeconds)
    if (why.kind !== 'unknown') break
    if (attempt === 1)
      logError(
        c,
        'comment insert stored nothing and no rule explains it; trying once more',
        {
          commentId: row.id,
        },
        'warn',
      )
  }
  if (!why) why = await explainRejection(db, row, floodSeconds)
  switch (why.kind) {
    case 'stored':
      return { stored: why.stored, replay: false }
    case 'replay':
      return { stored: why.stored, replay: true }
    case 'formUsed':
      return { status: 422, message: MESSAGES.formUsed }
    case 'duplicate':
      return { status: 409, message: MESSAGES.duplicate }
    case 'flood':
      return { status: 429, message: MESSAGES.flood, retryAfter: why.retryAfter }
    case 'unknown':
      logError(c, 'comment insert stored nothing twice and no rule explains it', {
        cause: 'INSERT ... RETURNING gave no row; no replay, used token, duplicate or flood found',
        commentId: row.id,
      })
      return { status: 503, message: MESSAGES.storage }
  }
}

/** One JSON line per failure, with the request id, as every 5xx needs. */
function logError(
  c: Context<AppEnv>,
  message: string,
  detail: Record<string, unknown>,
  level: 'error' | 'warn' = 'error',
) {
  const line = JSON.stringify({ level, requestId: c.get('requestId'), message, ...detail })
  if (level === 'warn') console.warn(line)
  else console.error(line)
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

/**
 * Idempotency key of a form post: the same form posted twice (a double click, a resend) stores once
 * and gets the same answer. Each page view has its own token, and `form_nonce` lets a token post only
 * one comment; email and body in the key tell "the same post again" from "another post on a spent form".
 */
export function submissionKey(secret: string, nonce: string, input: CommentInput): Promise<string> {
  return keyedHash(secret, 'submission', `${nonce}\n${input.email}\n${input.body}`)
}
