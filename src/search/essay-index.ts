import { withAllBodies } from '../content/bodies'
import { listEssays } from '../content/catalog'
import type { Essay } from '../content/types'
import { bodyPacks, searchHash } from '../generated/content'
import { withoutMarkers } from './highlight'
import { htmlToText } from './plain-text'

/**
 * The essay index follows the build with no step for the author: the build writes a hash of what the
 * index holds (`searchHash` in src/generated/content.ts); a search compares it with the one stored in
 * D1 and, when they differ (a new `npm start` or `npm run deploy`), reloads the essay tables in ONE
 * batch. Every statement of that batch is conditional on the stored hash still differing, and the
 * last one stores the new hash, so the compare-and-set is inside the transaction: two reloads racing
 * each other run one after the other and the second changes nothing.
 */

/** Bump when what the worker derives from an essay (plain-text rules, columns) changes. */
export const INDEX_VERSION = 1
const STATE_KEY = 'essays'
/** Rows travel as JSON parameters; D1 takes at most 2 MB per value, so chunks stay well under it. */
const CHUNK_BYTES = 512 * 1024

export const wantedEssayHash = () => `${INDEX_VERSION}:${searchHash}`

export interface EssayDoc {
  slug: string
  title: string
  description: string
  tags: string
  body: string
}

export function essayDoc(essay: Essay): EssayDoc {
  return {
    slug: essay.slug,
    title: withoutMarkers(essay.title),
    description: withoutMarkers(essay.description),
    tags: withoutMarkers(essay.tags.join(' ')),
    body: withoutMarkers(htmlToText(essay.html)),
  }
}

const encoder = new TextEncoder()

function chunks(docs: EssayDoc[]): string[] {
  const out: string[] = []
  let current: string[] = []
  let bytes = 0
  for (const doc of docs) {
    const json = JSON.stringify(doc)
    const size = encoder.encode(json).length
    if (current.length > 0 && bytes + size > CHUNK_BYTES) {
      out.push(`[${current.join(',')}]`)
      current = []
      bytes = 0
    }
    current.push(json)
    bytes += size
  }
  if (current.length > 0) out.push(`[${current.join(',')}]`)
  return out
}

const STALE = `NOT EXISTS (SELECT 1 FROM search_state WHERE key = '${STATE_KEY}' AND value = ?1)`

function insertInto(table: string) {
  return `INSERT INTO ${table} (slug, title, description, tags, body)
    SELECT json_extract(j.value, '$.slug'), json_extract(j.value, '$.title'),
      json_extract(j.value, '$.description'), json_extract(j.value, '$.tags'),
      json_extract(j.value, '$.body')
    FROM json_each(?2) AS j WHERE ${STALE}`
}

/** Replaces the essay index with `docs` unless D1 already holds `hash`; true when this call reloaded. */
export async function reloadEssayIndex(
  db: D1Database,
  hash: string,
  docs: EssayDoc[],
): Promise<boolean> {
  const statements = [
    db.prepare(`DELETE FROM search_essays WHERE ${STALE}`).bind(hash),
    db.prepare(`DELETE FROM search_essays_tri WHERE ${STALE}`).bind(hash),
  ]
  for (const chunk of chunks(docs)) {
    statements.push(db.prepare(insertInto('search_essays')).bind(hash, chunk))
    statements.push(db.prepare(insertInto('search_essays_tri')).bind(hash, chunk))
  }
  statements.push(
    db
      .prepare(
        `INSERT INTO search_state (key, value) VALUES ('${STATE_KEY}', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value`,
      )
      .bind(hash),
  )
  const results = await db.batch(statements)
  return (results.at(-1)?.meta.changes ?? 0) > 0
}

/**
 * The index matches this build (one primary-key read), else it is reloaded first. A large blog's
 * bodies are static assets (src/content/bodies.ts), read through `assets` for the reload.
 */
export async function ensureEssayIndex(db: D1Database, assets?: Fetcher): Promise<boolean> {
  const hash = wantedEssayHash()
  const row = await db
    .prepare('SELECT value FROM search_state WHERE key = ?1')
    .bind(STATE_KEY)
    .first<{ value: string }>()
  if (row?.value === hash) return false
  const essays = assets ? await withAllBodies(assets, listEssays(), bodyPacks) : listEssays()
  return reloadEssayIndex(db, hash, essays.map(essayDoc))
}
