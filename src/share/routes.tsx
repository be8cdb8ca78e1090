import { type Context, Hono } from 'hono'
import { absoluteUrl, config } from '../config'
import type { Essay } from '../content/types'
import type { AppEnv, Env } from '../env'
import { CACHE_SECONDS, publicCache } from '../lib/cache'
import { sendPrepared } from '../lib/prepared'
import { parseOr } from '../lib/schema'
import { essayPath } from '../lib/urls'
import { countClick } from './clicks'
import { mastodonInstance } from './mastodon'
import { MastodonPickerInput, renderPicker } from './mastodon-page'
import {
  intentUrl,
  mastodonIntentUrl,
  type Network,
  NETWORKS,
  type ShareItem,
  withUtm,
} from './networks'
import { ogImage } from './og'
import { directNetwork, sharedEssay, utmFlag } from './params'
import { mastodonPickerPath } from './paths'

function shareItem(env: Env, essay: Essay, network: Network, utm: boolean): ShareItem {
  const url = absoluteUrl(env, essayPath(essay.slug))
  return {
    url: utm ? withUtm(url, network) : url,
    title: essay.title,
    description: essay.description,
    image: ogImage(config(env).siteUrl, essay).url,
  }
}

function redirectTo(c: Context<AppEnv>, target: string) {
  // Every click must reach the worker to be counted, and the network learns nothing
  // from a Referer: the intent URL already carries what it needs.
  c.header('Cache-Control', 'no-store')
  c.header('Referrer-Policy', 'no-referrer')
  return c.redirect(target, 302)
}

/** Share endpoint (JSON), share redirects, and the Mastodon server picker. */
export const shareRoutes = new Hono<AppEnv>()
  .get('/api/share/:slug', (c) => {
    const essay = parseOr(sharedEssay, c.req.param('slug'), { status: 404 })
    const utm = parseOr(utmFlag, c.req.query('utm'), { status: 400 })
    const { siteUrl } = config(c.env)
    publicCache(c, CACHE_SECONDS.page)
    // Depends only on the essay, the origin and utm: built once per isolate (grapheme cuts are not free).
    return sendPrepared(c, `share ${siteUrl} ${essay.slug} ${utm}`, 'application/json', () => {
      const links = Object.fromEntries(
        NETWORKS.map((network) => [
          network,
          // No central Mastodon host: the link is our picker, which asks for the reader's server.
          network === 'mastodon'
            ? absoluteUrl(c.env, mastodonPickerPath(essay.slug, { utm }))
            : intentUrl(network, shareItem(c.env, essay, network, utm)),
        ]),
      ) as Record<Network, string>
      return JSON.stringify({
        url: absoluteUrl(c.env, essayPath(essay.slug)),
        title: essay.title,
        description: essay.description,
        image: ogImage(siteUrl, essay).url,
        links,
      })
    })
  })
  .get('/share/:slug/mastodon', (c) => {
    const essay = parseOr(sharedEssay, c.req.param('slug'), { status: 404 })
    const utm = parseOr(utmFlag, c.req.query('utm'), { status: 400 })
    const instance = c.req.query('instance')
    if (instance === undefined) return renderPicker(c, { essay, utm })
    // A refused server name comes back as the picker with the value kept (mastodonPickerPage).
    const host = parseOr(mastodonInstance, instance, {
      status: 400,
      input: new MastodonPickerInput(essay, utm, instance),
    })
    countClick(c, essay.slug, 'mastodon')
    return redirectTo(c, mastodonIntentUrl(host, shareItem(c.env, essay, 'mastodon', utm)))
  })
  .get('/share/:slug/:network', (c) => {
    const essay = parseOr(sharedEssay, c.req.param('slug'), { status: 404 })
    const network = parseOr(directNetwork, c.req.param('network'), { status: 404 })
    const utm = parseOr(utmFlag, c.req.query('utm'), { status: 400 })
    countClick(c, essay.slug, network)
    return redirectTo(c, intentUrl(network, shareItem(c.env, essay, network, utm)))
  })
