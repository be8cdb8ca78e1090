import { withAllBodies } from '../content/bodies'
import { bodyPacks } from '../generated/content'
import { absoluteUrl, config } from '../config'
import { siteCatalog, type Catalog } from '../content/catalog'
import type { Env } from '../env'
import { log } from '../lib/log'
import { essayPath } from '../lib/urls'
import { linksIn } from './links'
import type { WebmentionMessage } from './messages'

/**
 * The cron task that sends Webmentions after a deploy (WEBMENTION_SEND = "true"): compares the
 * bundled catalogue (each essay's outbound links, read from its built HTML) with what D1 recorded
 * as sent, and queues a send for every link of a new or changed essay, every link removed from one
 * and every link of an essay that is gone (its page now answers 404, which tells the receiver to
 * drop it). Nothing changed since the last run (one fingerprint row) costs one query.
 */

/** At most this many sends are queued per run; the rest wait for the next run (every 5 minutes). */
export const SENDS_PER_RUN = 200

const STATE_KEY = 'webmention.catalogue'

async function sha(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest).slice(0, 12)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
}

/** Which links of an essay get a Webmention: other sites' pages (never our own). */
export async function outboundLinks(env: Env, html: string, slug: string): Promise<string[]> {
  const self = new URL(config(env).siteUrl).origin
  const links = await linksIn(html, absoluteUrl(env, essayPath(slug)))
  return [...links].filter((link) => new URL(link).origin !== self)
}

export async function planWebmentions(
  env: Env,
  now = Date.now(),
  catalog: Catalog = siteCatalog,
): Promise<number> {
  if (!config(env).openWeb.sendWebmentions) return 0
  const essays = catalog.all.filter((essay) => !essay.draft)
  const versions = new Map<string, string>()
  // A large blog's body lives in the assets under its content hash: that hash stands for the body here,
  // so this check, which runs every few minutes, reads no body at all.
  for (const essay of essays)
    versions.set(essay.slug, await sha(essay.updated + (essay.bodyAsset ?? essay.html)))
  const fingerprint = await sha(JSON.stringify([...versions]))
  const state = await env.DB.prepare(`SELECT value FROM open_web_state WHERE key = ?`)
    .bind(STATE_KEY)
    .first<{ value: string }>()
  if (state?.value === fingerprint) return 0

  const { results: sent } = await env.DB.prepare(
    `SELECT essay_slug, target, essay_updated, removed FROM webmentions_sent`,
  ).all<{ essay_slug: string; target: string; essay_updated: string; removed: number }>()
  const known = new Map(sent.map((row) => [`${row.essay_slug} ${row.target}`, row]))
  const due: { slug: string; target: string; version: string; removed: boolean }[] = []
  const current = new Set<string>()
  // Something changed (a deploy): now the links are needed, so read every body once (the build's packs).
  for (const essay of await withAllBodies(env.ASSETS, essays, bodyPacks)) {
    const version = versions.get(essay.slug)!
    for (const target of await outboundLinks(env, essay.html, essay.slug)) {
      const key = `${essay.slug} ${target}`
      current.add(key)
      const row = known.get(key)
      if (!row || row.removed || row.essay_updated !== version)
        due.push({ slug: essay.slug, target, version, removed: false })
    }
  }
  // Links gone from their essay, and every link of an essay that is gone: sent once more.
  for (const row of sent) {
    if (!row.removed && !current.has(`${row.essay_slug} ${row.target}`))
      due.push({
        slug: row.essay_slug,
        target: row.target,
        version: row.essay_updated,
        removed: true,
      })
  }
  const batch = due.slice(0, SENDS_PER_RUN)
  const writes = batch.map((job) =>
    env.DB.prepare(
      `INSERT INTO webmentions_sent (essay_slug, target, essay_updated, removed, status, attempts, updated_at)
       VALUES (?, ?, ?, ?, 'queued', 0, ?)
       ON CONFLICT(essay_slug, target) DO UPDATE SET essay_updated = excluded.essay_updated,
         removed = excluded.removed, status = 'queued', attempts = 0, updated_at = excluded.updated_at`,
    ).bind(job.slug, job.target, job.version, job.removed ? 1 : 0, now),
  )
  // Only a run that queued everything may say "this catalogue is done".
  if (batch.length === due.length)
    writes.push(
      env.DB.prepare(
        `INSERT INTO open_web_state (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).bind(STATE_KEY, fingerprint, now),
    )
  for (let i = 0; i < writes.length; i += 50) await env.DB.batch(writes.slice(i, i + 50))
  for (let i = 0; i < batch.length; i += 100) {
    await env.WEBMENTION_QUEUE.sendBatch(
      batch.slice(i, i + 100).map((job) => ({
        body: { type: 'send', slug: job.slug, target: job.target } satisfies WebmentionMessage,
      })),
    )
  }
  if (batch.length)
    log(null, 'info', 'webmentions queued', {
      count: batch.length,
      left: due.length - batch.length,
    })
  return batch.length
}
