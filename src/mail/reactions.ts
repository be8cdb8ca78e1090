import type { Context } from 'hono'
import type { AppEnv } from '../env'
import type { AppEvents } from '../events'
import { checkAddress } from '../lib/email-address'
import { randomId } from '../lib/crypto'
import { enqueue } from './queue'
import { readerIpHash } from './requests'
import { mailOn } from './settings'
import { requestSubscription, watchComment } from './store'

/**
 * How mail reacts to comments (wired in src/index.ts with `on()`): it only writes rows and enqueues;
 * the queue consumer renders and sends. Everything here runs after the reader's answer.
 */

/** "Email me when someone replies": watch this comment, and ask the address to confirm if it has not. */
export async function onCommentPosted(
  c: Context<AppEnv>,
  comment: AppEvents['comment.posted'],
): Promise<void> {
  // Spam never gets to make the blog mail anyone (the form would be a way to mail a stranger).
  if (!comment.wantsReplies || comment.status === 'spam' || !mailOn(c.env)) return
  const address = checkAddress(comment.email)
  // The comment form's looser rule let it through; mail is stricter (one plain mailbox) and quietly skips it.
  if (!address.ok) return
  await watchComment(c.env.DB, comment.id, address.address)
  const outcome = await requestSubscription(
    c.env.DB,
    { email: address.address, kind: 'replies', essaySlug: '' },
    await readerIpHash(c),
  )
  if (outcome.send)
    await enqueue(c.env, [
      { kind: 'confirm', subscriptionId: outcome.subscriptionId, requestId: randomId() },
    ])
}

/** A comment readers can now see: reply notifications (its parent's author) go out through the queue. */
export async function onCommentPublished(
  c: Context<AppEnv>,
  comment: AppEvents['comment.published'],
): Promise<void> {
  if (!mailOn(c.env)) return
  // Essay subscribers are batched by the cron task; only a reply has someone to tell at once.
  if (comment.parentId === null) return
  await enqueue(c.env, [{ kind: 'reply', commentId: comment.id }])
}

/** MODERATOR_EMAIL: a held comment is mailed too, with the one-click links the app made for it. */
export async function mailHeldComment(
  c: Context<AppEnv>,
  comment: AppEvents['comment.held'],
  links: { approve: string; spam: string },
): Promise<void> {
  if (!mailOn(c.env)?.moderatorEmail) return
  await enqueue(c.env, [
    { kind: 'held', commentId: comment.id, approveUrl: links.approve, spamUrl: links.spam },
  ])
}
