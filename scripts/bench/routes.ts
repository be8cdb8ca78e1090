/** Step 3: which routes exist in this build, how to reach them, and what each answers. */
import { signRemembered } from '../../src/comments/cookies.ts'
import { RUN_TAG, SEEDED_COMMENTS, SLUG } from './config'

export interface Route {
  name: string
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  /** POST only: a JSON body; `{id}` is replaced per request with a unique value. */
  bodyTemplate?: string
  /** Set when the route cannot be measured yet, with the reason. */
  unavailable?: string
  note?: string
}

/** The app's answer per `METHOD path`: the bare worker answers each with the same bytes. */
export type ProbedBodies = Record<string, { body: string; contentType: string; status: number }>

export const routeKey = (route: Route) => `${route.method} ${route.path}`

export async function benchRoutes(appUrl: string, secretKey: string): Promise<Route[]> {
  const postTemplate = JSON.stringify({
    name: `Bench ${RUN_TAG} {id}`,
    email: `bench-${RUN_TAG}-{id}@example.com`,
    body: `Load-test comment {id} from run ${RUN_TAG}.`,
  })
  return [
    { name: `essay, ${SEEDED_COMMENTS} comments, warm`, method: 'GET', path: `/essays/${SLUG}` },
    {
      name: 'essay, cache bypassed',
      method: 'GET',
      path: `/essays/${SLUG}`,
      ...(await bypassFor(appUrl, secretKey)),
    },
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
}

/**
 * How a request skips the comments feature's page cache (src/essays/page.tsx): any reader with
 * something personal gets a fresh render. The bench sends the signed remember-me cookie a returning
 * commenter carries for a year (src/comments/cookies.ts; an unsigned one is ignored), so each
 * request renders the page and queries D1. Until that feature exists the route is reported as not available.
 */
export async function bypassFor(
  appUrl: string,
  secretKey: string,
  slug = SLUG,
): Promise<Partial<Route>> {
  const author = await signRemembered(secretKey, {
    name: 'Returning Reader',
    email: 'returning@example.com',
    website: '',
    ids: [],
  })
  const headers = { Cookie: `comment_author=${author}` }
  const res = await fetch(`${appUrl}/essays/${slug}`, { headers })
  const html = await res.text()
  if (
    !/cache-control/i.test([...res.headers.keys()].join(' ')) ||
    !(res.headers.get('cache-control') ?? '').includes('no-store')
  ) {
    return {
      unavailable:
        'not available: the essay page has no per-reader (cache-bypassing) path in this build',
    }
  }
  if (!html.includes('Returning Reader'))
    return { headers, note: 'remember-me cookie not reflected in the form' }
  return { headers }
}

/**
 * Sends each route once. A 404/405 or another 4xx/5xx marks the route unavailable (with why);
 * otherwise its answer is kept for the bare worker. Also notes an essay page that does not show
 * the seeded comments. `GET /` falls back to the essay page, for the bare worker's unknown paths.
 */
export async function probe(routes: Route[], appUrl: string): Promise<ProbedBodies> {
  const bodies: ProbedBodies = {}
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
    bodies[routeKey(route)] ??= {
      body,
      contentType: res.headers.get('content-type') ?? 'text/plain',
      status: res.status,
    }
    if (
      route.path.startsWith('/essays/') &&
      route.method === 'GET' &&
      !route.note &&
      !body.includes(`Reader ${SEEDED_COMMENTS}`)
    ) {
      route.note = 'the page does not show the seeded comments yet'
    }
  }
  bodies['GET /'] ??= bodies[`GET /essays/${SLUG}`]!
  return bodies
}
