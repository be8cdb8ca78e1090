import { type Context, Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { getConfig } from '../config'
import { findEssay } from '../content/catalog'
import type { Essay } from '../content/types'
import type { AppEnv } from '../env'
import { CACHE_SECONDS, privateNoStore, publicCache } from '../lib/cache'
import { sendPrepared } from '../lib/prepared'
import { cspWith } from '../lib/security'
import { countClick } from './clicks'
import { validateInstance } from './mastodon'
import { MastodonPage } from './mastodon-page'
import {
  intentUrl,
  isNetwork,
  mastodonIntentUrl,
  type Network,
  NETWORKS,
  type ShareItem,
  withUtm,
} from './networks'
import { ogImage } from './og'

const canonicalUrl = (siteUrl: string, essay: Essay) => `${siteUrl}/essays/${essay.slug}`

function shareItem(siteUrl: string, essay: Essay, network: Network, utm: boolean): ShareItem {
  const url = canonicalUrl(siteUrl, essay)
  return {
    url: utm ? withUtm(url, network) : url,
    title: essay.title,
    description: essay.description,
    image: ogImage(siteUrl, essay).url,
  }
}

function essayOr404(slug: string): Essay {
  const essay = findEssay(slug)
  if (!essay) throw new HTTPException(404, { message: 'slug: there is no essay with this slug.' })
  return essay
}

/** ?utm=1 tags the shared URL with utm_source/utm_medium; absent or 0 leaves it clean. */
function wantsUtm(value: string | undefined): boolean {
  if (value === undefined || value === '0') return false
  if (value === '1') return true
  throw new HTTPException(400, { message: 'utm: use 1 to add UTM parameters, or leave it out.' })
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
    const essay = essayOr404(c.req.param('slug'))
    const utm = wantsUtm(c.req.query('utm'))
    const { siteUrl } = getConfig(c.env)
    publicCache(c, CACHE_SECONDS.page)
    // Depends only on the essay, the origin and utm: built once per isolate (grapheme cuts are not free).
    return sendPrepared(c, `share ${siteUrl} ${essay.slug} ${utm}`, 'application/json', () => {
      const links = Object.fromEntries(
        NETWORKS.map((network) => [
          network,
          // No central Mastodon host: the link is our picker, which asks for the reader's server.
          network === 'mastodon'
            ? `${siteUrl}/share/${essay.slug}/mastodon${utm ? '?utm=1' : ''}`
            : intentUrl(network, shareItem(siteUrl, essay, network, utm)),
        ]),
      ) as Record<Network, string>
      return JSON.stringify({
        url: canonicalUrl(siteUrl, essay),
        title: essay.title,
        description: essay.description,
        image: ogImage(siteUrl, essay).url,
        links,
      })
    })
  })
  .get('/share/:slug/mastodon', (c) => {
    const essay = essayOr404(c.req.param('slug'))
    const utm = wantsUtm(c.req.query('utm'))
    const { siteUrl } = getConfig(c.env)
    const instance = c.req.query('instance')
    const check = instance === undefined ? undefined : validateInstance(instance)
    if (check?.ok) {
      countClick(c, essay.slug, 'mastodon')
      return redirectTo(
        c,
        mastodonIntentUrl(check.host, shareItem(siteUrl, essay, 'mastodon', utm)),
      )
    }
    // This form GETs our own path, which then redirects to the reader's server; Chrome checks
    // form-action against redirect targets too, so this page alone allows https: there.
    c.header('Content-Security-Policy', cspWith({ formAction: ["'self'", 'https:'] }))
    if (check) privateNoStore(c)
    else publicCache(c, CACHE_SECONDS.page)
    const meta = {
      title: 'Share on Mastodon',
      description: `Share “${essay.title}” on your Mastodon server.`,
      canonical: `${siteUrl}/share/${essay.slug}/mastodon`,
      siteUrl,
      noindex: true,
    }
    return c.html(
      <MastodonPage meta={meta} essay={essay} utm={utm} value={instance} error={check?.message} />,
      check ? 400 : 200,
    )
  })
  .get('/share/:slug/:network', (c) => {
    const essay = essayOr404(c.req.param('slug'))
    const network = c.req.param('network')
    if (!isNetwork(network) || network === 'mastodon')
      throw new HTTPException(404, { message: 'network: there is no such share network.' })
    const utm = wantsUtm(c.req.query('utm'))
    countClick(c, essay.slug, network)
    return redirectTo(
      c,
      intentUrl(network, shareItem(getConfig(c.env).siteUrl, essay, network, utm)),
    )
  })
