/**
 * An essay's Bluesky post as its front matter names it (`bluesky:`): a bsky.app post URL
 * (https://bsky.app/profile/<handle or did>/post/<rkey>) or an at:// URI
 * (at://<did or handle>/app.bsky.feed.post/<rkey>). The build refuses anything else; the poller
 * (src/bluesky) resolves a handle to its DID.
 */

export interface BlueskyPostRef {
  /** A DID (did:plc:…, did:web:…) or a handle (alice.bsky.social). */
  actor: string
  rkey: string
}

const ACTOR = /^(?:did:[a-z]{1,16}:[A-Za-z0-9._:%-]{1,2048}|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/
const RKEY = /^[A-Za-z0-9._~:-]{1,512}$/

export function parseBlueskyPost(text: string): BlueskyPostRef | null {
  let parts: string[]
  if (text.startsWith('at://')) {
    parts = text.slice(5).split('/')
    if (parts.length !== 3 || parts[1] !== 'app.bsky.feed.post') return null
    parts = [parts[0]!, parts[2]!]
  } else {
    let url: URL
    try {
      url = new URL(text)
    } catch {
      return null
    }
    if (url.protocol !== 'https:' || url.hostname !== 'bsky.app') return null
    const path = url.pathname.split('/')
    // ['', 'profile', actor, 'post', rkey]
    if (path.length !== 5 || path[1] !== 'profile' || path[3] !== 'post') return null
    parts = [decodeURIComponent(path[2]!), path[4]!]
  }
  const [actor, rkey] = parts as [string, string]
  // A DID, or a handle (which always has a dot).
  const ok = ACTOR.test(actor) && (actor.startsWith('did:') || actor.includes('.')) && RKEY.test(rkey)
  return ok ? { actor, rkey } : null
}
