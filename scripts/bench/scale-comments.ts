/**
 * Scale, part 1: 100,000 comments on one essay. A second and a third app runtime (same bundle,
 * each with its own fresh D1 database) hold the seed essay with 50 approved comments (as the main
 * bench seeds it) and with 100,000: 20,000 threads of 5 levels, every 50th comment held (the
 * deepest reply of every tenth thread), seeded with one `WITH RECURSIVE … INSERT` per chunk. Fresh
 * databases, because the main bench's POST rounds leave thousands of comments on its essay.
 */
import { join } from 'node:path'
import type { Bundle } from './bundle'
import { SLUG } from './config'
import { bypassFor } from './routes'
import { type AppRuntime, type BenchDb, migrate, seedComments, startApp } from './runtimes'
import { type Pair, type PairResult, queriesPerGet, runPairs, timedGet } from './scale-load'

export const SCALE_THREADS = 20_000
export const SCALE_LEVELS = 5
export const SCALE_COMMENTS = SCALE_THREADS * SCALE_LEVELS
/** Comments per INSERT statement. */
const CHUNK = 10_000
/** The admin routes' promise, one request at a time. */
export const ADMIN_TARGET_MS = 100

export interface AdminTiming {
  name: string
  path: string
  status: number
  small: { medianMs: number; maxMs: number }
  large: { medianMs: number; maxMs: number }
  met: boolean
}

export interface CommentScale {
  comments: number
  approved: number
  held: number
  seedSeconds: number
  pages: PairResult[]
  admin: AdminTiming[]
}

/**
 * Comment n (0-based) is level n % 5 of thread n / 5; each reply answers the level above it, so a
 * thread is one chain of the 5 levels the reply rules allow. D1 may bind JS numbers as REAL, hence
 * the casts (a REAL n would make n / 5 a fraction and every id unique in the wrong way).
 */
const SEED_SQL = `
WITH RECURSIVE seq(n) AS (
  SELECT CAST(?1 AS INTEGER) UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < CAST(?2 AS INTEGER))
INSERT INTO comments (id, essay_slug, parent_id, depth, author_name, author_email, author_url, body, status, created_at, updated_at)
SELECT
  'scale-' || (n / 5) || '-' || (n % 5),
  ?3,
  CASE WHEN n % 5 = 0 THEN NULL ELSE 'scale-' || (n / 5) || '-' || (n % 5 - 1) END,
  n % 5,
  'Reader ' || (n % 4999 + 1),
  'reader' || (n % 4999) || '@example.com',
  CASE WHEN n % 3 = 0 THEN 'https://reader' || (n % 4999) || '.example' END,
  'Comment ' || n || ' in thread ' || (n / 5) || ': a considered reply of a realistic length, with two paragraphs.' || char(10) || char(10) ||
    'It agrees with the essay in part & disagrees <politely> in part — see https://example.com/' || n || '.',
  CASE WHEN n % 50 = 49 THEN 'pending' ELSE 'approved' END,
  CAST(?4 AS INTEGER) + n * 1000,
  CAST(?4 AS INTEGER) + n * 1000
FROM seq`

async function seedThreads(db: BenchDb, total: number): Promise<void> {
  const start = Date.now() - total * 1000
  for (let from = 0; from < total; from += CHUNK) {
    await db
      .prepare(SEED_SQL)
      .bind(from, Math.min(from + CHUNK, total), SLUG, start)
      .run()
  }
}

/**
 * A page of the 100,000-comment essay holds 50 threads of 5 levels (about 250 comments), the
 * 50-comment essay's page 50: the control essay has one page of exactly that shape, so the rows
 * against it show what the essay's size costs apart from the page's own length.
 */
const CONTROL_COMMENTS = 50 * SCALE_LEVELS

/** The API's opaque cursor (src/comments/api.ts encodeApiCursor): base64url of `[createdAt, id]`. */
const apiCursor = (createdAt: number, id: string) =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url')

/** The cursor after the approved root at 0-based position `threads` - 1: the start of that page. */
async function cursorBefore(db: BenchDb, threads: number): Promise<string> {
  const row = await db
    .prepare(
      `SELECT created_at AS createdAt, id FROM comments WHERE essay_slug = ?1 AND status = 'approved' AND parent_id IS NULL
       ORDER BY created_at, id LIMIT 1 OFFSET CAST(?2 AS INTEGER)`,
    )
    .bind(SLUG, threads - 1)
    .first<{ createdAt: number; id: string }>()
  if (!row) throw new Error(`no thread at position ${threads - 1}`)
  return apiCursor(row.createdAt, row.id)
}

async function runtime(bundle: Bundle, dir: string): Promise<AppRuntime> {
  const app = await startApp(bundle, dir)
  await migrate(app.db)
  return app
}

