import type { BlueskyPostRef } from '../content/bluesky'
import { safeFetch, type FetchPolicy } from '../lib/safe-fetch'

/**
 * Bluesky's public AppView, read without an account: `com.atproto.identity.resolveHandle` and
 * `app.bsky.feed.getPostThread`, through safeFetch (5 s, 1 MiB). Only the fields the thread needs
 * are typed; anything else in the JSON is ignored.
 */

export const APPVIEW = 'https://public.api.bsky.app'

/** How deep a thread is read; replies below it are left alone (never taken for deleted). */
export const THREAD_DEPTH = 50

export interface ProfileView {
  did: string
  handle: string
  displayName?: string
}

export interface PostView {
  uri: string
  author: ProfileView
  record: {
    text?: string
    createdAt?: string
    facets?: {
      index: { byteStart: number; byteEnd: number }
      features: { $type?: string; uri?: string }[]
    }[]
  }
  likeCount?: number
  repostCount?: number
  replyCount?: number
  indexedAt?: string
}

export type ThreadNode =
  | { $type: 'app.bsky.feed.defs#threadViewPost'; post: PostView; replies?: ThreadNode[] }
  | { $type: 'app.bsky.feed.defs#notFoundPost'; uri: string; notFound: true }
  | { $type: 'app.bsky.feed.defs#blockedPost'; uri: string; blocked: true }
  | { $type?: string; uri?: string }

export class AppViewError extends Error {
  constructor(
    readonly kind: 'not-found' | 'failed',
    message: string,
  ) {
    super(message)
    this.name = 'AppViewError'
  }
}

async function xrpc(
  policy: FetchPolicy,
  method: string,
  params: Record<string, string>,
): Promise<unknown> {
  const res = await safeFetch(`${APPVIEW}/xrpc/${method}?${new URLSearchParams(params)}`, policy, {
    headers: { accept: 'application/json' },
  })
  let body: unknown = null
  try {
    body = JSON.parse(res.text())
  } catch {
    // reported below
  }
  if (res.status === 200 && body && typeof body === 'object') return body
  const error = (body as { error?: string; message?: string } | null) ?? {}
  // The AppView answers 400 with { error: 'NotFound' } for a deleted post or an unknown handle.
  if (
    res.status === 400 &&
    (error.error === 'NotFound' || /not found|unable to resolve/i.test(error.message ?? ''))
  )
    throw new AppViewError('not-found', error.message ?? 'not found')
  throw new AppViewError(
    'failed',
    `${method} answered ${res.status}${error.error ? ` ${error.error}` : ''}`,
  )
}

/** at://<did>/app.bsky.feed.post/<rkey>, resolving a handle through the AppView. */
export async function postUri(policy: FetchPolicy, ref: BlueskyPostRef): Promise<string> {
  let did = ref.actor
  if (!did.startsWith('did:')) {
    const answer = (await xrpc(policy, 'com.atproto.identity.resolveHandle', {
      handle: ref.actor,
    })) as { did?: unknown }
    if (typeof answer.did !== 'string' || !answer.did.startsWith('did:'))
      throw new AppViewError('failed', 'resolveHandle gave no DID')
    did = answer.did
  }
  return `at://${did}/app.bsky.feed.post/${ref.rkey}`
}

export async function getPostThread(policy: FetchPolicy, uri: string): Promise<ThreadNode> {
  const answer = (await xrpc(policy, 'app.bsky.feed.getPostThread', {
    uri,
    depth: String(THREAD_DEPTH),
    parentHeight: '0',
  })) as { thread?: ThreadNode }
  if (!answer.thread) throw new AppViewError('failed', 'getPostThread gave no thread')
  return answer.thread
}

export const isPost = (
  node: ThreadNode,
): node is { $type: 'app.bsky.feed.defs#threadViewPost'; post: PostView; replies?: ThreadNode[] } =>
  node.$type === 'app.bsky.feed.defs#threadViewPost' && 'post' in node

/** https://bsky.app/profile/<handle>/post/<rkey> for a post's at:// URI. */
export function postUrl(post: PostView): string {
  const rkey = post.uri.split('/').pop() ?? ''
  return `${profileUrl(post.author)}/post/${encodeURIComponent(rkey)}`
}

export const profileUrl = (author: ProfileView) =>
  `https://bsky.app/profile/${encodeURIComponent(author.handle && author.handle !== 'handle.invalid' ? author.handle : author.did)}`
