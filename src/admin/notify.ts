import { absoluteUrl, config } from '../config'
import type { CommentStatus } from '../db/schema'
import type { Env } from '../env'
import { randomId, signToken } from '../lib/crypto'
import { describeError, log } from '../lib/log'
import { cutText } from '../lib/text'
import { essayPath } from '../lib/urls'
import { essayTitle, oneLine } from './present'

/**
 * Webhook notifications for held comments, with signed one-click approve / spam links.
 * Sent after the reader already has their answer (waitUntil), retried once, and every failure is
 * logged and swallowed: a notification can never fail or slow down a submission. The webhook URL
 * and the secret the links are signed with come from config(env); either missing means off.
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
  const jti = randomId()
  const st = options.status ?? 'pending'
  const link = async (action: OneClickAction) =>
    absoluteUrl(
      env,
      `/moderate/${await signToken(secret, ONE_CLICK_PURPOSE, { id: commentId, action, jti, st }, ONE_CLICK_SECONDS, options.now)}`,
    )
  return { approve: await link('approve'), spam: await link('spam') }
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

/** Posts one held comment to the webhook; true when it was delivered. Never throws. */
export async function sendHeldNotification(env: Env, comment: HeldComment): Promise<boolean> {
  const commentId = comment.id
  try {
    const { webhookUrl: url, secretKey: secret } = config(env)
    if (!url) return false
    if (!secret) {
      log(null, 'error', 'SECRET_KEY missing: held-comment notification not sent', { commentId })
      return false
    }
    const links = await oneClickLinks(env, secret, commentId)
    const title = essayTitle(comment.essaySlug)
    const excerpt = cutText(oneLine(comment.body), 280)
    const payload = {
      // `text` makes the payload readable as-is by Slack-style incoming webhooks.
      // Reader text is escaped; the only links are ours, with our labels.
      text: `New comment held for moderation on "${slackText(title)}" by ${slackText(comment.authorName)}: ${slackText(excerpt)}\n${slackLink(links.approve, 'Approve')} · ${slackLink(links.spam, 'Mark as spam')}`,
      essay: title,
      essaySlug: comment.essaySlug,
      essayUrl: absoluteUrl(env, essayPath(comment.essaySlug)),
      commentId,
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
        log(null, 'warn', 'webhook answered an error', { commentId, attempt, status: res.status })
      } catch (err) {
        log(null, 'warn', 'webhook request failed', {
          commentId,
          attempt,
          error: describeError(err),
        })
      }
    }
    log(null, 'error', 'held-comment notification not delivered after a retry', { commentId })
    return false
  } catch (err) {
    log(null, 'error', 'held-comment notification failed', {
      commentId,
      error: describeError(err),
    })
    return false
  }
}

/**
 * Call for each newly held comment: `notifyHeldComment(c.env, c.executionCtx, comment)` (the app
 * wires it to the 'comment.held' event). Returns at once; the webhook is posted after the answer.
 */
export function notifyHeldComment(env: Env, ctx: WaitUntil, comment: HeldComment): void {
  if (!config(env).webhookUrl) return
  try {
    ctx.waitUntil(sendHeldNotification(env, comment))
  } catch (err) {
    log(null, 'error', 'could not schedule held-comment notification', {
      commentId: comment.id,
      error: describeError(err),
    })
  }
}
