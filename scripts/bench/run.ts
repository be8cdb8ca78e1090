/**
 * `npm run bench`: the deployable bundle against a bare worker, side by side in one local runtime.
 *
 * Both run in workerd through Miniflare (each on its own direct socket, so no dev proxy sits in
 * front), the app with a D1 database persisted to a temp dir with the migrations applied and 50
 * approved comments seeded. The load generator (wrk, else autocannon) runs in its own process,
 * alternating bare/app for several short rounds per route. The bare worker answers the same path
 * with a constant body of the same size as the app's answer, so the ratio is the app's own cost.
 *
 *   npm run bench                          # ~3 min on 2 cores
 *   BENCH_ROUNDS=5 BENCH_SECONDS=5 npm run bench
 *
 * Writes bench/results/latest.json (git-ignored: the README table is the committed record).
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { Miniflare } from 'miniflare'
import { haveWrk, type LoadResult, runLoad } from './load'
import { measurePathological, type PathologicalResult, pathologicalTable } from './pathological'
import { bareWorker, countingWrapper } from './workers'

const root = new URL('../..', import.meta.url).pathname
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16)
const SLUG = 'management-versus-leadership'
const SITE_URL = 'https://bench.example'
const COMPAT_DATE = readFileSync(join(root, 'wrangler.toml'), 'utf8').match(/compatibility_date\s*=\s*"([^"]+)"/)?.[1] ?? '2026-04-01'
const runTag = randomBytes(4).toString('hex')

interface Route {
  name: string
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  bodyTemplate?: string
  /** Set when the route cannot be measured yet, with the reason. */
  unavailable?: string
  note?: string
}

