import type { Env } from '../env'

// D1 bookmarks are opaque, but short and made of hex digits and dashes; anything else in a cookie is ignored.
const BOOKMARK = /^[0-9A-Za-z-]{1,256}$/

/**
 * The one place reads choose their D1 session. Without a bookmark any replica may answer
 * ('first-unconstrained'); with the bookmark a writer got back, the read sees that write.
 */
export function readSession(env: Pick<Env, 'DB'>, bookmark?: string | null): D1DatabaseSession {
  return env.DB.withSession(bookmark && BOOKMARK.test(bookmark) ? bookmark : 'first-unconstrained')
}

/** Writes go to the primary; `getBookmark()` afterwards gives the writer read-your-writes. */
export function writeSession(env: Pick<Env, 'DB'>): D1DatabaseSession {
  return env.DB.withSession('first-primary')
}
