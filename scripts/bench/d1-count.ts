/**
 * Step 5: D1 statements per request, through the counting twin (workers.ts): one warm-up request,
 * a reset, then 20 sequential requests, so the average is the route's own steady-state cost.
 */
import type { Route } from './routes'

const REQUESTS = 20

export async function countQueries(
  routes: Route[],
  counterUrl: string,
): Promise<Record<string, number>> {
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
    for (let i = 0; i < REQUESTS; i++) await send(i)
    const { queries } = (await (await fetch(`${counterUrl}/__bench/d1`)).json()) as {
      queries: number
    }
    queriesPerRequest[route.name] = queries / REQUESTS
  }
  return queriesPerRequest
}