function sh(command: string, args: string[]) {
  const out = spawnSync(command, args, { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, encoding: 'utf8' })
  if (out.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${out.stdout}\n${out.stderr}`)
  return out.stdout
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

async function main() {
  const started = Date.now()
  const tmp = mkdtempSync(join(tmpdir(), 'edge-blog-bench-'))
  // On any failure: stop the runtimes and remove the temp dir before the error is reported.
  process.once('exit', () => rmSync(tmp, { recursive: true, force: true }))
  const log = (msg: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${msg}`)

  // 1. The bundle exactly as `wrangler deploy` would upload it.
  log('building content and the worker bundle (wrangler deploy --dry-run)')
  sh(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build/content.ts'])
  const outdir = join(tmp, 'bundle')
  sh(join(root, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir])
  const script = readdirSync(outdir).find((f) => f.endsWith('.js'))
  if (!script) throw new Error('wrangler produced no .js bundle')
  const code = readFileSync(join(outdir, script))
  const bundle = { file: script, rawBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length }
  writeFileSync(join(outdir, 'bench-count.js'), countingWrapper.replace("'./index.js'", `'./${script}'`))

  // 2. The app and its counting twin in one workerd, sharing one D1 database.
  const appBindings = {
    SITE_URL,
    SECRET_KEY: randomBytes(32).toString('base64url'),
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    // Flood and minimum-fill-time rules would refuse a load test by design; relaxed for the run only.
    FLOOD_SECONDS: '0',
    MIN_FORM_SECONDS: '0',
  }
  const worker = (name: string, scriptPath: string) => ({
    name,
    modules: true,
    scriptPath,
    modulesRoot: outdir,
    // wrangler emits ES modules named .js; Miniflare's default rule would read imported .js as CommonJS.
    modulesRules: [{ type: 'ESModule' as const, include: ['**/*.js'] }],
    compatibilityDate: COMPAT_DATE,
    d1Databases: { DB: 'bench-db' },
    bindings: appBindings,
    serviceBindings: { ASSETS: () => new Response('not used by the measured routes', { status: 404 }) },
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
  })
  const app = new Miniflare({
    d1Persist: join(tmp, 'd1'),
    cachePersist: join(tmp, 'cache'),
    workers: [worker('app', join(outdir, script)), worker('counter', join(outdir, 'bench-count.js'))],
  })
  await app.ready
  const appUrl = (await app.unsafeGetDirectURL('app')).href.replace(/\/$/, '')
  const counterUrl = (await app.unsafeGetDirectURL('counter')).href.replace(/\/$/, '')

  const db = await app.getD1Database('DB', 'app')
  const migrations = readdirSync(join(root, 'migrations')).filter((f) => f.endsWith('.sql')).sort()
  for (const file of migrations) {
    const statements = readFileSync(join(root, 'migrations', file), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter(Boolean)
    await db.batch(statements.map((s) => db.prepare(s)))
  }
  log(`applied ${migrations.length} migration(s); seeding 50 approved comments on /essays/${SLUG}`)
  const now = Date.now()
  await db.batch(
    Array.from({ length: 50 }, (_, i) =>
      db
        .prepare(
          `INSERT INTO comments (id, essay_slug, parent_id, depth, author_name, author_email, author_url, body, status, created_at, updated_at)
           VALUES (?1, ?2, NULL, 0, ?3, ?4, ?5, ?6, 'approved', ?7, ?7)`,
        )
        .bind(
          `bench-seed-${runTag}-${i}`,
          SLUG,
          `Reader ${i + 1}`,
          `reader${i}@example.com`,
          i % 3 === 0 ? `https://reader${i}.example` : null,
          `Comment ${i + 1}: a considered reply of a realistic length, with two paragraphs.\n\nIt agrees with the essay in part & disagrees <politely> in part — see https://example.com/${i}.`,
          now - (50 - i) * 60_000,
        ),
    ),
  )

  // 3. Which routes exist in this build, and how to reach them.
  const postTemplate = JSON.stringify({
    name: `Bench ${runTag} {id}`,
    email: `bench-${runTag}-{id}@example.com`,
    body: `Load-test comment {id} from run ${runTag}.`,
  })
  const routes: Route[] = [
    { name: 'essay, 50 comments, warm', method: 'GET', path: `/essays/${SLUG}` },
    { name: 'essay, cache bypassed', method: 'GET', path: `/essays/${SLUG}`, ...(await bypassFor(appUrl)) },
    { name: 'share API', method: 'GET', path: `/api/share/${SLUG}` },
    { name: 'RSS feed', method: 'GET', path: '/feed.xml' },
    {
      name: 'comment POST (JSON)',
      method: 'POST',
      path: `/api/essays/${SLUG}/comments`,
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.7' },
      bodyTemplate: postTemplate,
    },
  ]
  const bodies: Record<string, { body: string; contentType: string; status: number }> = {}
  for (const route of routes) {
    if (route.unavailable) continue
    const res = await fetch(appUrl + route.path, {
      method: route.method,
      headers: route.headers,
      body: route.bodyTemplate?.replaceAll('{id}', `probe-${route.path.length}`),
    })
    const body = await res.text()
    if (res.status === 404 || res.status === 405) {
      route.unavailable = `not available in this build (${route.method} ${route.path} answered ${res.status})`
      continue
    }
    if (res.status >= 400) {
      route.unavailable = `probe answered ${res.status}: ${body.slice(0, 200)}`
      continue
    }
    bodies[`${route.method} ${route.path}`] ??= { body, contentType: res.headers.get('content-type') ?? 'text/plain', status: res.status }
    if (route.path.startsWith('/essays/') && route.method === 'GET' && !route.note && !body.includes('Reader 50')) {
      route.note = 'the page does not show the seeded comments yet'
    }
  }
  bodies['GET /'] ??= bodies[`GET /essays/${SLUG}`]!

  // 4. The baseline, in its own workerd: same runtime, same socket kind, constant answers.
  const bareScript = join(tmp, 'bare.js')
  writeFileSync(bareScript, bareWorker(bodies))
  const bare = new Miniflare({
    name: 'bare',
    modules: true,
    scriptPath: bareScript,
    modulesRoot: tmp,
    compatibilityDate: COMPAT_DATE,
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
  })
  await bare.ready
  const bareUrl = (await bare.unsafeGetDirectURL('bare')).href.replace(/\/$/, '')

  // 5. D1 statements per request, through the counting twin (sequential, after one warm-up request).
  const queriesPerRequest: Record<string, number> = {}
  for (const route of routes.filter((r) => !r.unavailable)) {
    const send = (i: number) =>
      fetch(counterUrl + route.path, {
        method: route.method,
        headers: route.headers,
        body: route.bodyTemplate?.replaceAll('{id}', `count-${route.name.length}-${i}`),
      }).then((r) => r.arrayBuffer())
    await send(-1)
    await fetch(`${counterUrl}/__bench/d1`, { method: 'POST' })
    const n = 20
    for (let i = 0; i < n; i++) await send(i)
    const { queries } = (await (await fetch(`${counterUrl}/__bench/d1`)).json()) as { queries: number }
    queriesPerRequest[route.name] = queries / n
  }

  // 6. Load, alternating bare and app, round after round.
  const generator = haveWrk() ? 'wrk' : 'autocannon'
  log(`load: ${generator}, ${CONNECTIONS} connections, ${ROUNDS} rounds x ${SECONDS}s per target per route`)
  const rounds: Record<string, { bare: LoadResult[]; app: LoadResult[] }> = {}
  for (const route of routes.filter((r) => !r.unavailable)) {
    rounds[route.name] = { bare: [], app: [] }
    // Each load run gets its own author tag: m = measured app run, w = warm-up, b = bare (stores nothing).
    const spec = (base: string, seconds: number, phase: 'm' | 'w' | 'b') => ({
      url: base + route.path,
      method: route.method,
      headers: route.headers,
      bodyTemplate: route.bodyTemplate?.replaceAll(runTag, `${runTag}-${phase}${Math.random().toString(36).slice(2, 8)}`),
      seconds,
      connections: CONNECTIONS,
      idsPrefix: route.method === 'POST' && phase === 'm' ? join(tmp, `ids-${runTag}`) : undefined,
    })
    // Warm both isolates (JIT, caches) outside the measurement.
    runLoad(spec(bareUrl, 1, 'b'), tmp)
    runLoad(spec(appUrl, 1, 'w'), tmp)
    for (let r = 0; r < ROUNDS; r++) {
      rounds[route.name]!.bare.push(runLoad(spec(bareUrl, SECONDS, 'b'), tmp))
      rounds[route.name]!.app.push(runLoad(spec(appUrl, SECONDS, 'm'), tmp))
    }
    const a = rounds[route.name]!.app.map((x) => x.rps)
    log(`${route.name}: app ${a.map((x) => x.toFixed(0)).join(', ')} req/s`)
  }

  // 7. Nothing lost: every id the app answered 2xx with is a stored row. (wrk records the ids; with
  // autocannon only counts can be compared.) Rows stored for requests still in flight when the load
  // generator stopped have no answer: they are reported, and are not losses.
  let lost: { accepted: number; stored: number; lost: number; unanswered: number } | null = null
  const post = routes.find((r) => r.method === 'POST' && !r.unavailable)
  if (post) {
    const appRuns = rounds[post.name]!.app
    const accepted = appRuns.reduce((s, x) => s + x.requests - x.non2xx, 0)
    const row = await db.prepare(`SELECT COUNT(*) AS n FROM comments WHERE author_email LIKE ?1`).bind(`bench-${runTag}-m%`).first<{ n: number }>()
    const stored = row?.n ?? 0
    const idFiles = readdirSync(tmp).filter((f) => f.startsWith(`ids-${runTag}`))
    if (idFiles.length) {
      const ids = [...new Set(idFiles.flatMap((f) => readFileSync(join(tmp, f), 'utf8').split('\n').filter(Boolean)))]
      let found = 0
      for (let i = 0; i < ids.length; i += 90) {
        const chunk = ids.slice(i, i + 90)
        const r = await db.prepare(`SELECT COUNT(*) AS n FROM comments WHERE id IN (${chunk.map(() => '?').join(',')})`).bind(...chunk).first<{ n: number }>()
        found += r?.n ?? 0
      }
      lost = { accepted: ids.length, stored, lost: ids.length - found, unanswered: stored - found }
    } else {
      lost = { accepted, stored, lost: Math.max(0, accepted - stored), unanswered: Math.max(0, stored - accepted) }
    }
  }

  // 8. The worst inputs, one request at a time (after the load, so they never sit on the measured pages).
  log('pathological inputs: whitespace runs, punctuation runs in URLs, repeated "<a "')
  const pathological = await measurePathological({ appUrl, adminToken: appBindings.ADMIN_TOKEN, slug: SLUG, tag: runTag })

  await app.dispose()
  await bare.dispose()
  rmSync(tmp, { recursive: true, force: true })

  const results = routes.map((route) => {
    if (route.unavailable) return { route: route.name, path: `${route.method} ${route.path}`, unavailable: route.unavailable }
    const r = rounds[route.name]!
    const appRps = median(r.app.map((x) => x.rps))
    const bareRps = median(r.bare.map((x) => x.rps))
    return {
      route: route.name,
      path: `${route.method} ${route.path}`,
      note: route.note,
      bytes: bodies[`${route.method} ${route.path}`]?.body.length,
      app: { rps: appRps, p50ms: median(r.app.map((x) => x.p50ms)), p99ms: median(r.app.map((x) => x.p99ms)), errors: r.app.reduce((s, x) => s + x.errors, 0) },
      bare: { rps: bareRps, p50ms: median(r.bare.map((x) => x.p50ms)), p99ms: median(r.bare.map((x) => x.p99ms)), errors: r.bare.reduce((s, x) => s + x.errors, 0) },
      ratio: appRps / bareRps,
      d1QueriesPerRequest: queriesPerRequest[route.name],
      rounds: r,
    }
  })
  const machine = {
    nproc: cpus().length,
    cpu: readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.+)/)?.[1]?.trim() ?? cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    generator,
  }
  const report = {
    at: new Date().toISOString(),
    machine,
    settings: { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS },
    bundle,
    results,
    postLost: lost,
    pathological,
    seconds: Math.round((Date.now() - started) / 1000),
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true })
  writeFileSync(join(root, 'bench/results/latest.json'), JSON.stringify(report, null, 2) + '\n')

  console.log(`\n${table(report)}\n`)
  console.log(`wrote bench/results/latest.json in ${report.seconds}s`)
  if (lost && lost.lost !== 0) {
    console.error(`LOST COMMENTS: ${lost.lost} (accepted ${lost.accepted}, stored ${lost.stored})`)
    process.exitCode = 1
  }
}

