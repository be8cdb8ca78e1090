import type { Context } from 'hono'
import { config } from '../config'
import type { Essay } from '../content/types'
import type { CommentStatus } from '../db/schema'
import { writeSession } from '../db/session'
import type { AppEnv } from '../env'
import { emit, emitAndWait } from '../events'
import { clientIp, readerAddress } from '../lib/client-ip'
import { renderedColumns } from '../lib/comment-markdown'
import { keyedHash, randomId, requireSecret } from '../lib/crypto'
import { RequestError } from '../lib/errors'
import { describeError, log } from '../lib/log'
import { RATE_LIMIT_RETRY_SECONDS, withinRateLimit } from '../lib/rate-limit'
import type { CommentInput } from '../lib/schema'
import type { RememberedAuthor } from './cookies'
import { storageError, storeOnce } from './insert'
import { classify } from './spam'
import { MAX_DEPTH } from './store'
import { bodyKey, findParent, type NewComment } from './write-sql'
import type { Moderator } from './moderator'
import { verifyTurnstile } from './turnstile'
import { formatNumber, t } from '../views/i18n'

/** A comment that is now in D1, and everything known about it at that moment. */
export interface StoredComment {
  id: string
  essaySlug: string
  status: CommentStatus
  authorName: string
  body: string
  spamSignals: string | null
  /** When it was posted (this attempt's clock on a replay): the edit window counts from here. */
  createdAt: number
  /** True when this answer replays an earlier identical form post (nothing new was written). */
  replay: boolean
}

/** What readers are told when a comment is refused here, in the site's language (read per refusal). */
const messages = () => {
  const m = t()
  return {
    rateLimited: m.rateLimited({ seconds: formatNumber(RATE_LIMIT_RETRY_SECONDS) }),
    turnstile: m.turnstileFailed,
    parentMissing: m.parentMissing,
    parentHeld: m.parentHeld,
    tooDeep: m.tooDeep({ levels: formatNumber(MAX_DEPTH + 1) }),
  }
}

/** A refusal of the reply target, shown beside the form's hidden reply field. */
const replyRefused = (status: 403 | 404 | 422, message: string) =>
  new RequestError(status, message, { fields: { parentId: message } })

/**
 * The write path shared by the form and the JSON API: rate limit, Turnstile, reply rules, spam
 * rules, then one atomic statement that also enforces flood and duplicate limits. A refusal is
 * thrown (RequestError: the status, the message, the field to blame, Retry-After).
 * Then it announces what happened (src/events.ts): a held comment, or a published one whose essay
 * pages must be refreshed before the answer, so the author sees it right after the redirect.
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
    /** A signed-in moderator: posted as the site's author, published at once, audited. */
    asAuthor?: Moderator | null
  },
): Promise<{ stored: StoredComment; bookmark: string | null }> {
  const secret = requireSecret(c.env)
  const settings = config(c.env).comments
  const ip = clientIp(c)
  // Purpose 'ip' is shared with the importers: the same reader (IPv6: the same /64) hashes the same everywhere.
  const ipHash = ip ? await keyedHash(secret, 'ip', readerAddress(ip)) : null

  // The cheap, approximate first line; the flood rule in the insert stays the exact backstop.
  if (ipHash && !(await withinRateLimit(c, 'COMMENT_LIMITER', ipHash)))
    throw new RequestError(429, messages().rateLimited, {
      headers: { 'Retry-After': String(RATE_LIMIT_RETRY_SECONDS) },
    })

  if (
    settings.turnstile &&
    !(await verifyTurnstile(settings.turnstile.secret, options.turnstileToken, ip))
  )
    throw new RequestError(403, messages().turnstile)

  const db = writeSession(c.env)
  let stored: StoredComment
  try {
    let depth = 0
    if (input.parentId) {
      const parent = await findParent(db, input.parentId)
      if (!parent || parent.essaySlug !== essay.slug)
        throw replyRefused(404, messages().parentMissing)
      if (parent.status !== 'approved') throw replyRefused(403, messages().parentHeld)
      if (parent.depth >= MAX_DEPTH) throw replyRefused(422, messages().tooDeep)
      depth = parent.depth + 1
    }

    const userAgent = c.req.header('User-Agent')?.slice(0, 512) ?? null
    const moderator = options.asAuthor ?? null
    const { verdict, signals } = moderator
      ? { verdict: 'approved' as const, signals: {} }
      : classify(input, { userAgent }, settings)
    const row: NewComment = {
      id: randomId(),
      essaySlug: essay.slug,
      parentId: input.parentId,
      depth,
      // The author's reply is linked to the site itself, under the name content/site.json gives.
      authorName: moderator ? moderator.authorName : input.name,
      authorEmail: input.email,
      authorUrl: moderator ? settingsSiteUrl(c) : input.website,
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
      // Rendered once, here: pages, the feed and the API show the stored HTML.
      ...renderedColumns(input.body),
      asAuthor: moderator ? { actor: moderator.actor } : null,
    }

    const { stored: inserted, replay } = await storeOnce(c, db, row, settings.floodSeconds)
    stored = {
      id: inserted.id,
      essaySlug: essay.slug,
      status: inserted.status,
      authorName: row.authorName,
      body: row.body,
      spamSignals: row.spamSignals,
      createdAt: row.createdAt,
      replay,
    }
  } catch (error) {
    if (error instanceof RequestError) throw error
    log(c, 'error', 'storing a comment failed', { error: describeError(error) })
    throw storageError(error)
  }

  // The one place a freshly stored comment and its status are known: the app wires who reacts.
  if (!stored.replay) {
    emit(c, 'comment.posted', {
      id: stored.id,
      essaySlug: essay.slug,
      parentId: input.parentId,
      authorName: stored.authorName,
      email: input.email,
      wantsReplies: input.notifyReplies === true,
      status: stored.status,
    })
    if (stored.status === 'approved')
      emit(c, 'comment.published', {
        id: stored.id,
        essaySlug: essay.slug,
        parentId: input.parentId,
      })
  }
  if (!stored.replay && stored.status === 'approved')
    await emitAndWait(c, 'essays.changed', { slugs: [essay.slug] })
  if (!stored.replay && stored.status === 'pending')
    emit(c, 'comment.held', {
      id: stored.id,
      essaySlug: essay.slug,
      authorName: stored.authorName,
      body: stored.body,
      status: stored.status,
    })
  return { stored, bookmark: db.getBookmark() }
}

const settingsSiteUrl = (c: Context<AppEnv>) => `${config(c.env).siteUrl}/`

/** hold-first's proof: the cookie's comment ids, only when its signed email is the posted one. */
function proofIds(remembered: RememberedAuthor | null | undefined, email: string): string | null {
  if (!remembered?.ids.length || remembered.email.toLowerCase() !== email.toLowerCase()) return null
  return JSON.stringify(remembered.ids)
}

/**
 * Idempotency key of a form post: the same form posted twice (a double click, a resend) stores once
 * and gets the same answer. Each page view has its own token, and `form_nonce` lets a token post only
 * one comment; email and body in the key tell "the same post again" from "another post on a spent form".
 */
export function submissionKey(secret: string, nonce: string, input: CommentInput): Promise<string> {
  return keyedHash(secret, 'submission', `${nonce}\n${input.email}\n${input.body}`)
}
