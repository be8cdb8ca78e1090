import { config } from '../config'
import type { MentionKind } from '../db/schema'
import {
  remoteCommentStatus,
  removeRemote,
  upsertRemoteComment,
  upsertResponse,
  type UpsertResult,
} from '../db/remote-comments'
import type { Env } from '../env'
import { emit } from '../events'
import { jobContext } from '../jobs'
import { randomId } from '../lib/crypto'
import { FetchRefused, safeFetch } from '../lib/safe-fetch'
import { readEntry, type Entry } from './entry'
import { linksIn, withoutFragment } from './links'
import { findReceived, settleReceived, type ReceivedRow } from './store'

/**
 * The queue's half of receiving (W3C Webmention §3.2.2): fetch the source under the safe-fetch
 * rules, confirm it links to the target (a link in the HTML as a browser sees it; anywhere in the
 * text for other types), read its microformats2, and store it: a reply as a held comment, a like,
 * repost or mention as a response. A repeat updates; 404/410 or a page that stopped linking removes.
 */

/** After this many deliveries a source that never answers is given up on (wrangler.toml max_retries). */
export const MAX_ATTEMPTS = 5

export type Outcome = 'done' | 'retry'

/** The key remote rows carry in `source`: one response per source page and essay. */
export const remoteKey = (row: Pick<ReceivedRow, 'source' | 'essay_slug'>) =>
  `webmention:${row.essay_slug}:${row.source}`

const isHtml = (type: string) => type === '' || type.includes('html')

export async function verifyMention(
  env: Env,
  ctx: ExecutionContext,
  id: string,
  attempts: number,
  now = Date.now(),
): Promise<Outcome> {
  const row = await findReceived(env.DB, id)
  if (!row) return 'done'
  const db = env.DB
  let res
  try {
    res = await safeFetch(row.source, config(env).remoteFetch, {
      headers: {
        accept: 'text/html, application/xhtml+xml, */*;q=0.5',
        'user-agent': 'edge-blog Webmention',
      },
    })
  } catch (error) {
    if (!(error instanceof FetchRefused)) throw error
    if ((error.reason === 'network' || error.reason === 'timeout') && attempts < MAX_ATTEMPTS)
      return 'retry'
    await settleReceived(
      db,
      id,
      { status: 'failed', detail: `${error.reason}: ${error.message}` },
      now,
    ).run()
    return 'done'
  }
  if (res.status === 404 || res.status === 410) {
    return remove(env, ctx, row, `the source answered ${res.status}`, now)
  }
  if ((res.status >= 500 || res.status === 429) && attempts < MAX_ATTEMPTS) return 'retry'
  if (res.status < 200 || res.status > 299) {
    await settleReceived(
      db,
      id,
      { status: 'failed', detail: `the source answered ${res.status}` },
      now,
    ).run()
    return 'done'
  }
  const type = (res.headers.get('content-type') ?? '').toLowerCase()
  const text = res.text()
  const target = withoutFragment(row.target)!
  const linked = isHtml(type)
    ? (await linksIn(text, res.url)).has(target)
    : text.includes(row.target) || text.includes(target)
  if (!linked) return remove(env, ctx, row, 'the source does not link to the target', now)
  const entry: Entry = isHtml(type)
    ? await readEntry(text, res.url, row.target, now)
    : {
        kind: 'mention',
        authorName: new URL(res.url).hostname,
        authorUrl: `${new URL(res.url).origin}/`,
        body: '',
        url: row.source,
        published: null,
      }
  await store(env, ctx, row, entry, now)
  return 'done'
}

async function remove(
  env: Env,
  ctx: ExecutionContext,
  row: ReceivedRow,
  why: string,
  now: number,
): Promise<Outcome> {
  // `kind` is set once a verification accepted it (a repeat queues the row again but keeps it).
  const wasShown = row.kind !== null
  await env.DB.batch([
    ...removeRemote(env.DB, remoteKey(row), now),
    settleReceived(env.DB, row.id, { status: wasShown ? 'removed' : 'rejected', detail: why }, now),
  ])
  if (wasShown) emit(jobContext(env, ctx), 'essays.changed', { slugs: [row.essay_slug] })
  return 'done'
}

async function store(
  env: Env,
  ctx: ExecutionContext,
  row: ReceivedRow,
  entry: Entry,
  now: number,
): Promise<void> {
  const db = env.DB
  const key = remoteKey(row)
  const settled = settleReceived(
    db,
    row.id,
    { status: 'accepted', kind: entry.kind, detail: null },
    now,
  )
  const c = jobContext(env, ctx)
  if (entry.kind !== 'reply') {
    await db.batch([
      // A page that was a reply and is now a like leaves the thread.
      ...removeRemote(db, key, now).slice(1),
      upsertResponse(db, {
        source: key,
        essaySlug: row.essay_slug,
        kind: entry.kind as Exclude<MentionKind, 'reply'>,
        origin: 'webmention',
        authorName: entry.authorName,
        authorUrl: entry.authorUrl,
        url: entry.url,
        createdAt: entry.published ?? now,
        now,
      }),
      settled,
    ])
    emit(c, 'essays.changed', { slugs: [row.essay_slug] })
    return
  }
  const body = entry.body || entry.url
  const anchor = /#comment-([A-Za-z0-9_:.-]{1,128})$/.exec(row.target)
  const results = await db.batch<UpsertResult>([
    db.prepare(`DELETE FROM responses WHERE source = ?`).bind(key),
    upsertRemoteComment(db, {
      id: randomId(),
      source: key,
      essaySlug: row.essay_slug,
      origin: 'webmention',
      originUrl: entry.url,
      authorName: entry.authorName,
      authorUrl: entry.authorUrl,
      body,
      status: remoteCommentStatus(
        config(env).comments,
        `${entry.authorName}\n${entry.authorUrl}\n${body}`,
      ),
      createdAt: entry.published ?? now,
      now,
      parentId: anchor?.[1] ?? null,
    }),
    settled,
  ])
  const stored = results[1]?.results[0]
  if (!stored) return
  if (stored.inserted && (stored.status === 'pending' || stored.status === 'spam')) {
    emit(c, 'comment.held', {
      id: stored.id,
      essaySlug: row.essay_slug,
      authorName: entry.authorName,
      body,
      status: stored.status,
    })
  }
  if (stored.status === 'approved') emit(c, 'essays.changed', { slugs: [row.essay_slug] })
}
