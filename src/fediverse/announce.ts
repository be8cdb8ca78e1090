import { withBody } from '../content/bodies'
import { config } from '../config'
import type { Env } from '../env'
import { describeError, log } from '../lib/log'
import { enqueueDelivery, type Activity } from './delivery'
import { createActivity, deleteActivity, federatedEssays, updateActivity } from './outbox'
import { followerInboxes } from './store'
import { AS_CONTEXT, fediUrls } from './urls'

/**
 * The cron task (every 5 minutes, src/jobs.ts onCron): compares the build's catalogue with what D1
 * recorded as announced. A new essay → Create(Article) to every follower's (shared) inbox; a newer
 * `updated` → Update; an essay gone from the build → Delete (Tombstone). Activity ids carry the
 * essay's version, so a repeated announcement is the same activity and is delivered once per inbox.
 */

interface AnnouncedRow {
  slug: string
  objectId: string
  version: string
  deletedAt: number | null
}

export async function announceEssays(
  env: Env,
): Promise<{ created: number; updated: number; deleted: number }> {
  const settings = config(env)
  const counts = { created: 0, updated: 0, deleted: 0 }
  if (!settings.fediverse) return counts
  const urls = fediUrls(settings.siteUrl, settings.fediverse)
  const { results } = await env.DB.prepare(
    'SELECT slug, object_id AS objectId, version, deleted_at AS deletedAt FROM fediverse_announced',
  ).all<AnnouncedRow>()
  const known = new Map(results.map((row) => [row.slug, row]))
  const essays = federatedEssays()
  const current = new Set(essays.map((essay) => essay.slug))
  const now = Date.now()
  const pending: { activity: Activity; record: D1PreparedStatement }[] = []

  for (const listed of essays) {
    const row = known.get(listed.slug)
    if (row && row.deletedAt === null && row.version === listed.updated) continue
    // Only what is announced needs its body (a large blog reads it from the static assets).
    const essay = await withBody(env.ASSETS, listed)
    const isNew = !row || row.deletedAt !== null
    const activity = isNew
      ? { '@context': AS_CONTEXT, ...createActivity(urls, essay, settings.siteUrl) }
      : updateActivity(urls, essay, settings.siteUrl)
    if (isNew) counts.created++
    else counts.updated++
    pending.push({
      activity,
      record: env.DB.prepare(
        `INSERT INTO fediverse_announced (slug, object_id, version, announced_at, deleted_at)
         VALUES (?1, ?2, ?3, ?4, NULL)
         ON CONFLICT (slug) DO UPDATE SET object_id = ?2, version = ?3, announced_at = ?4, deleted_at = NULL`,
      ).bind(essay.slug, urls.essay(essay.slug), essay.updated, now),
    })
  }
  for (const row of results) {
    if (current.has(row.slug) || row.deletedAt !== null) continue
    counts.deleted++
    pending.push({
      activity: deleteActivity(urls, row.slug, row.objectId, new Date(now).toISOString()),
      record: env.DB.prepare('UPDATE fediverse_announced SET deleted_at = ?2 WHERE slug = ?1').bind(
        row.slug,
        now,
      ),
    })
  }
  if (!pending.length) return counts

  const inboxes = await followerInboxes(env)
  for (const { activity, record } of pending) {
    try {
      // Queued first, then recorded: a failure in between announces again next time, and the
      // delivery log (one row per activity and inbox) keeps an inbox from getting it twice.
      await enqueueDelivery(env, activity, inboxes)
      await record.run()
    } catch (error) {
      log(null, 'error', 'announcing an essay failed', {
        activity: activity.id,
        error: describeError(error),
      })
    }
  }
  return counts
}
