import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index'
import { NETWORKS } from '../../src/share/networks'
import { utcDay } from '../../src/share/store'
import { get, SEED_SLUG, SITE } from '../helpers/http'
import { readerIp, shareClicksOn } from './helpers'

const CANONICAL = `${SITE}/essays/${SEED_SLUG}`
const TITLE = 'Management Versus Leadership'

/** Through the worker's own fetch with an execution context we can wait on, so waitUntil work is done. */
async function fetchAndSettle(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request(SITE + path, { redirect: 'manual', ...init }),
    env,
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return res
}

describe('GET /api/share/:slug', () => {
  it('answers the canonical URL, title, description, card image and a link for every network', async () => {
    const res = await get(`/api/share/${SEED_SLUG}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=60')
    expect(res.headers.get('ETag')).toMatch(/^"[0-9a-f]{40}"$/)
    const body = (await res.json()) as {
      url: string
      title: string
      description: string
      image: string
      links: Record<string, string>
    }
    expect(body.url).toBe(CANONICAL)
    expect(body.title).toBe(TITLE)
    expect(body.description).toMatch(/^Managers and leaders are both critical/)
    expect(body.image).toBe(`${SITE}/og/${SEED_SLUG}.png`)
    expect(Object.keys(body.links)).toEqual([...NETWORKS])
    const hosts = Object.fromEntries(
      Object.entries(body.links).map(([network, href]) => [
        network,
        href.startsWith('mailto:') ? 'mailto' : new URL(href).host,
      ]),
    )
    expect(hosts).toEqual({
      x: 'x.com',
      facebook: 'www.facebook.com',
      linkedin: 'www.linkedin.com',
      reddit: 'www.reddit.com',
      hackernews: 'news.ycombinator.com',
      bluesky: 'bsky.app',
      mastodon: 'blog.test',
      threads: 'www.threads.com',
      whatsapp: 'wa.me',
      telegram: 't.me',
      pinterest: 'www.pinterest.com',
      email: 'mailto',
    })
    // Mastodon has no central host: the link is our picker (absolute).
    expect(body.links.mastodon).toBe(`${SITE}/share/${SEED_SLUG}/mastodon`)
    expect(new URL(body.links.bluesky!).searchParams.get('text')).toBe(`${TITLE} ${CANONICAL}`)
    expect(body.links.x).toBe(
      `https://x.com/intent/tweet?text=Management%20Versus%20Leadership&url=${encodeURIComponent(CANONICAL)}`,
    )
    expect(new URL(body.links.pinterest!).searchParams.get('media')).toBe(body.image)
    expect(body.links.email).toMatch(
      /^mailto:\?subject=Management%20Versus%20Leadership&body=Managers%20and%20/,
    )
  })

  it('answers If-None-Match with 304', async () => {
    const first = await get(`/api/share/${SEED_SLUG}`)
    const again = await get(`/api/share/${SEED_SLUG}`, {
      headers: { 'If-None-Match': first.headers.get('ETag')! },
    })
    expect(again.status).toBe(304)
  })

  it('?utm=1 tags the shared URL per network, the canonical url stays clean', async () => {
    const body = (await (await get(`/api/share/${SEED_SLUG}?utm=1`)).json()) as {
      url: string
      links: Record<string, string>
    }
    expect(body.url).toBe(CANONICAL)
    const tagged = (network: string) => `${CANONICAL}?utm_source=${network}&utm_medium=social`
    expect(new URL(body.links.facebook!).searchParams.get('u')).toBe(tagged('facebook'))
    expect(new URL(body.links.reddit!).searchParams.get('url')).toBe(tagged('reddit'))
    expect(new URL(body.links.bluesky!).searchParams.get('text')).toBe(
      `${TITLE} ${tagged('bluesky')}`,
    )
    expect(new URL(body.links.hackernews!).searchParams.get('u')).toBe(tagged('hackernews'))
    expect(body.links.email).toContain(encodeURIComponent(tagged('email')))
    expect(body.links.mastodon).toBe(`${SITE}/share/${SEED_SLUG}/mastodon?utm=1`)
  })

  it('refuses a utm value other than 1 or 0, naming the field', async () => {
    const res = await get(`/api/share/${SEED_SLUG}?utm=yes`)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: expect.stringMatching(/^utm: /), fields: {} })
  })

  it('404s in JSON for an unknown slug', async () => {
    const res = await get('/api/share/no-such-essay')
    expect(res.status).toBe(404)
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(await res.json()).toEqual({ error: expect.stringMatching(/^slug: /), fields: {} })
  })
})

