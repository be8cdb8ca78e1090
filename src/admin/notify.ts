import { getConfig } from '../config'
import type { CommentStatus } from '../db/schema'
import type { Env } from '../env'
import { randomId, signToken } from '../lib/crypto'
import { essayTitle } from './validate'

/**
 * Webhook notifications for held comments, with signed one-click approve / spam links.
 * Sent after the reader already has their answer (waitUntil), retried once, and every failure is
 * logged and swallowed: a notification can never fail or slow down a submission.
 */

export const ONE_CLICK_PURPOSE = 'admin-one-click'
export const ONE_CLICK_SECONDS = 3 * 86400
export const ONE_CLICK_ACTIONS = ['approve', 'spam'] as const
export type OneClickAction = (typeof ONE_CLICK_ACTIONS)[number]

export interface HeldComment {
  id: string
  essaySlug: string
  authorName: string
  body: string
}

interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void
}

/**
 * Signed links to approve or mark spam one comment. Both links share one id (jti), so whichever
 * is used first spends the notification: a second click on either answers "already used".
 * The token names the status the comment had when the link was made (`st`): the link acts only
 * while the comment is still in it, so an old notification never overrides a moderator's decision.
 * Notifications go out for held comments, so that status is 'pending' unless told otherwise.
 */
export async function oneClickLinks(
  env: Env,
  secret: string,
  commentId: string,
  options: { status?: CommentStatus; now?: number } = {},
): Promise<Record<OneClickAction, string>> {
  const siteUrl = getConfig(env).siteUrl
  const jti = randomId()
  const st = options.status ?? 'pending'
  const link = async (action: OneClickAction) =>
    `${siteUrl}/moderate/${await signToken(secret, ONE_CLICK_PURPOSE, { id: commentId, action, jti, st }, ONE_CLICK_SECONDS, options.now)}`
  return { approve: await link('approve'), spam: await link('spam') }
}

/** Only https (or http to this machine, for local testing): a webhook URL typo must not leak links over plain http. */
export function webhookUrl(env: Env): string | null {
  const raw = env.NOTIFY_WEBHOOK_URL?.trim()
  if (!raw) return null
  try {
    const url = new URL(raw)
    if (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname))
    )
      return url.href
  } catch {
    // fall through
  }
  console.error(
    JSON.stringify({
      level: 'error',
      message: 'NOTIFY_WEBHOOK_URL is not an https URL; notifications are off',
    }),
  )
  return null
}

/**
 * Slack's escaping for message text: only &, < and > are special, and escaping them is all it
 * takes for `<!channel>`, `<@U123>` or `<https://…|label>` typed by a reader to show as text
 * instead of pinging or linking. Reader text (name, body) and the essay title go through this.
 */
export function slackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** A Slack link with one of our fixed labels: the URL is ours (base64url token, no | or >), the label never reader text. */
const slackLink = (url: string, label: string) => `<${url}|${label}>`

function log(level: 'warn' | 'error', message: string, detail: Record<string, unknown>) {
  console[level === 'warn' ? 'warn' : 'error'](JSON.stringify({ level, message, ...detail }))
}

export async function sendHeldNotification(env: Env, comment: HeldComment): Promise<boolean> {
  try {
    const url = webhookUrl(env)
    const secret = env.SECRET_KEY
    if (!url) return false
    if (!secret || secret.length < 16) {
      log('error', 'SECRET_KEY missing: held-comment notification not sent', {
        commentId: comment.id,
      })
      return false
    }
    const links = await oneClickLinks(env, secret, comment.id)
    const title = essayTitle(comment.essaySlug)
    const flat = comment.body.replace(/\s+/g, ' ').trim()
    const excerpt = [...flat].length > 280 ? `${[...flat].slice(0, 279).join('')}…` : flat
    const payload = {
      // `text` makes the payload readable as-is by Slack-style incoming webhooks.
      // Reader text is escaped; the only links are ours, with our labels.
      text: `New comment held for moderation on "${slackText(title)}" by ${slackText(comment.authorName)}: ${slackText(excerpt)}\n${slackLink(links.approve, 'Approve')} · ${slackLink(links.spam, 'Mark as spam')}`,
      essay: title,
      essaySlug: comment.essaySlug,
      essayUrl: `${getConfig(env).siteUrl}/essays/${comment.essaySlug}`,
      commentId: comment.id,
      authorName: comment.authorName,
      excerpt,
      approveUrl: links.approve,
      spamUrl: links.spam,
      expiresAt: new Date(Date.now() + ONE_CLICK_SECONDS * 1000).toISOString(),
    }
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'User-Agent': 'edge-blog-notify' },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(10_000),
        })
        if (res.ok) return true
        log('warn', 'webhook answered an error', {
          commentId: comment.id,
          attempt,
          status: res.status,
        })
      } catch (err) {
        log('warn', 'webhook request failed', {
          commentId: comment.id,
          attempt,
          error: String(err),
        })
      }
    }
    log('error', 'held-comment notification not delivered after a retry', { commentId: comment.id })
    return false
  } catch (err) {
    log('error', 'held-comment notification failed', { commentId: comment.id, error: String(err) })
    return false
  }
}

/** Call for each newly held comment: `notifyHeldComment(c.env, c.executionCtx, comment)`. Returns at once. */
export function notifyHeldComment(env: Env, ctx: WaitUntil, comment: HeldComment): void {
  if (!env.NOTIFY_WEBHOOK_URL) return
  try {
    ctx.waitUntil(sendHeldNotification(env, comment))
  } catch (err) {
    log('error', 'could not schedule held-comment notification', {
      commentId: comment.id,
      error: String(err),
    })
  }
}
