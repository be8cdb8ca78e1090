import type { Context } from 'hono'
import { config } from '../config'
import type { AppEnv } from '../env'
import { emit, emitAndWait } from '../events'
import { LIMITS } from '../lib/schema'
import { randomId } from '../lib/crypto'
import { cutText } from '../lib/text'
import { enqueueDelivery } from './delivery'
import { noteText } from './note-text'
import type { RemoteActor } from './remote'
import {
  deleteNoteComment,
  deleteResponse,
  essayOfUrl,
  insertNoteComment,
  replyTarget,
  updateNoteComment,
  upsertResponse,
} from './replies'
import { addFollower, removeFollower } from './store'
import { AS_CONTEXT, fediUrls, PUBLIC_ALIASES } from './urls'

/**
 * What a verified activity does. Only what the blog understands changes anything; the rest is
 * accepted (202) and ignored, as Mastodon does. Ownership: an actor may only change its own objects
 * (same origin as its id, and `actor`/`attributedTo` equal to it).
 */

type Json = Record<string, unknown>

const asObject = (value: unknown): Json | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null
const idOf = (value: unknown): string | null =>
  typeof value === 'string'
    ? value
    : typeof asObject(value)?.id === 'string'
      ? (asObject(value)!.id as string)
      : null
const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value]

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin
  } catch {
    return false
  }
}

export const isPublic = (object: Json) =>
  [...list(object.to), ...list(object.cc)].some(
    (value) => typeof value === 'string' && PUBLIC_ALIASES.has(value),
  )

const displayName = (actor: RemoteActor) =>
  cutText(actor.name || actor.username || actor.id, LIMITS.name)

export async function handleActivity(c: Context<AppEnv>, activity: Json, actor: RemoteActor) {
  switch (activity.type) {
    case 'Follow':
      return follow(c, activity, actor)
    case 'Undo':
      return undo(c, activity, actor)
    case 'Create':
      return create(c, activity, actor)
    case 'Update':
      return update(c, activity, actor)
    case 'Delete':
      return remove(c, activity, actor)
    case 'Like':
    case 'Announce':
      return respond(c, activity, actor)
    default:
      return 'ignored'
  }
}

async function follow(c: Context<AppEnv>, activity: Json, actor: RemoteActor) {
  const settings = config(c.env)
  const urls = fediUrls(settings.siteUrl, settings.fediverse!)
  const followId = idOf(activity)
  if (idOf(activity.object) !== urls.actor || !followId || !actor.inbox) return 'ignored'
  await addFollower(
    c.env,
    { actorId: actor.id, inbox: actor.inbox, sharedInbox: actor.sharedInbox, followId },
    Date.now(),
  )
  await enqueueDelivery(
    c.env,
    {
      '@context': AS_CONTEXT,
      id: `${urls.actor}#accepts/${randomId()}`,
      type: 'Accept',
      actor: urls.actor,
      object: { id: followId, type: 'Follow', actor: actor.id, object: urls.actor },
    },
    [actor.inbox],
  )
  return 'followed'
}

async function undo(c: Context<AppEnv>, activity: Json, actor: RemoteActor) {
  const inner = asObject(activity.object)
  const innerId = idOf(activity.object)
  if (!innerId || !sameOrigin(innerId, actor.id)) return 'ignored'
  if (inner && inner.actor !== undefined && idOf(inner.actor) !== actor.id) return 'ignored'
  if (inner?.type === 'Follow') {
    await removeFollower(c.env, actor.id)
    return 'unfollowed'
  }
  const slug = await deleteResponse(c.env, innerId)
  if (slug) {
    await emitAndWait(c, 'essays.changed', { slugs: [slug] })
    return 'undone'
  }
  return 'ignored'
}

async function noteFields(note: Json) {
  const content = typeof note.content === 'string' ? note.content.slice(0, 200_000) : ''
  const summary = typeof note.summary === 'string' ? note.summary.slice(0, 2000) : null
  const body = await noteText(content, summary)
  return { body: cutText(body, LIMITS.bodyBytes / 4) }
}

async function create(c: Context<AppEnv>, activity: Json, actor: RemoteActor) {
  const note = asObject(activity.object)
  if (!note || note.type !== 'Note' || typeof note.id !== 'string') return 'ignored'
  if (idOf(note.attributedTo) !== actor.id || !sameOrigin(note.id, actor.id)) return 'ignored'
  // A reply not addressed to the public (followers-only, a direct message) never becomes a comment.
  if (!isPublic(note) || typeof note.inReplyTo !== 'string') return 'ignored'
  const target = await replyTarget(c.env, note.inReplyTo)
  if (!target) return 'ignored'
  const { body } = await noteFields(note)
  if (!body) return 'ignored'
  const policy = config(c.env).comments.policy
  const now = Date.now()
  const published = Date.parse(typeof note.published === 'string' ? note.published : '')
  const stored = await insertNoteComment(
    c.env,
    target,
    {
      source: note.id,
      originUrl: typeof note.url === 'string' ? note.url : note.id,
      authorName: displayName(actor),
      authorUrl: actor.url ?? actor.id,
      body,
      publishedAt: Number.isFinite(published) ? published : now,
    },
    // Held unless the blog publishes everything at once ('open'); hold-first has no proof to go on here.
    policy === 'open' ? 'approved' : 'pending',
    now,
  )
  if (!stored) return 'duplicate'
  if (stored.status === 'approved')
    await emitAndWait(c, 'essays.changed', { slugs: [target.essay.slug] })
  else
    emit(c, 'comment.held', {
      id: stored.id,
      essaySlug: target.essay.slug,
      authorName: displayName(actor),
      body,
      status: 'pending',
    })
  return 'stored'
}

async function update(c: Context<AppEnv>, activity: Json, actor: RemoteActor) {
  const note = asObject(activity.object)
  if (!note || note.type !== 'Note' || typeof note.id !== 'string') return 'ignored'
  if (idOf(note.attributedTo) !== actor.id || !sameOrigin(note.id, actor.id)) return 'ignored'
  const { body } = await noteFields(note)
  if (!body) return 'ignored'
  const row = await updateNoteComment(c.env, note.id, body, displayName(actor), Date.now())
  if (!row) return 'ignored'
  if (row.status === 'approved') await emitAndWait(c, 'essays.changed', { slugs: [row.essaySlug] })
  return 'updated'
}

async function remove(c: Context<AppEnv>, activity: Json, actor: RemoteActor) {
  const id = idOf(activity.object)
  if (!id || !sameOrigin(id, actor.id)) return 'ignored'
  const row = await deleteNoteComment(c.env, id)
  if (!row) return 'ignored'
  await emitAndWait(c, 'essays.changed', { slugs: [row.essaySlug] })
  return 'deleted'
}

async function respond(c: Context<AppEnv>, activity: Json, actor: RemoteActor) {
  const id = idOf(activity)
  const object = idOf(activity.object)
  if (!id || !object || !sameOrigin(id, actor.id)) return 'ignored'
  const named = essayOfUrl(config(c.env).siteUrl, object)
  if (!named || named.anchor) return 'ignored'
  await upsertResponse(
    c.env,
    {
      source: id,
      essaySlug: named.essay.slug,
      kind: activity.type === 'Like' ? 'like' : 'repost',
      authorName: displayName(actor),
      authorUrl: actor.url ?? actor.id,
      url: activity.type === 'Announce' ? id : null,
    },
    Date.now(),
  )
  await emitAndWait(c, 'essays.changed', { slugs: [named.essay.slug] })
  return 'counted'
}
