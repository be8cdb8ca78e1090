import type { Context } from 'hono'
import type { CommentStatus } from './db/schema'
import type { AppEnv } from './env'
import { defer } from './lib/defer'

/**
 * The one seam between features. A feature announces what happened (a comment was held, published,
 * changed); the app wires who reacts, at startup in src/index.ts. So comments never import the
 * admin's notifier, and the admin never imports the essay page cache: each knows only this file.
 * Handlers run after the answer is sent (waitUntil); a failing handler is logged, never surfaced.
 */

export interface AppEvents {
  /** A new comment is waiting for a moderator. */
  'comment.held': {
    id: string
    essaySlug: string
    authorName: string
    body: string
    status: 'pending' | 'spam'
  }
  /**
   * A comment was stored (held or published), with what only the write path knows: the author's
   * address and whether they asked to be told about replies (mail reacts; never made public).
   */
  'comment.posted': {
    id: string
    essaySlug: string
    parentId: string | null
    authorName: string
    email: string
    wantsReplies: boolean
    status: CommentStatus
  }
  /** A comment became visible to readers: approved at post time, or by a moderator (approve, restore). */
  'comment.published': { id: string; essaySlug: string; parentId: string | null }
  /** What readers see of these essays changed (a comment published, approved, edited, removed). */
  'essays.changed': { slugs: string[] }
}

type Handler<K extends keyof AppEvents> = (
  c: Context<AppEnv>,
  payload: AppEvents[K],
) => Promise<void> | void

const handlers = new Map<keyof AppEvents, Handler<never>[]>()

function handlersOf<K extends keyof AppEvents>(event: K): Handler<K>[] {
  return (handlers.get(event) ?? []) as Handler<K>[]
}

/** Registers a reaction; called by src/index.ts when the worker starts. */
export function on<K extends keyof AppEvents>(event: K, handler: Handler<K>): void {
  handlers.set(event, [...handlersOf(event), handler] as Handler<never>[])
}

/** Announces an event: every handler runs in the background, each on its own. */
export function emit<K extends keyof AppEvents>(
  c: Context<AppEnv>,
  event: K,
  payload: AppEvents[K],
): void {
  for (const handler of handlersOf(event)) {
    defer(
      c,
      Promise.resolve().then(() => handler(c, payload)),
      event,
    )
  }
}

/** The same, awaited: for writes whose answer must reflect the reaction (e.g. a purge before a redirect). */
export async function emitAndWait<K extends keyof AppEvents>(
  c: Context<AppEnv>,
  event: K,
  payload: AppEvents[K],
): Promise<void> {
  await Promise.all(handlersOf(event).map((handler) => handler(c, payload)))
}