/**
 * How a request skips the comments feature's page cache (src/comments/page.tsx): any reader with
 * something personal gets a fresh render. The bench sends the remember-me cookie a returning
 * commenter carries for a year (src/comments/cookies.ts), so each request renders the page and
 * queries D1. Until that feature exists the route is reported as not available.
 */
async function bypassFor(appUrl: string): Promise<Partial<Route>> {
  const author = Buffer.from(JSON.stringify({ name: 'Returning Reader', email: 'returning@example.com', website: '' })).toString('base64url')
  const headers = { Cookie: `comment_author=${author}` }
  const res = await fetch(`${appUrl}/essays/${SLUG}`, { headers })
  const html = await res.text()
  if (!/cache-control/i.test([...res.headers.keys()].join(' ')) || !(res.headers.get('cache-control') ?? '').includes('no-store')) {
    return { unavailable: 'not available: the essay page has no per-reader (cache-bypassing) path in this build' }
  }
  if (!html.includes('Returning Reader')) return { headers, note: 'remember-me cookie not reflected in the form' }
  return { headers }
}

type Report = {
  machine: { nproc: number; cpu?: string; memoryGiB: number; node: string; generator: string }
  settings: { rounds: number; seconds: number; connections: number }
  bundle: { rawBytes: number; gzipBytes: number }
  results: Array<
    | { route: string; path: string; unavailable: string }
    | {
        route: string
        path: string
        note?: string
        app: { rps: number; p50ms: number; p99ms: number; errors: number }
        bare: { rps: number }
        ratio: number
        d1QueriesPerRequest?: number
      }
  >
  postLost: { accepted: number; stored: number; lost: number; unanswered: number } | null
  pathological?: PathologicalResult[]
}

