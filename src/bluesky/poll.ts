import { config } from '../config'
import { parseBlueskyPost } from '../content/bluesky'
import { siteCatalog, type Catalog } from '../content/catalog'
import type { Essay } from '../content/types'
import {
  remoteCommentStatus,
  removeRemote,
  upsertRemoteComment,
  type UpsertResult,
} from '../db/remote-comments'
import type { Env } from '../env'
import { emit } from '../events'
import { jobContext } from '../jobs'
import { randomId } from '../lib/crypto'
import { describeError, log } from '../lib/log'
import { LIMITS } from '../lib/schema'
import { FetchRefused } from '../lib/safe-fetch'
import { cutText } from '../lib/text'
import {
  AppViewError,
  getPostThread,
  isPost,
  postUri,
  postUrl,
  profileUrl,
  type PostView,
  type ThreadNode,
} from './appview'
import { postText } from './text'

/**
 * The cron task that brings Bluesky replies under their essays (front matter `bluesky:`): every
 * BLUESKY_POLL_MINUTES (tracked per essay in bluesky_threads) it reads the post's thread from the
 * public AppView and makes every reply a comment (origin 'bluesky', `source` = its at:// URI),
 * threaded as on Bluesky; new ones get the moderation policy's status, edits-by-deletion vanish:
 * a reply missing from a full read (deleted, or now blocked) is removed.
 */

/** Threads read per cron run, so a run stays well inside its time and D1 budget. */
export const THREADS_PER_RUN = 5
/** Replies taken from one thread (D1 statements per invocation are limited). */
export const REPLIES_PER_THREAD = 200
/** Cron runs every 5 minutes and not to the second: a thread is due a minute early rather than 5 late. */
const SLACK_MS = 60_000

interface ThreadRow {
  essay_slug: string
  post: string
  post_uri: string | null
  polled_at: number
  like_count: number
  repost_count: number
}

export async function pollBluesky(
  env: Env,
  ctx: ExecutionContext,
  now = Date.now(),
  catalog: Catalog = siteCatalog,
): Promise<number> {
  const minutes = config(env).openWeb.blueskyPollMinutes
  if (minutes === 0) return 0
  const essays = catalog.all.filter((essay) => essay.bluesky && !essay.draft)
  if (!essays.length) return 0
  const { results } = await env.DB.prepare(
    `SELECT essay_slug, post, post_uri, polled_at, like_count, repost_count FROM bluesky_threads`,
  ).all<ThreadRow>()
  const rows = new Map(results.map((row) => [row.essay_slug, row]))
  const due = essays
    .map((essay) => ({ essay, row: rows.get(essay.slug) }))
    .filter(
      ({ row, essay }) =>
        !row || row.post !== essay.bluesky || now - row.polled_at >= minutes * 60_000 - SLACK_MS,
    )
    .sort((a, b) => (a.row?.polled_at ?? 0) - (b.row?.polled_at ?? 0))
    .slice(0, THREADS_PER_RUN)
  for (const { essay, row } of due) {
    try {
      await pollOne(env, ctx, essay, row?.post === essay.bluesky ? row : undefined, now)
    } catch (error) {
      log(null, 'error', 'bluesky poll failed', { slug: essay.slug, error: describeError(error) })
      await saveThread(env, essay, { status: 'failed', detail: describeError(error), now }).run()
    }
  }
  return due.length
}

function saveThread(
  env: Env,
  essay: Essay,
  fields: {
    status: string
    detail: string | null
    now: number
    uri?: string | null
    post?: PostView
  },
): D1PreparedStatement {
  return env.DB.prepare(
    `INSERT INTO bluesky_threads (essay_slug, post, post_uri, polled_at, status, detail, like_count, repost_count, reply_count)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, COALESCE(?7, 0), COALESCE(?8, 0), COALESCE(?9, 0))
     ON CONFLICT(essay_slug) DO UPDATE SET post = excluded.post,
       post_uri = COALESCE(?3, CASE WHEN bluesky_threads.post = excluded.post THEN bluesky_threads.post_uri END),
       polled_at = excluded.polled_at, status = excluded.status, detail = excluded.detail,
       like_count = COALESCE(?7, bluesky_threads.like_count),
       repost_count = COALESCE(?8, bluesky_threads.repost_count),
       reply_count = COALESCE(?9, bluesky_threads.reply_count)`,
  ).bind(
    essay.slug,
    essay.bluesky!,
    fields.uri ?? null,
    fields.now,
    fields.status,
    fields.detail,
    fields.post?.likeCount ?? null,
    fields.post?.repostCount ?? null,
    fields.post?.replyCount ?? null,
  )
}

