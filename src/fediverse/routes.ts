import { withBodies } from '../content/bodies'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { config, type FediverseSettings } from '../config'
import { siteCatalog } from '../content/catalog'
import type { AppEnv } from '../env'
import { utf8 } from '../lib/decode'
import { RequestError } from '../lib/errors'
import { describeError, log } from '../lib/log'
import { withinRateLimit, RATE_LIMIT_RETRY_SECONDS } from '../lib/rate-limit'
import { actorDocument, nodeinfo, nodeinfoIndex, webfinger, withContext } from './documents'
import { handleActivity } from './activities'
import { localKeys } from './keys'
import { createActivity, federatedEssays } from './outbox'
import { followerCount, isBlocked } from './store'
import { ACTIVITY_JSON, fediUrls, wantsActivityJson } from './urls'
import { verifyInboxRequest } from './verify'

/**
 * The blog as a fediverse account: WebFinger, NodeInfo, the actor, its collections and the inbox.
 * Without the FEDIVERSE_PRIVATE_KEY secret everything here answers 404 (the inbox 503): off, closed.
 */

export const INBOX_BODY_LIMIT = 256 * 1024
const OUTBOX_PAGE = 20

function settingsOr404(c: Context<AppEnv>): { siteUrl: string; fed: FediverseSettings } {
  const { siteUrl, fediverse } = config(c.env)
  if (!fediverse) throw new RequestError(404, 'There is nothing at this address.')
  return { siteUrl, fed: fediverse }
}

export function activityJson(c: Context<AppEnv>, body: unknown, status: 200 | 202 = 200) {
  c.header('Vary', 'Accept')
  return c.body(JSON.stringify(body), status, { 'Content-Type': `${ACTIVITY_JSON}; charset=utf-8` })
}

export const fediverseRoutes = new Hono<AppEnv>()
  .get('/.well-known/webfinger', (c) => {
    c.header('Access-Control-Allow-Origin', '*')
    const resource = c.req.query('resource')
    if (!resource)
      throw new RequestError(400, 'resource is required', { fields: { resource: 'is required' } })
    if (!/^(acct:[^@\s]{1,64}@[^@\s]{1,253}|https?:\/\/\S{1,2000})$/i.test(resource))
      throw new RequestError(400, 'resource must be acct:user@host or a URL', {
        fields: { resource: 'must be acct:user@host or a URL' },
      })
    const { siteUrl, fed } = settingsOr404(c)
    const urls = fediUrls(siteUrl, fed)
    const known = [urls.acct.toLowerCase(), urls.actor, urls.profile]
    if (!known.includes(resource.startsWith('acct:') ? resource.toLowerCase() : resource))
      throw new RequestError(404, 'No such account here.')
    c.header('Cache-Control', 'public, max-age=3600')
    return c.body(JSON.stringify(webfinger(urls)), 200, {
      'Content-Type': 'application/jrd+json; charset=utf-8',
    })
  })
  .get('/.well-known/nodeinfo', (c) => {
    settingsOr404(c)
    c.header('Access-Control-Allow-Origin', '*')
    return c.json(nodeinfoIndex(config(c.env).siteUrl))
  })
  .get('/nodeinfo/2.1', (c) => {
    settingsOr404(c)
    c.header('Access-Control-Allow-Origin', '*')
    return c.body(JSON.stringify(nodeinfo(federatedEssays().length)), 200, {
      'Content-Type':
        'application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"; charset=utf-8',
    })
  })
  .get('/fediverse/actor', async (c) => {
    const { siteUrl, fed } = settingsOr404(c)
    const urls = fediUrls(siteUrl, fed)
    // A browser following the actor's id lands on the blog itself, its profile page.
    if (!wantsActivityJson(c.req.header('Accept'))) {
      c.header('Vary', 'Accept')
      return c.redirect(urls.profile, 303)
    }
    const { publicKeyPem } = await localKeys(fed.privateKeyPem)
    c.header('Cache-Control', 'public, max-age=300')
    return activityJson(c, actorDocument(urls, fed.handle, publicKeyPem, siteUrl))
  })
  .get('/fediverse/outbox', async (c) => {
    const { siteUrl, fed } = settingsOr404(c)
    const urls = fediUrls(siteUrl, fed)
    const essays = federatedEssays()
    const pages = Math.max(1, Math.ceil(essays.length / OUTBOX_PAGE))
    const raw = c.req.query('page')
    if (raw === undefined)
      return activityJson(
        c,
        withContext({
          id: urls.outbox,
          type: 'OrderedCollection',
          totalItems: essays.length,
          first: `${urls.outbox}?page=1`,
          last: `${urls.outbox}?page=${pages}`,
        }),
      )
    const page = /^\d{1,6}$/.test(raw) ? Number(raw) : 0
    if (page < 1 || page > pages) throw new RequestError(404, 'There is no such page.')
    const items = essays.slice((page - 1) * OUTBOX_PAGE, page * OUTBOX_PAGE)
    return activityJson(
      c,
      withContext({
        id: `${urls.outbox}?page=${page}`,
        type: 'OrderedCollectionPage',
        partOf: urls.outbox,
        totalItems: essays.length,
        ...(page < pages ? { next: `${urls.outbox}?page=${page + 1}` } : {}),
        ...(page > 1 ? { prev: `${urls.outbox}?page=${page - 1}` } : {}),
        orderedItems: (await withBodies(c.env.ASSETS, items)).map((essay) =>
          createActivity(urls, essay, siteUrl),
        ),
      }),
    )
  })
  .get('/fediverse/followers', async (c) => {
    const { siteUrl, fed } = settingsOr404(c)
    const urls = fediUrls(siteUrl, fed)
    // The count only: who follows the blog is not published.
    return activityJson(
      c,
      withContext({
        id: urls.followers,
        type: 'OrderedCollection',
        totalItems: await followerCount(c.env),
      }),
    )
  })
  .get('/fediverse/following', (c) => {
    const { siteUrl, fed } = settingsOr404(c)
    const urls = fediUrls(siteUrl, fed)
    return activityJson(
      c,
      withContext({
        id: urls.following,
        type: 'OrderedCollection',
        totalItems: 0,
        orderedItems: [],
      }),
    )
  })
  .get('/fediverse/replies/:slug', async (c) => {
    const { siteUrl, fed } = settingsOr404(c)
    const urls = fediUrls(siteUrl, fed)
    const essay = siteCatalog.all.find((e) => e.slug === c.req.param('slug') && !e.draft)
    if (!essay) throw new RequestError(404, 'There is no essay at this address.')
    const { results } = await c.env.DB.prepare(
      `SELECT source FROM comments WHERE essay_slug = ?1 AND status = 'approved' AND origin = 'fediverse'
         AND parent_id IS NULL ORDER BY created_at LIMIT 100`,
    )
      .bind(essay.slug)
      .all<{ source: string }>()
    return activityJson(
      c,
      withContext({
        id: urls.replies(essay.slug),
        type: 'OrderedCollection',
        totalItems: results.length,
        orderedItems: results.map((row) => row.source),
      }),
    )
  })