/** The table, as Markdown, for the terminal and for README.md alike. */
export function table(report: Report): string {
  const fmt = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d })
  const lines = [
    '| route | app req/s | bare req/s | ratio | p50 ms | p99 ms | errors | D1 queries/req |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of report.results) {
    if ('unavailable' in r) lines.push(`| ${r.route} (\`${r.path}\`) | ${r.unavailable} | | | | | | |`)
    else
      lines.push(
        `| ${r.route} (\`${r.path}\`)${r.note ? ` — ${r.note}` : ''} | ${fmt(r.app.rps)} | ${fmt(r.bare.rps)} | ${fmt(r.ratio, 2)} | ${fmt(r.app.p50ms, 2)} | ${fmt(r.app.p99ms, 2)} | ${r.app.errors} | ${r.d1QueriesPerRequest === undefined ? '' : fmt(r.d1QueriesPerRequest, 1)} |`,
      )
  }
  const m = report.machine
  lines.push(
    '',
    `Bundle: ${fmt(report.bundle.rawBytes / 1024, 1)} KB raw, ${fmt(report.bundle.gzipBytes / 1024, 1)} KB gzip. ` +
      (report.postLost
        ? `Comment POSTs: ${report.postLost.accepted} answered 2xx, ${report.postLost.lost} of them lost; ${report.postLost.stored} rows stored (${report.postLost.unanswered} from requests still in flight when the load stopped). `
        : '') +
      `Machine: ${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}; ${m.generator}, ${report.settings.connections} connections, ${report.settings.rounds} rounds × ${report.settings.seconds} s per target, medians shown.`,
  )
  if (report.pathological) lines.push('', pathologicalTable(report.pathological))
  return lines.join('\n')
}

await main()
