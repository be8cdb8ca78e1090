/**
 * Steps 2 and 4: the runtimes under test, each in workerd through Miniflare on its own direct
 * socket (no dev proxy in front). The app and its counting twin share one workerd and one D1
 * database (migrated and seeded here); the bare baseline runs in a workerd of its own.
 */
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Miniflare, PeriodType } from 'miniflare'
import type { Bundle } from './bundle'
import { COMPAT_DATE, root, RUN_TAG, SEEDED_COMMENTS, SITE_URL, SLUG } from './config'
import type { ProbedBodies } from './routes'
import { bareWorker } from './workers'

/** The app's D1 database, as Miniflare hands it to Node. */
export type BenchDb = Awaited<ReturnType<Miniflare['getD1Database']>>

export interface AppRuntime {
  miniflare: Miniflare
  appUrl: string
  /** The counting twin (see workers.ts): same bundle, D1 wrapped to count statements. */
  counterUrl: string
  db: BenchDb
  adminToken: string
  /** The app's SECRET_KEY, so the bench can sign what a returning reader's browser carries. */
  secretKey: string
}

const directSocket = [{ host: '127.0.0.1', port: 0 }]
const urlOf = async (miniflare: Miniflare, worker: string) =>
  (await miniflare.unsafeGetDirectURL(worker)).href.replace(/\/$/, '')

/**
 * The Rate Limiting bindings of wrangler.toml's [[ratelimits]], with limits no load run can reach:
 * every request still pays for the limiter call (so the bench measures its cost), and none is
 * refused by it (one bench IP sends thousands of comments a second; the real limit is 5 a minute).
 */
const UNREACHABLE = { simple: { limit: 1_000_000_000, period: PeriodType.MINUTE } }
const ratelimits = { COMMENT_LIMITER: UNREACHABLE, SHARE_LIMITER: UNREACHABLE }

/**
 * ASSETS as a Node function over a directory: the file at the request's path, else 404. (Miniflare's
 * own `assets` option puts its router in front of the worker, and the direct socket then answers 404.)
 */
function staticFiles(dir: string) {
  return async (request: Request) => {
    const path = join(dir, decodeURIComponent(new URL(request.url).pathname))
    if (!path.startsWith(dir + '/')) return new Response('outside the assets', { status: 404 })
    try {
      return new Response(await readFile(path))
    } catch {
      return new Response('no such asset', { status: 404 })
    }
  }
}

/**
 * The app and its counting twin in one workerd, D1 persisted under `tmp`, migrated and seeded.
 * `assetsDir` serves the ASSETS binding from a real directory (the scale bench's generated blogs);
 * without it ASSETS answers 404, as no measured route of the seed blog reads it. `twin: false`
 * starts the app alone (no counting twin; `counterUrl` is empty), for timing a cold start.
 */
export async function startApp(
  bundle: Bundle,
  tmp: string,
  options: { assetsDir?: string; twin?: boolean } = {},
): Promise<AppRuntime> {
  const adminToken = randomBytes(24).toString('base64url')
  const secretKey = randomBytes(32).toString('base64url')
  const bindings = {
    SITE_URL,
    SECRET_KEY: secretKey,
    ADMIN_TOKEN: adminToken,
    // Flood and minimum-fill-time rules would refuse a load test by design; relaxed for the run only.
    FLOOD_SECONDS: '0',
    MIN_FORM_SECONDS: '0',
  }
  const worker = (name: string, scriptPath: string) => ({
    name,
    modules: true,
    scriptPath,
    modulesRoot: bundle.dir,
    // wrangler emits ES modules named .js; Miniflare's default rule would read imported .js as CommonJS.
    modulesRules: [{ type: 'ESModule' as const, include: ['**/*.js'] }],
    compatibilityDate: COMPAT_DATE,
    d1Databases: { DB: 'bench-db' },
    ratelimits,
    bindings,
    serviceBindings: {
      ASSETS: options.assetsDir
        ? staticFiles(options.assetsDir)
        : () => new Response('not used by the measured routes', { status: 404 }),
    },
    unsafeDirectSockets: directSocket,
  })
  const miniflare = new Miniflare({
    d1Persist: join(tmp, 'd1'),
    cachePersist: join(tmp, 'cache'),
    workers: [
      worker('app', bundle.script),
      ...(options.twin === false ? [] : [worker('counter', bundle.counterScript)]),
    ],
  })
  await miniflare.ready
  const db = await miniflare.getD1Database('DB', 'app')
  return {
    miniflare,
    appUrl: await urlOf(miniflare, 'app'),
    counterUrl: options.twin === false ? '' : await urlOf(miniflare, 'counter'),
    db,
    adminToken,
    secretKey,
  }
}

/** Applies migrations/*.sql in order, each file as one batch; answers how many were applied. */
export async function migrate(db: BenchDb): Promise<number> {
  const migrations = readdirSync(join(root, 'migrations'))
    .filter((f) => f.endsWith('.sql'))
    .sort()
  for (const file of migrations) {
    const statements = readFileSync(join(root, 'migrations', file), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter(Boolean)
    await db.batch(statements.map((s) => db.prepare(s)))
  }
  return migrations.length
}

/** SEEDED_COMMENTS approved comments of a realistic length on the measured essay, a minute apart. */
export async function seedComments(db: BenchDb): Promise<void> {
  const now = Date.now()
  await db.batch(
    Array.from({ length: SEEDED_COMMENTS }, (_, i) =>
      db
        .prepare(
          `INSERT INTO comments (id, essay_slug, parent_id, depth, author_name, author_email, author_url, body, status, created_at, updated_at)
           VALUES (?1, ?2, NULL, 0, ?3, ?4, ?5, ?6, 'approved', ?7, ?7)`,
        )
        .bind(
          `bench-seed-${RUN_TAG}-${i}`,
          SLUG,
          `Reader ${i + 1}`,
          `reader${i}@example.com`,
          i % 3 === 0 ? `https://reader${i}.example` : null,
          `Comment ${i + 1}: a considered reply of a realistic length, with two paragraphs.\n\nIt agrees with the essay in part & disagrees <politely> in part — see https://example.com/${i}.`,
          now - (SEEDED_COMMENTS - i) * 60_000,
        ),
    ),
  )
}

/** The baseline, in its own workerd: same runtime, same socket kind, constant answers. */
export async function startBare(
  bodies: ProbedBodies,
  tmp: string,
): Promise<{ miniflare: Miniflare; bareUrl: string }> {
  const scriptPath = join(tmp, 'bare.js')
  writeFileSync(scriptPath, bareWorker(bodies))
  const miniflare = new Miniflare({
    name: 'bare',
    modules: true,
    scriptPath,
    modulesRoot: tmp,
    compatibilityDate: COMPAT_DATE,
    unsafeDirectSockets: directSocket,
  })
  await miniflare.ready
  return { miniflare, bareUrl: await urlOf(miniflare, 'bare') }
}
