import { config, type MailSettings } from '../config'
import { findEssay } from '../content/catalog'
import type { Env } from '../env'
import { site } from '../generated/content'
import { requireSecret } from '../lib/crypto'
import { cutText } from '../lib/text'
import { commentAnchor, essayPath } from '../lib/urls'
import { t } from '../views/i18n'
import { confirmPath, confirmToken, unsubscribePath, unsubscribeToken } from './links'
import type { MailContent } from './render'
import type { Subscription } from './store'

/** What each kind of message says: the blocks `renderMail` turns into text and HTML. */

export interface CommentRow {
  id: string
  essaySlug: string
  parentId: string | null
  authorName: string
  authorEmail: string
  body: string
  status: string
}

export const EXCERPT = 600

const titleOf = (slug: string) => findEssay(slug)?.title ?? slug
const absolute = (env: Env, path: string) => config(env).siteUrl + path

export function what(sub: Pick<Subscription, 'kind' | 'essaySlug'>): string {
  return sub.kind === 'replies'
    ? t().mailWhatReplies
    : t().mailWhatEssay({ title: titleOf(sub.essaySlug) })
}

export async function unsubscribeUrl(env: Env, subscriptionId: string): Promise<string> {
  return absolute(env, unsubscribePath(await unsubscribeToken(requireSecret(env), subscriptionId)))
}

export async function confirmationMail(env: Env, sub: Subscription): Promise<MailContent> {
  const m = t()
  const href = absolute(env, confirmPath(await confirmToken(requireSecret(env), sub.id)))
  return {
    to: sub.email,
    subject: `${m.mailConfirmSubject({ what: what(sub) })} · ${site.title}`,
    blocks: [
      { kind: 'p', text: m.mailConfirmBody({ what: what(sub) }) },
      { kind: 'link', label: m.mailConfirmButton, href },
      { kind: 'p', text: m.mailIgnore },
    ],
    unsubscribeUrl: await unsubscribeUrl(env, sub.id),
  }
}

const commentUrl = (env: Env, comment: Pick<CommentRow, 'id' | 'essaySlug'>) =>
  absolute(env, essayPath(comment.essaySlug, { hash: commentAnchor(comment.id) }))

export async function replyMail(
  env: Env,
  sub: Subscription,
  reply: CommentRow,
): Promise<MailContent> {
  const m = t()
  return {
    to: sub.email,
    subject: m.mailReplySubject({ name: reply.authorName, title: titleOf(reply.essaySlug) }),
    blocks: [
      { kind: 'p', text: m.mailReplyBody({ name: reply.authorName }) },
      { kind: 'quote', text: cutText(reply.body, EXCERPT) },
      { kind: 'link', label: m.mailReadReply, href: commentUrl(env, reply) },
    ],
    unsubscribeUrl: await unsubscribeUrl(env, sub.id),
  }
}

export async function digestMail(
  env: Env,
  sub: Subscription,
  comments: CommentRow[],
): Promise<MailContent> {
  const m = t()
  const title = titleOf(sub.essaySlug)
  return {
    to: sub.email,
    subject: m.mailDigestSubject({ title }),
    blocks: [
      { kind: 'p', text: m.mailDigestBody({ title }) },
      ...comments.flatMap((comment) => [
        { kind: 'p' as const, text: m.mailDigestBy({ name: comment.authorName }) },
        { kind: 'quote' as const, text: cutText(comment.body, EXCERPT) },
        { kind: 'link' as const, label: m.mailReadReply, href: commentUrl(env, comment) },
      ]),
    ],
    unsubscribeUrl: await unsubscribeUrl(env, sub.id),
  }
}

export function heldMail(
  env: Env,
  mail: MailSettings,
  comment: CommentRow,
  links: { approveUrl: string; spamUrl: string },
): MailContent {
  const m = t()
  return {
    to: mail.moderatorEmail!,
    subject: m.mailHeldSubject({ title: titleOf(comment.essaySlug) }),
    blocks: [
      { kind: 'p', text: m.mailHeldBody({ name: comment.authorName }) },
      { kind: 'quote', text: cutText(comment.body, EXCERPT) },
      { kind: 'link', label: m.mailApprove, href: links.approveUrl },
      { kind: 'link', label: m.mailSpam, href: links.spamUrl },
    ],
    // The moderator's address is config (MODERATOR_EMAIL), not a subscription: no unsubscribe link.
    unsubscribeUrl: null,
  }
}
