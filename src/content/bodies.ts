import type { Essay } from './types'

/**
 * Essay bodies of a large blog live in the static assets (scripts/build/bodies.ts writes them to
 * public/_essays/<hash>.txt), so the worker bundle carries only the catalogue. The worker reads a
 * body through the ASSETS binding once per isolate and keeps it in a bounded LRU; a small blog's
 * essays carry their body in `html` and never reach this code's fetch.
 *
 * The file name is the body's content hash, so a cached body can never be a stale one.
 */

/** Bodies kept per isolate: ~16 MB of text (isolates have 128 MB), and at most this many essays. */
const MAX_BYTES = 16 * 1024 * 1024
const MAX_ENTRIES = 2000

const cache = new Map<string, string>()
const inflight = new Map<string, Promise<string>>()
let cachedBytes = 0

/** An essay body the build promised is not in the assets: a broken deploy, answered as a logged 500. */
export class MissingEssayBody extends Error {
  constructor(
    readonly slug: string,
    readonly path: string,
    readonly status: number,
  ) {
    super(`the body of essay "${slug}" (${path}) is not in the static assets: ASSETS answered ${status}`)
    this.name = 'MissingEssayBody'
  }
}

function remember(path: string, html: string) {
  if (html.length > MAX_BYTES) return
  cache.set(path, html)
  cachedBytes += html.length
  for (const [oldest, body] of cache) {
    if (cachedBytes <= MAX_BYTES && cache.size <= MAX_ENTRIES) break
    cache.delete(oldest)
    cachedBytes -= body.length
  }
}

async function load(assets: Fetcher, essay: Essay, path: string): Promise<string> {
  // The host is never used by the ASSETS binding; only the path names the file.
  const res = await assets.fetch(new Request(`https://assets.invalid${path}`))
  if (!res.ok) {
    await res.body?.cancel()
    throw new MissingEssayBody(essay.slug, path, res.status)
  }
  const html = await res.text()
  remember(path, html)
  return html
}

/** The rendered body of `essay`: its own `html`, or one ASSETS read per isolate (shared by concurrent misses). */
export function essayBody(assets: Fetcher, essay: Essay): string | Promise<string> {
  const path = essay.bodyAsset
  if (path === undefined) return essay.html
  const hit = cache.get(path)
  if (hit !== undefined) {
    // Map order is the LRU order: a hit moves to the newest end.
    cache.delete(path)
    cache.set(path, hit)
    return hit
  }
  let pending = inflight.get(path)
  if (!pending) {
    pending = load(assets, essay, path).finally(() => inflight.delete(path))
    inflight.set(path, pending)
  }
  return pending
}

/** `essay` with its body in `html`, ready for the page, the feeds and the search index. */
export async function withBody(assets: Fetcher, essay: Essay): Promise<Essay> {
  if (essay.bodyAsset === undefined) return essay
  return { ...essay, html: await essayBody(assets, essay) }
}

/** Every essay of `list` with its body; the same list when none lives in the assets (a small blog). */
export function withBodies(
  assets: Fetcher,
  list: readonly Essay[],
): readonly Essay[] | Promise<readonly Essay[]> {
  if (!list.some((essay) => essay.bodyAsset !== undefined)) return list
  return Promise.all(list.map((essay) => withBody(assets, essay)))
}

/** For tests: forget every cached body. */
export function clearBodyCache() {
  cache.clear()
  cachedBytes = 0
}

/**
 * Every essay of `list` with its body, read from the build's packs (a dozen files, not one per
 * essay) when the bodies live in the assets: for the search index's reload. Bodies read this way
 * are not kept in the isolate's cache.
 */
export async function withAllBodies(
  assets: Fetcher,
  list: readonly Essay[],
  packs: readonly string[],
): Promise<readonly Essay[]> {
  if (!list.some((essay) => essay.bodyAsset !== undefined)) return list
  const bodies = new Map<string, string>()
  for (const path of packs) {
    const res = await assets.fetch(new Request(`https://assets.invalid${path}`))
    if (!res.ok) {
      await res.body?.cancel()
      throw new MissingEssayBody('(pack)', path, res.status)
    }
    for (const [asset, html] of Object.entries((await res.json()) as Record<string, string>))
      bodies.set(asset, html)
  }
  return list.map((essay) => {
    if (essay.bodyAsset === undefined) return essay
    const html = bodies.get(essay.bodyAsset)
    if (html === undefined) throw new MissingEssayBody(essay.slug, essay.bodyAsset, 404)
    return { ...essay, html }
  })
}