export async function measureCommentScale(
  bundle: Bundle,
  tmp: string,
  log: (msg: string) => void,
): Promise<CommentScale> {
  const small = await runtime(bundle, join(tmp, 'scale-50'))
  await seedComments(small.db)
  const control = await runtime(bundle, join(tmp, 'scale-250'))
  await seedThreads(control.db, CONTROL_COMMENTS)
  const large = await runtime(bundle, join(tmp, 'scale-100k'))
  log(`seeding ${SCALE_COMMENTS.toLocaleString('en')} comments on /essays/${SLUG} (second D1)`)
  const seedStart = Date.now()
  await seedThreads(large.db, SCALE_COMMENTS)
  const seedSeconds = (Date.now() - seedStart) / 1000
  const counts = await large.db
    .prepare(
      `SELECT count(*) AS total, sum(status = 'approved') AS approved, sum(status = 'pending') AS held FROM comments`,
    )
    .first<{ total: number; approved: number; held: number }>()
  log(
    `seeded ${counts?.total} comments (${counts?.approved} approved, ${counts?.held} held) in ${seedSeconds.toFixed(1)}s`,
  )

  try {
    const smallBypass = (await bypassFor(small.appUrl, small.secretKey)).headers
    const largeBypass = (await bypassFor(large.appUrl, large.secretKey)).headers
    const lastPage = Math.ceil(SCALE_THREADS / 50)
    const deepPage = Math.ceil(lastPage / 2)
    const scale = '100,000 comments'
    const controlBypass = (await bypassFor(control.appUrl, control.secretKey)).headers
    // The API's `next` for the last page, as a client following cursors from page 1 would hold it;
    // the small essays get a cursor before their first thread (the same keyset path).
    const lastCursor = await cursorBefore(large.db, (lastPage - 1) * 50)
    const firstCursor = apiCursor(0, '0')
    const routes = [
      {
        name: 'comment page, uncached (newest page)',
        small: `/essays/${SLUG}`,
        large: `/essays/${SLUG}`,
        bypass: true,
      },
      {
        name: `deep comment page, uncached (?cpage=${deepPage} of ${lastPage})`,
        small: `/essays/${SLUG}?cpage=1`,
        large: `/essays/${SLUG}?cpage=${deepPage}`,
        bypass: true,
      },
      {
        name: `comments JSON API (last page, ${lastPage})`,
        small: `/api/essays/${SLUG}/comments?page=1`,
        large: `/api/essays/${SLUG}/comments?page=${lastPage}`,
        bypass: false,
      },
      {
        name: `comments JSON API, cursor (last page, ${lastPage})`,
        small: `/api/essays/${SLUG}/comments?cursor=${firstCursor}`,
        large: `/api/essays/${SLUG}/comments?cursor=${lastCursor}`,
        bypass: false,
      },
    ]
    const against = [
      { app: small, bypass: smallBypass, blog: '50 comments' },
      {
        app: control,
        bypass: controlBypass,
        blog: `${CONTROL_COMMENTS} comments, same page shape`,
      },
    ]
    const pairs: Pair[] = against.flatMap(({ app, bypass, blog }) =>
      routes.map((route) => ({
        name: route.name,
        scale,
        smallBlog: blog,
        small: { url: app.appUrl + route.small, headers: route.bypass ? bypass : undefined },
        large: { url: large.appUrl + route.large, headers: route.bypass ? largeBypass : undefined },
        target: 1.5,
      })),
    )
    const pages = runPairs(pairs, tmp, log)
    for (const [i, pair] of pairs.entries()) {
      const path = (u: string) => u.replace(/^http:\/\/[^/]+/, '')
      const smallApp = i < routes.length ? small : control
      pages[i]!.d1QueriesPerRequest = {
        small: await queriesPerGet(smallApp.counterUrl, path(pair.small.url), pair.small.headers),
        large: await queriesPerGet(large.counterUrl, path(pair.large.url), pair.large.headers),
      }
    }

    const adminRoutes = [
      { name: 'admin queue (dashboard, pending)', path: '/admin' },
      { name: 'admin queue (API, pending)', path: '/api/admin/comments?status=pending' },
      // A term in no comment: the search reads every row, the worst case.
      { name: 'admin search (no match)', path: '/api/admin/comments?q=zebra-crossing' },
      { name: 'admin search (common word)', path: '/api/admin/comments?q=politely' },
      { name: 'admin stats', path: '/api/admin/stats' },
    ]
    const admin: AdminTiming[] = []
    for (const route of adminRoutes) {
      const s = await timedGet(small.appUrl + route.path, {
        Authorization: `Bearer ${small.adminToken}`,
      })
      const l = await timedGet(large.appUrl + route.path, {
        Authorization: `Bearer ${large.adminToken}`,
      })
      admin.push({
        ...route,
        status: l.status,
        small: { medianMs: s.medianMs, maxMs: s.maxMs },
        large: { medianMs: l.medianMs, maxMs: l.maxMs },
        met: l.status === 200 && l.medianMs < ADMIN_TARGET_MS,
      })
      log(`${route.name}: ${l.medianMs.toFixed(1)} ms median (${l.status})`)
    }
    return {
      comments: counts?.total ?? 0,
      approved: counts?.approved ?? 0,
      held: counts?.held ?? 0,
      seedSeconds,
      pages,
      admin,
    }
  } finally {
    await small.miniflare.dispose()
    await control.miniflare.dispose()
    await large.miniflare.dispose()
  }
}
