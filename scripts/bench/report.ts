/** The run's record: medians per route, the machine, bench/results/latest.json and the Markdown table. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import type { Bundle } from './bundle'
import { CONNECTIONS, root, ROUNDS, SECONDS } from './config'
import type { LoadResult } from './load'
import type { PostLost } from './lost'
import { type PathologicalResult, pathologicalTable } from './pathological'
import { type ProbedBodies, type Route, routeKey } from './routes'
import type { Rounds } from './rounds'
import { type ScaleReport, scaleTable } from './scale-report'

type Measured = { rps: number; p50ms: number; p99ms: number; errors: number }

export type RouteResult =
  | { route: string; path: string; unavailable: string }
  | {
      route: string
      path: string
      note?: string
      bytes?: number
      app: Measured
      bare: Measured
      ratio: number
      d1QueriesPerRequest?: number
      rounds: Rounds[string]
    }

export type Report = {
  at: string
  machine: { nproc: number; cpu?: string; memoryGiB: number; node: string; generator: string }
  settings: { rounds: number; seconds: number; connections: number }
  bundle: Bundle['sizes']
  results: RouteResult[]
  postLost: PostLost | null
  pathological?: PathologicalResult[]
  /** The scale part (BENCH_SCALE=0 skips it): 100,000 comments on one essay, 5,000 essays. */
  scale?: ScaleReport
  seconds: number
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const medians = (runs: LoadResult[]): Measured => ({
  rps: median(runs.map((x) => x.rps)),
  p50ms: median(runs.map((x) => x.p50ms)),
  p99ms: median(runs.map((x) => x.p99ms)),
  errors: runs.reduce((s, x) => s + x.errors, 0),
})

/** One row per route: the medians of its rounds, app beside bare, and its D1 statements. */
export function routeResults(
  routes: Route[],
  measured: { rounds: Rounds; bodies: ProbedBodies; queriesPerRequest: Record<string, number> },
): RouteResult[] {
  return routes.map((route) => {
    if (route.unavailable)
      return { route: route.name, path: routeKey(route), unavailable: route.unavailable }
    const r = measured.rounds[route.name]!
    const app = medians(r.app)
    const bare = medians(r.bare)
    return {
      route: route.name,
      path: routeKey(route),
      note: route.note,
      bytes: measured.bodies[routeKey(route)]?.body.length,
      app,
      bare,
      ratio: app.rps / bare.rps,
      d1QueriesPerRequest: measured.queriesPerRequest[route.name],
      rounds: r,
    }
  })
}

export function machine(generator: string): Report['machine'] {
  return {
    nproc: cpus().length,
    cpu:
      readFileSync('/proc/cpuinfo', 'utf8')
        .match(/model name\s*:\s*(.+)/)?.[1]
        ?.trim() ?? cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    generator,
  }
}

export const settings = (): Report['settings'] => ({
  rounds: ROUNDS,
  seconds: SECONDS,
  connections: CONNECTIONS,
})

/** bench/results/latest.json (git-ignored: the README table is the committed record). */
export function writeReport(report: Report): void {
  mkdirSync(join(root, 'bench/results'), { recursive: true })
  writeFileSync(join(root, 'bench/results/latest.json'), JSON.stringify(report, null, 2) + '\n')
}

/** The table, as Markdown, for the terminal and for README.md alike. */
export function table(report: Report): string {
  const fmt = (n: number, d = 0) =>
    n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d })
  const lines = [
    '| route | app req/s | bare req/s | ratio | p50 ms | p99 ms | errors | D1 queries/req |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of report.results) {
    if ('unavailable' in r)
      lines.push(`| ${r.route} (\`${r.path}\`) | ${r.unavailable} | | | | | | |`)
    else
      lines.push(
        `| ${r.route} (\`${r.path}\`)${r.note ? ` — ${r.note}` : ''} | ${fmt(r.app.rps)} | ${fmt(r.bare.rps)} | ${fmt(r.ratio, 2)} | ${fmt(r.app.p50ms, 2)} | ${fmt(r.app.p99ms, 2)} | ${r.app.errors} | ${r.d1QueriesPerRequest === undefined ? '' : fmt(r.d1QueriesPerRequest, 1)} |`,
      )
  }
  const m = report.machine
  const lost = report.postLost
  lines.push(
    '',
    `Bundle: ${fmt(report.bundle.rawBytes / 1024, 1)} KB raw, ${fmt(report.bundle.gzipBytes / 1024, 1)} KB gzip. ` +
      (lost
        ? `Comment POSTs: ${lost.accepted} answered 2xx, ${lost.lost} of them lost; ${lost.stored} rows stored (${lost.unanswered} from requests still in flight when the load stopped). `
        : '') +
      `Machine: ${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}; ${m.generator}, ${report.settings.connections} connections, ${report.settings.rounds} rounds × ${report.settings.seconds} s per target, medians shown.`,
  )
  if (report.pathological) lines.push('', pathologicalTable(report.pathological))
  if (report.scale) lines.push('', scaleTable(report.scale))
  return lines.join('\n')
}