describe('GET /share/:slug/:network', () => {
  const direct = NETWORKS.filter((network) => network !== 'mastodon')

  it.each(direct)('%s: 302 to the intent URL and one click stored for today', async (network) => {
    const before = await shareClicksOn(env.DB, SEED_SLUG, network, utcDay())
    const res = await fetchAndSettle(`/share/${SEED_SLUG}/${network}`, {
      headers: { 'CF-Connecting-IP': readerIp() },
    })
    expect(res.status).toBe(302)
    const api = (await (await get(`/api/share/${SEED_SLUG}`)).json()) as {
      links: Record<string, string>
    }
    expect(res.headers.get('Location')).toBe(api.links[network])
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer')
    expect(res.headers.get('ETag')).toBeNull()
    expect(await shareClicksOn(env.DB, SEED_SLUG, network, utcDay())).toBe(before + 1)
  })

  it("counts every reader's click, one per reader per day", async () => {
    const before = await shareClicksOn(env.DB, SEED_SLUG, 'telegram')
    const [first, second] = [readerIp(), readerIp()]
    await fetchAndSettle(`/share/${SEED_SLUG}/telegram`, { headers: { 'CF-Connecting-IP': first } })
    await fetchAndSettle(`/share/${SEED_SLUG}/telegram`, { headers: { 'CF-Connecting-IP': first } })
    await fetchAndSettle(`/share/${SEED_SLUG}/telegram`, {
      headers: { 'CF-Connecting-IP': second },
    })
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'telegram')).toBe(before + 2)
  })

  it('?utm=1 tags the shared URL', async () => {
    const res = await fetchAndSettle(`/share/${SEED_SLUG}/facebook?utm=1`)
    expect(new URL(res.headers.get('Location')!).searchParams.get('u')).toBe(
      `${CANONICAL}?utm_source=facebook&utm_medium=social`,
    )
  })

  it('does not count HEAD (link checkers)', async () => {
    const before = await shareClicksOn(env.DB, SEED_SLUG, 'linkedin')
    const res = await fetchAndSettle(`/share/${SEED_SLUG}/linkedin`, {
      method: 'HEAD',
      headers: { 'CF-Connecting-IP': readerIp() },
    })
    expect(res.status).toBe(302)
    expect(await shareClicksOn(env.DB, SEED_SLUG, 'linkedin')).toBe(before)
  })

  it.each([
    ['an unknown network', `/share/${SEED_SLUG}/myspace`, SEED_SLUG, 'myspace'],
    ['a network in the wrong case', `/share/${SEED_SLUG}/Bluesky`, SEED_SLUG, 'Bluesky'],
    ['a prototype key', `/share/${SEED_SLUG}/__proto__`, SEED_SLUG, '__proto__'],
    ['an unknown essay', '/share/no-such-essay/bluesky', 'no-such-essay', 'bluesky'],
    [
      'an unknown essay on mastodon',
      '/share/no-such-essay-2/mastodon?instance=mastodon.social',
      'no-such-essay-2',
      'mastodon',
    ],
  ])('404s for %s and stores nothing', async (_, path, slug, network) => {
    const res = await fetchAndSettle(path)
    expect(res.status).toBe(404)
    expect(res.headers.get('Location')).toBeNull()
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(await shareClicksOn(env.DB, slug, network)).toBe(0)
  })

  it('never redirects anywhere a request names: only the known hosts', async () => {
    const res = await fetchAndSettle(
      `/share/${SEED_SLUG}/x?url=https://evil.example&host=evil.example&instance=evil.example`,
    )
    expect(res.status).toBe(302)
    const location = new URL(res.headers.get('Location')!)
    expect(location.host).toBe('x.com')
    expect(location.searchParams.get('url')).toBe(CANONICAL)
  })
})