const inbox = new Hono<AppEnv>().post(
  '/',
  bodyLimit({
    maxSize: INBOX_BODY_LIMIT,
    onError: () => {
      throw new RequestError(413, 'The activity is too large.')
    },
  }),
  async (c) => {
    const { siteUrl, fediverse } = config(c.env)
    if (!fediverse) throw new RequestError(503, 'Federation is off on this blog.')
    const body = new Uint8Array(await c.req.arrayBuffer())
    let activity: Record<string, unknown>
    try {
      const parsed: unknown = JSON.parse(utf8(body) ?? '')
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object')
      activity = parsed as Record<string, unknown>
    } catch {
      throw new RequestError(400, 'The body is not a JSON activity.', {
        fields: { body: 'is not JSON' },
      })
    }
    const actorId =
      typeof activity.actor === 'string'
        ? activity.actor
        : typeof (activity.actor as { id?: unknown } | null)?.id === 'string'
          ? (activity.actor as { id: string }).id
          : null
    let actorHost: string
    try {
      actorHost = new URL(actorId ?? '').hostname.toLowerCase()
    } catch {
      throw new RequestError(400, 'The activity names no actor.', {
        fields: { actor: 'is required' },
      })
    }
    if (!(await withinRateLimit(c, 'FEDIVERSE_LIMITER', actorHost)))
      throw new RequestError(429, 'Too many deliveries from this server.', {
        headers: { 'Retry-After': String(RATE_LIMIT_RETRY_SECONDS) },
      })
    if (await isBlocked(c.env, actorId!))
      throw new RequestError(403, 'This account or server is blocked.')

    const url = new URL(c.req.url)
    const verdict = await verifyInboxRequest(
      c.env,
      {
        method: c.req.method,
        target: url.pathname + url.search,
        get: (name) => c.req.header(name),
        body,
      },
      actorId!,
      new URL(siteUrl).host,
    )
    if (!verdict.ok) {
      // A deleted account's farewell Delete cannot be verified (its key is gone): accept and forget it.
      if (
        verdict.refusal === 'key-unavailable' &&
        activity.type === 'Delete' &&
        activity.object === actorId
      )
        return c.body(null, 202)
      log(c, 'warn', 'fediverse signature refused', {
        refusal: verdict.refusal,
        host: actorHost,
        detail: verdict.detail,
      })
      throw new RequestError(401, `The signature was not accepted (${verdict.refusal}).`)
    }
    try {
      const outcome = await handleActivity(c, activity, verdict.actor)
      log(c, 'info', 'fediverse activity', {
        type: String(activity.type).slice(0, 40),
        outcome,
        host: actorHost,
      })
    } catch (error) {
      if (error instanceof RequestError) throw error
      // Logged with its cause by the errorHandler; the sender retries later.
      const failed = new RequestError(500, 'The activity could not be stored.')
      failed.cause = describeError(error)
      throw failed
    }
    return c.body(null, 202)
  },
)

fediverseRoutes.route('/fediverse/inbox', inbox).route('/fediverse/shared-inbox', inbox)