async function pollOne(
  env: Env,
  ctx: ExecutionContext,
  essay: Essay,
  row: ThreadRow | undefined,
  now: number,
) {
  const policy = config(env).remoteFetch
  let uri = row?.post_uri ?? null
  let thread: ThreadNode
  try {
    uri ??= await postUri(policy, parseBlueskyPost(essay.bluesky!)!)
    thread = await getPostThread(policy, uri)
  } catch (error) {
    if (!(error instanceof AppViewError || error instanceof FetchRefused)) throw error
    const status =
      error instanceof AppViewError && error.kind === 'not-found' ? 'not-found' : 'failed'
    await saveThread(env, essay, { status, detail: error.message, now, uri }).run()
    return
  }
  if (!isPost(thread)) {
    const status = thread.$type === 'app.bsky.feed.defs#blockedPost' ? 'blocked' : 'not-found'
    await saveThread(env, essay, { status, detail: thread.$type ?? null, now, uri }).run()
    return
  }

  // Every reply, parents before their children, as Bluesky threads them.
  const replies: { post: PostView; parent: string | null }[] = []
  // A read that stopped short (the depth limit, our reply cap) proves nothing about what is missing.
  let partial = false
  const walk = (node: ThreadNode, parent: string | null) => {
    if (!isPost(node)) return // deleted or blocked: it and its subtree are gone
    if (node.replies === undefined && (node.post.replyCount ?? 0) > 0) partial = true
    for (const child of node.replies ?? []) {
      if (!isPost(child)) continue
      if (replies.length >= REPLIES_PER_THREAD) {
        partial = true
        continue
      }
      replies.push({ post: child.post, parent })
      walk(child, child.post.uri)
    }
  }
  walk(thread, null)

  const db = env.DB
  const { results: known } = await db
    .prepare(`SELECT uri FROM bluesky_posts WHERE essay_slug = ?`)
    .bind(essay.slug)
    .all<{ uri: string }>()
  const present = new Set(replies.map((reply) => reply.post.uri))
  const gone = partial ? [] : known.map((k) => k.uri).filter((k) => !present.has(k))
  const settings = config(env).comments

  const upserts = replies.map(({ post, parent }) => {
    const body = cutText(postText(post.record), 10_000) || postUrl(post)
    const name = cutText(
      post.author.displayName?.trim() || post.author.handle || post.author.did,
      LIMITS.name,
    )
    const created = Date.parse(post.record.createdAt ?? post.indexedAt ?? '')
    return upsertRemoteComment(db, {
      id: randomId(),
      source: post.uri,
      essaySlug: essay.slug,
      origin: 'bluesky',
      originUrl: postUrl(post),
      authorName: name,
      authorUrl: profileUrl(post.author),
      body,
      status: remoteCommentStatus(settings, `${name}\n${body}`),
      createdAt: Number.isFinite(created) && created <= now ? created : now,
      now,
      parentSource: parent,
    })
  })
  const counts = replies.map(({ post }) =>
    db
      .prepare(
        `INSERT INTO bluesky_posts (uri, essay_slug, like_count, repost_count, seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(uri) DO UPDATE SET like_count = excluded.like_count, repost_count = excluded.repost_count,
           seen_at = excluded.seen_at`,
      )
      .bind(post.uri, essay.slug, post.likeCount ?? 0, post.repostCount ?? 0, now),
  )
  const removals = gone.flatMap((source) => [
    ...removeRemote(db, source, now),
    db.prepare(`DELETE FROM bluesky_posts WHERE uri = ?`).bind(source),
  ])
  const results = await db.batch<UpsertResult>([
    ...upserts,
    ...counts,
    ...removals,
    saveThread(env, essay, { status: 'ok', detail: null, now, uri, post: thread.post }),
  ])

  const c = jobContext(env, ctx)
  let visible =
    gone.length > 0 ||
    row?.like_count !== thread.post.likeCount ||
    row?.repost_count !== thread.post.repostCount
  results.slice(0, upserts.length).forEach((result, i) => {
    const stored = result.results[0]
    if (!stored) return
    if (stored.status === 'approved') visible = true
    if (stored.inserted && (stored.status === 'pending' || stored.status === 'spam')) {
      const { post } = replies[i]!
      emit(c, 'comment.held', {
        id: stored.id,
        essaySlug: essay.slug,
        authorName: post.author.displayName || post.author.handle,
        body: postText(post.record),
        status: stored.status,
      })
    }
  })
  if (visible) emit(c, 'essays.changed', { slugs: [essay.slug] })
}
