import type { Context } from 'hono'
import { siteLang } from '../views/i18n'

/**
 * Bodies that depend only on build-time content and the site origin (feeds, sitemap, the share
 * API) are rendered once per isolate with their strong ETag, so a request costs a map lookup:
 * no re-rendering, no re-hashing by the etag middleware (it keeps an ETag that is already set).
 */
interface Prepared {
  body: string
  etag: string
}

const MAX_ENTRIES = 500
const prepared = new Map<string, Promise<Prepared>>()

/** The strong ETag hono's etag() middleware would compute for this body (quoted SHA-1 hex), so both agree. */
export async function strongEtag(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))
  return `"${Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')}"`
}

/** The memoised body and ETag for `key`; `key` must name everything the body depends on. */
export function prepare(name: string, build: () => string | Promise<string>): Promise<Prepared> {
  // The interface language is part of every body (fixed per deploy; switched only in tests).
  const key = `${siteLang()} ${name}`
  let entry = prepared.get(key)
  if (!entry) {
    // Keys come from known routes × known essays, so this only guards against a surprise.
    if (prepared.size >= MAX_ENTRIES) prepared.clear()
    entry = (async () => {
      // Async only when the body needs essay bodies from the static assets (src/content/bodies.ts).
      const body = await build()
      return { body, etag: await strongEtag(body) }
    })()
    prepared.set(key, entry)
    entry.catch(() => prepared.delete(key))
  }
  return entry
}

/** Answers with a prepared body; Cache-Control is the caller's. */
export async function sendPrepared(
  c: Context,
  key: string,
  contentType: string,
  build: () => string | Promise<string>,
): Promise<Response> {
  const { body, etag } = await prepare(key, build)
  return c.body(body, 200, { 'Content-Type': contentType, ETag: etag })
}
