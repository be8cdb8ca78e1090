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
 *   BENCH_SCALE=0 npm run bench            # without the slow scale part (100,000 comments, 5,000 essays)
 *   BENCH_SCALE=comments npm run bench     # only the 100,000-comment rows (no main rounds, no essays)
 *
 * Writes bench/results/latest.json (git-ignored: the README table is the committed record).
 * The steps live beside this file: bundle, runtimes, routes, d1-count, rounds, lost,
 * pathological, report; the scale part in scale-*.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildBundle } from './bundle'
import { CONNECTIONS, ROUNDS, RUN_TAG, SECONDS, SEEDED_COMMENTS, SLUG } from './config'
import { countQueries } from './d1-count'
import { haveWrk } from './load'
import { checkNothingLost } from './lost'
import { measurePathological } from './pathological'
import { machine, type Report, routeResults, settings, table, writeReport } from './report'
import { benchRoutes, probe } from './routes'
import { runRounds } from './rounds'
import { migrate, seedComments, startApp, startBare } from './runtimes'
import { measureCommentScale } from './scale-comments'
import { measureEssayScale } from './scale-essays'
import { type ScaleReport, scaleTable } from './scale-report'

async function main() {
  const started = Date.now()
  const tmp = mkdtempSync(join(tmpdir(), 'edge-blog-bench-'))
  // On any failure: stop the runtimes and remove the temp dir before the error is reported.
  process.once('exit', () => rmSync(tmp, { recursive: true, force: true }))
  const log = (msg: string) =>
    console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${msg}`)

  log('building content and the worker bundle (wrangler deploy --dry-run)')
  const bundle = buildBundle(tmp)
  if (process.env.BENCH_SCALE === 'comments') return commentsOnly(bundle, tmp, log, started)

  const app = await startApp(bundle, tmp)
  const migrations = await migrate(app.db)
  log(
    `applied ${migrations} migration(s); seeding ${SEEDED_COMMENTS} approved comments on /essays/${SLUG}`,
  )
  await seedComments(app.db)

  const routes = await benchRoutes(app.appUrl, app.secretKey)
  const bodies = await probe(routes, app.appUrl)
  const bare = await startBare(bodies, tmp)

  const queriesPerRequest = await countQueries(routes, app.counterUrl)

  const generator = haveWrk() ? 'wrk' : 'autocannon'
  log(
    `load: ${generator}, ${CONNECTIONS} connections, ${ROUNDS} rounds x ${SECONDS}s per target per route`,
  )
  const rounds = runRounds(routes, { appUrl: app.appUrl, bareUrl: bare.bareUrl, tmp }, log)
  const lost = await checkNothingLost(routes, rounds, app.db, tmp)

  // The worst inputs, one request at a time (after the load, so they never sit on the measured pages).
  log('pathological inputs: whitespace runs, punctuation runs in URLs, repeated "<a "')
  const pathological = await measurePathological({
    appUrl: app.appUrl,
    adminToken: app.adminToken,
    slug: SLUG,
    tag: RUN_TAG,
  })

  await app.miniflare.dispose()
  await bare.miniflare.dispose()

  let scale: ScaleReport | undefined
  if (process.env.BENCH_SCALE !== '0') {
    const scaleStarted = Date.now()
    log('scale: 100,000 comments on one essay (fresh D1 databases beside a 50-comment one)')
    const comments = await measureCommentScale(bundle, tmp, log)
    log('scale: 5,000 essays of about 1,500 words (generated, built and bundled in temp copies)')
    const essays = await measureEssayScale(tmp, log)
    scale = { comments, essays, seconds: Math.round((Date.now() - scaleStarted) / 1000) }
  }
  rmSync(tmp, { recursive: true, force: true })

  const report: Report = {
    at: new Date().toISOString(),
    machine: machine(generator),
    settings: settings(),
    bundle: bundle.sizes,
    results: routeResults(routes, { rounds, bodies, queriesPerRequest }),
    postLost: lost,
    pathological,
    ...(scale ? { scale } : {}),
    seconds: Math.round((Date.now() - started) / 1000),
  }
  writeReport(report)

  console.log(`\n${table(report)}\n`)
  console.log(`wrote bench/results/latest.json in ${report.seconds}s`)
  if (lost && lost.lost !== 0) {
    console.error(`LOST COMMENTS: ${lost.lost} (accepted ${lost.accepted}, stored ${lost.stored})`)
    process.exitCode = 1
  }
}

/** The 100,000-comment rows alone: printed, not written to latest.json (that is the full run's record). */
async function commentsOnly(
  bundle: ReturnType<typeof buildBundle>,
  tmp: string,
  log: (msg: string) => void,
  started: number,
) {
  const comments = await measureCommentScale(bundle, tmp, log)
  const seconds = Math.round((Date.now() - started) / 1000)
  console.log(`\n${scaleTable({ comments, seconds })}\n`)
}

await main()
