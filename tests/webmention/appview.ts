/** Real-shaped answers of Bluesky's public AppView (app.bsky.feed.getPostThread, resolveHandle). */

export const APPVIEW = 'https://public.api.bsky.app'

export const threadUrl = (uri: string) =>
  `${APPVIEW}/xrpc/app.bsky.feed.getPostThread?${new URLSearchParams({ uri, depth: '50', parentHeight: '0' })}`
export const resolveUrl = (handle: string) =>
  `${APPVIEW}/xrpc/com.atproto.identity.resolveHandle?${new URLSearchParams({ handle })}`

export const json = (body: unknown, status = 200) => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
})

export function author(did: string, handle: string, displayName?: string) {
  return {
    did,
    handle,
    ...(displayName === undefined ? {} : { displayName }),
    avatar: `https://cdn.bsky.app/img/avatar/plain/${did}/bafkreiavatar@jpeg`,
    associated: { chat: { allowIncoming: 'following' } },
    viewer: { muted: false, blockedBy: false },
    labels: [],
    createdAt: '2023-04-12T10:00:00.000Z',
  }
}

export function post(
  uri: string,
  who: ReturnType<typeof author>,
  text: string,
  extra: {
    likes?: number
    reposts?: number
    replies?: number
    createdAt?: string
    facets?: unknown[]
    root?: string
    parent?: string
  } = {},
) {
  return {
    uri,
    cid: `bafyrei${uri.split('/').pop()}`,
    author: who,
    record: {
      $type: 'app.bsky.feed.post',
      createdAt: extra.createdAt ?? '2024-05-02T12:00:00.000Z',
      langs: ['en'],
      text,
      ...(extra.facets ? { facets: extra.facets } : {}),
      ...(extra.root
        ? {
            reply: {
              root: { cid: 'bafyreiroot', uri: extra.root },
              parent: { cid: 'bafyreiparent', uri: extra.parent ?? extra.root },
            },
          }
        : {}),
    },
    replyCount: extra.replies ?? 0,
    repostCount: extra.reposts ?? 0,
    likeCount: extra.likes ?? 0,
    quoteCount: 0,
    indexedAt: '2024-05-02T12:00:01.000Z',
    viewer: { threadMuted: false, embeddingDisabled: false },
    labels: [],
  }
}

export const node = (p: ReturnType<typeof post>, replies: unknown[] = []) => ({
  $type: 'app.bsky.feed.defs#threadViewPost',
  post: p,
  replies,
})

export const notFound = (uri: string) => ({
  $type: 'app.bsky.feed.defs#notFoundPost',
  uri,
  notFound: true,
})

export const blocked = (uri: string, did: string) => ({
  $type: 'app.bsky.feed.defs#blockedPost',
  uri,
  blocked: true,
  author: { did, viewer: { blockedBy: true } },
})
