/**
 * Step 6: the load, alternating bare and app round after round per route, each run in the load
 * generator's own process (load.ts), after a 1 s warm-up of both outside the measurement.
 */
import { join } from 'node:path'
import { CONNECTIONS, ROUNDS, RUN_TAG, SECONDS } from './config'
import { type LoadResult, runLoad } from './load'
import type { Route } from './routes'

export type Rounds = Record<string, { bare: LoadResult[]; app: LoadResult[] }>

/** wrk writes the ids the app answered measured POSTs with to `<tmp>/ids-<tag>-<thread>.txt`. */
export const IDS_FILE_PREFIX = `ids-${RUN_TAG}`

export function runRounds(
  routes: Route[],
  targets: { appUrl: string; bareUrl: string; tmp: string },
  log: (msg: string) => void,
): Rounds {
  const { appUrl, bareUrl, tmp } = targets
  const rounds: Rounds = {}
  for (const route of routes.filter((r) => !r.unavailable)) {
    const runs: Rounds[string] = { bare: [], app: [] }
    rounds[route.name] = runs
    // Each load run gets its own author tag: m = measured app run, w = warm-up, b = bare (stores nothing).
    const spec = (base: string, seconds: number, phase: 'm' | 'w' | 'b') => ({
      url: base + route.path,
      method: route.method,
      headers: route.headers,
      bodyTemplate: route.bodyTemplate?.replaceAll(
        RUN_TAG,
        `${RUN_TAG}-${phase}${Math.random().toString(36).slice(2, 8)}`,
      ),
      seconds,
      connections: CONNECTIONS,
      idsPrefix: route.method === 'POST' && phase === 'm' ? join(tmp, IDS_FILE_PREFIX) : undefined,
    })
    // Warm both isolates (JIT, caches) outside the measurement.
    runLoad(spec(bareUrl, 1, 'b'), tmp)
    runLoad(spec(appUrl, 1, 'w'), tmp)
    for (let r = 0; r < ROUNDS; r++) {
      runs.bare.push(runLoad(spec(bareUrl, SECONDS, 'b'), tmp))
      runs.app.push(runLoad(spec(appUrl, SECONDS, 'm'), tmp))
    }
    log(`${route.name}: app ${runs.app.map((x) => x.rps.toFixed(0)).join(', ')} req/s`)
  }
  return rounds
}
