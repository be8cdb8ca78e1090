/**
 * The scale bench's comparisons: the same route on a small blog and on a large one, alternating
 * round after round (like bare/app in rounds.ts), each load run in the generator's own process.
 * The slowdown is small req/s over large req/s: 1.0 means the size costs nothing.
 */
import { CONNECTIONS, ROUNDS, SECONDS } from './config'
import { type LoadResult, runLoad } from './load'

export interface Target {
  url: string
  headers?: Record<string, string>
}

export interface Pair {
  name: string
  /** What the large blog is (e.g. "100,000 comments"), for the table. */
  scale: string
  /** What the small blog is (e.g. "50 comments"), for the table. */
  smallBlog: string
  small: Target
  large: Target
  /** The slowdown the issue allows (large vs small). */
  target: number
}

type Medians = { rps: number; p50ms: number; p99ms: number; errors: number }

export interface PairResult {
  name: string
  scale: string
  smallBlog: string
  smallPath: string
  largePath: string
  small: Medians
  large: Medians
  slowdown: number
  target: number
  met: boolean
  d1QueriesPerRequest?: { small: number; large: number }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const medians = (runs: LoadResult[]): Medians => ({
  rps: median(runs.map((x) => x.rps)),
  p50ms: median(runs.map((x) => x.p50ms)),
  p99ms: median(runs.map((x) => x.p99ms)),
  errors: runs.reduce((s, x) => s + x.errors, 0),
})

const pathOf = (url: string) => {
  const u = new URL(url)
  return u.pathname + u.search
}

export function runPairs(pairs: Pair[], tmp: string, log: (msg: string) => void): PairResult[] {
  return pairs.map((pair) => {
    const spec = (t: Target, seconds: number) => ({
      url: t.url,
      method: 'GET' as const,
      headers: t.headers,
      seconds,
      connections: CONNECTIONS,
    })
    runLoad(spec(pair.small, 1), tmp)
    runLoad(spec(pair.large, 1), tmp)
    const small: LoadResult[] = []
    const large: LoadResult[] = []
    for (let r = 0; r < ROUNDS; r++) {
      small.push(runLoad(spec(pair.small, SECONDS), tmp))
      large.push(runLoad(spec(pair.large, SECONDS), tmp))
    }
    const s = medians(small)
    const l = medians(large)
    const slowdown = s.rps / l.rps
    log(`${pair.name}: small ${s.rps.toFixed(0)}, ${pair.scale} ${l.rps.toFixed(0)} req/s`)
    return {
      name: pair.name,
      scale: pair.scale,
      smallBlog: pair.smallBlog,
      smallPath: pathOf(pair.small.url),
      largePath: pathOf(pair.large.url),
      small: s,
      large: l,
      slowdown,
      target: pair.target,
      met: slowdown <= pair.target && l.errors === 0,
    }
  })
}

/** One request at a time: status, median and slowest of `runs` (after one warm-up). */
export async function timedGet(
  url: string,
  headers: Record<string, string>,
  runs = 20,
): Promise<{ status: number; medianMs: number; maxMs: number }> {
  await (await fetch(url, { headers })).arrayBuffer()
  const times: number[] = []
  let status = 0
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const res = await fetch(url, { headers })
    await res.arrayBuffer()
    times.push(performance.now() - start)
    status = res.status
  }
  times.sort((a, b) => a - b)
  return { status, medianMs: median(times), maxMs: times.at(-1)! }
}

/** D1 statements per request of one GET, through an app's counting twin (workers.ts). */
export async function queriesPerGet(
  counterUrl: string,
  path: string,
  headers?: Record<string, string>,
): Promise<number> {
  const send = () => fetch(counterUrl + path, { headers }).then((r) => r.arrayBuffer())
  await send()
  await fetch(`${counterUrl}/__bench/d1`, { method: 'POST' })
  const n = 10
  for (let i = 0; i < n; i++) await send()
  const { queries } = (await (await fetch(`${counterUrl}/__bench/d1`)).json()) as {
    queries: number
  }
  return queries / n
}
