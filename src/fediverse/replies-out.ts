import { config } from '../config'
import type { Env } from '../env'
import { renderComment } from '../lib/comment-markdown'
import { describeError, log } from '../lib/log'
import { commentAnchor, essayPath } from '../lib/urls'
import { escapeHtml } from './documents'
import { enqueueDelivery } from './delivery'
import { fetchJson, readActor, type RemoteActor } from './remote'
import { isBlocked, storeActor } from './store'
import { AS_CONTEXT, fediUrls, PUBLIC } from './urls'

/**
 * The author answering a federated comment (from the essay page or the admin: both publish an
 * is_author comment and announce 'comment.published'): a Create(Note) to that account's inbox,
 * `inReplyTo` its Note, so the answer shows under the toot on Mastodon. The Note's id is the reply's
 * anchor on the essay page, which replyTarget (replies.ts) maps back to this comment, so a reply to
 * the answer threads under it here. The activity id is fixed per comment, and the delivery log keys
 * on (activity, inbox): a second 'comment.published' for the same comment never posts twice.
 */

interface Row {
  id: string
  essaySlug: string
  parentId: string | null
  status: string
  isAuthor: number
  body: string
  bodyHtml: string | null
  createdAt: number
  origin: string
  source: string | null
  authorUrl: string | null
}

const COLUMNS = `id, essay_slug AS essaySlug, parent_id AS parentId, status, is_author AS isAuthor, body,
  body_html AS bodyHtml, created_at AS createdAt, origin, source, author_url AS authorUrl`

const commentById = (env: Env, id: string) =>
  env.DB.prepare(`SELECT ${COLUMNS} FROM comments WHERE id = ?1`).bind(id).first<Row>()

const sameOrigin = (a: string, b: string) => {
  try {
    return new URL(a).origin === new URL(b).origin
  } catch {
    return false
  }
}

type Recipient = Pick<RemoteActor, 'id' | 'inbox' | 'username' | 'url'>

/**
 * The account that wrote a federated comment. Replies store `author_url` = the actor's profile url
 * (or its id when it has none), and the actor it was verified with is in fediverse_actors: a fresh
 * row is used as is, an expired one is refetched (falling back to the old inbox if that fails). With
 * no row, the Note itself (its `source`) names its author. The actor must live where the Note does.
 */
async function recipientOf(env: Env, parent: Row, now: number): Promise<Recipient | null> {
  const row = await env.DB.prepare(
    `SELECT actor_id AS id, inbox, username, url, expires_at AS expiresAt FROM fediverse_actors
     WHERE url = ?1 OR actor_id = ?1 ORDER BY fetched_at DESC LIMIT 1`,
  )
    .bind(parent.authorUrl ?? '')
    .first<Recipient & { expiresAt: number }>()
  if (row && row.expiresAt > now && row.inbox) return row
  let actorId = row?.id ?? null
  try {
    if (!actorId) {
      const note = await fetchJson(env, parent.source!)
      const by = Array.isArray(note.attributedTo) ? note.attributedTo[0] : note.attributedTo
      actorId = typeof by === 'string' ? by : null
      if (!actorId || note.id !== parent.source) return null
    }
    const actor = readActor(await fetchJson(env, actorId))
    if (actor && actor.id === actorId) {
      await storeActor(env, actor, now)
      return actor
    }
  } catch (error) {
    log(null, 'warn', 'fediverse reply: the parent author could not be fetched', {
      actor: actorId,
      error: describeError(error),
    })
  }
  return row?.inbox ? row : null
}

/** The Create(Note) for `reply`, answering the federated comment `parent` by `to`. */
export function replyActivity(env: Env, reply: Row, parent: Row, to: Recipient) {
  const settings = config(env)
  const urls = fediUrls(settings.siteUrl, settings.fediverse!)
  const id = settings.siteUrl + essayPath(reply.essaySlug, { hash: commentAnchor(reply.id) })
  const name = `@${to.username ?? 'user'}@${new URL(to.id).host}`
  // Mastodon starts a reply with the mention, as an h-card link; the Mention tag is what notifies.
  const mention = `<span class="h-card"><a href="${escapeHtml(to.url ?? to.id)}" class="u-url mention">@<span>${escapeHtml(to.username ?? 'user')}</span></a></span> `
  const html = reply.bodyHtml ?? renderComment(reply.body)
  const content = html.startsWith('<p>')
    ? `<p>${mention}${html.slice(3)}`
    : `<p>${mention.trimEnd()}</p>${html}`
  const published = new Date(reply.createdAt).toISOString()
  // A public reply as Mastodon addresses one: to Public, cc the account it answers.
  const addressing = { to: [PUBLIC], cc: [to.id] }
  return {
    '@context': AS_CONTEXT,
    id: urls.activity('reply', reply.essaySlug, reply.id),
    type: 'Create',
    actor: urls.actor,
    published,
    ...addressing,
    object: {
      id,
      type: 'Note',
      attributedTo: urls.actor,
      inReplyTo: parent.source!,
      content,
      url: id,
      published,
      ...addressing,
      tag: [{ type: 'Mention', href: to.id, name }],
    },
  }
}

/** Reacts to 'comment.published' (wired in src/index.ts): sends an author's reply to a federated comment. */
export async function sendAuthorReply(env: Env, commentId: string): Promise<'sent' | 'skipped'> {
  if (!config(env).fediverse) return 'skipped'
  const reply = await commentById(env, commentId)
  if (!reply || !reply.isAuthor || reply.status !== 'approved' || !reply.parentId) return 'skipped'
  const parent = await commentById(env, reply.parentId)
  if (!parent || parent.origin !== 'fediverse' || !parent.source || parent.status !== 'approved')
    return 'skipped'
  const to = await recipientOf(env, parent, Date.now())
  if (!to?.inbox || !sameOrigin(to.id, parent.source) || (await isBlocked(env, to.id)))
    return 'skipped'
  await enqueueDelivery(env, replyActivity(env, reply, parent, to), [to.inbox])
  return 'sent'
}
