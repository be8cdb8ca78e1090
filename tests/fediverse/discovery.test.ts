import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { BLOG_ACTOR, ESSAY_URL, fedEnv, request, SEED_SLUG, SITE } from './fake-mastodon'

const AP = 'application/activity+json'
const LD = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'

describe('discovery: WebFinger and NodeInfo', () => {
  it('resolves acct:<handle>@<host> to the actor (Mastodon requirement: WebFinger rel=self)', async () => {
    const { env: e } = await fedEnv()
    const res = await request(e, '/.well-known/webfinger?resource=acct:blog@blog.test')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toContain('application/jrd+json')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const jrd = (await res.json()) as {
      subject: string
      links: { rel: string; type?: string; href: string }[]
    }
    expect(jrd.subject).toBe('acct:blog@blog.test')
    expect(jrd.links).toContainEqual({ rel: 'self', type: AP, href: BLOG_ACTOR })
    expect(jrd.links.find((l) => l.rel === 'http://webfinger.net/rel/profile-page')?.href).toBe(
      `${SITE}/`,
    )
  })

  it('answers 404 for another account, 400 for a missing or malformed resource', async () => {
    const { env: e } = await fedEnv()
    expect(
      (await request(e, '/.well-known/webfinger?resource=acct:someone@blog.test')).status,
    ).toBe(404)
    expect((await request(e, '/.well-known/webfinger?resource=acct:blog@other.test')).status).toBe(
      404,
    )
    expect((await request(e, '/.well-known/webfinger')).status).toBe(400)
    expect((await request(e, '/.well-known/webfinger?resource=blog')).status).toBe(400)
  })

  it('is off without FEDIVERSE_PRIVATE_KEY: WebFinger and actor 404, inbox 503', async () => {
    const off = { ...env, FEDIVERSE_PRIVATE_KEY: undefined } as Env
    expect((await request(off, '/.well-known/webfinger?resource=acct:blog@blog.test')).status).toBe(
      404,
    )
    expect((await request(off, '/fediverse/actor', { headers: { Accept: AP } })).status).toBe(404)
    const inbox = await request(off, '/fediverse/inbox', { method: 'POST', body: '{}' })
    expect(inbox.status).toBe(503)
    // The essay page still answers HTML for an ActivityStreams Accept.
    const page = await request(off, `/essays/${SEED_SLUG}`, { headers: { Accept: AP } })
    expect(page.headers.get('Content-Type')).toContain('text/html')
  })

  it('serves NodeInfo 2.1 through /.well-known/nodeinfo', async () => {
    const { env: e } = await fedEnv()
    const index = (await (await request(e, '/.well-known/nodeinfo')).json()) as {
      links: { rel: string; href: string }[]
    }
    expect(index.links[0]).toEqual({
      rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1',
      href: `${SITE}/nodeinfo/2.1`,
    })
    const info = (await (await request(e, '/nodeinfo/2.1')).json()) as Record<string, unknown>
    expect(info.version).toBe('2.1')
    expect(info.protocols).toEqual(['activitypub'])
    expect((info.usage as { localPosts: number }).localPosts).toBeGreaterThan(0)
  })
})

describe('the actor', () => {
  it.each([AP, LD])('is a Person with every field Mastodon reads (%s)', async (accept) => {
    const { env: e } = await fedEnv()
    const res = await request(e, '/fediverse/actor', { headers: { Accept: accept } })
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toContain(AP)
    const actor = (await res.json()) as Record<string, any>
    expect(actor['@context']).toContain('https://www.w3.org/ns/activitystreams')
    expect(actor['@context']).toContain('https://w3id.org/security/v1')
    expect(actor).toMatchObject({
      id: BLOG_ACTOR,
      type: 'Person',
      preferredUsername: 'blog',
      url: `${SITE}/`,
      inbox: `${SITE}/fediverse/inbox`,
      outbox: `${SITE}/fediverse/outbox`,
      followers: `${SITE}/fediverse/followers`,
      following: `${SITE}/fediverse/following`,
      endpoints: { sharedInbox: `${SITE}/fediverse/shared-inbox` },
      publicKey: { id: `${BLOG_ACTOR}#main-key`, owner: BLOG_ACTOR },
    })
    expect(typeof actor.name).toBe('string')
    expect(typeof actor.summary).toBe('string')
    expect(actor.icon.url).toMatch(/^https:\/\/blog\.test\//)
    // An RSA 2048 SPKI key: Mastodon imports publicKeyPem with OpenSSL.
    const pem: string = actor.publicKey.publicKeyPem
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
    const der = Uint8Array.from(atob(pem.replace(/-----[A-Z ]+-----|\n/g, '')), (ch) =>
      ch.charCodeAt(0),
    )
    const key = await crypto.subtle.importKey(
      'spki',
      der,
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      true,
      ['verify'],
    )
    expect((key.algorithm as { modulusLength: number }).modulusLength).toBe(2048)
  })

  it('sends a browser to the profile page (the blog)', async () => {
    const { env: e } = await fedEnv()
    const res = await request(e, '/fediverse/actor', { headers: { Accept: 'text/html' } })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`${SITE}/`)
  })
})

describe('essays as Articles', () => {
  it.each([AP, LD])('answers the essay URL with its Article for %s', async (accept) => {
    const { env: e } = await fedEnv()
    const res = await request(e, `/essays/${SEED_SLUG}`, { headers: { Accept: accept } })
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toContain(AP)
    expect(res.headers.get('Vary')).toContain('Accept')
    const article = (await res.json()) as Record<string, any>
    expect(article).toMatchObject({
      id: ESSAY_URL,
      type: 'Article',
      url: ESSAY_URL,
      attributedTo: BLOG_ACTOR,
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      cc: [`${SITE}/fediverse/followers`],
    })
    for (const field of ['name', 'summary', 'content', 'published', 'updated', 'replies'])
      expect(article[field], field).toBeTruthy()
    expect(article.content).toContain('<p>')
    expect(Array.isArray(article.tag)).toBe(true)
  })

  it('links the Article from the HTML page and marks the page Vary: Accept', async () => {
    const { env: e } = await fedEnv()
    const res = await request(e, `/essays/${SEED_SLUG}`, { headers: { Accept: 'text/html' } })
    expect(res.headers.get('Content-Type')).toContain('text/html')
    expect(res.headers.get('Vary')).toContain('Accept')
    const html = await res.text()
    expect(html).toContain(
      `<link rel="alternate" type="application/activity+json" href="${ESSAY_URL}"/>`,
    )
  })

  it('never serves the cached page as JSON, nor the JSON as the page (both orders)', async () => {
    const { env: e } = await fedEnv()
    // HTML first (stored in the page cache), then JSON, then HTML again (a cache hit).
    const html1 = await request(e, `/essays/${SEED_SLUG}`)
    expect(html1.headers.get('Content-Type')).toContain('text/html')
    await html1.text()
    await new Promise((resolve) => setTimeout(resolve, 20))
    const json = await request(e, `/essays/${SEED_SLUG}`, { headers: { Accept: AP } })
    expect(json.headers.get('Content-Type')).toContain(AP)
    expect(((await json.json()) as { type: string }).type).toBe('Article')
    // JSON first on a fresh page (?cpage is not involved), then HTML: still the page.
    const json2 = await request(e, `/essays/${SEED_SLUG}`, { headers: { Accept: LD } })
    expect(json2.headers.get('Content-Type')).toContain(AP)
    const html2 = await request(e, `/essays/${SEED_SLUG}`, {
      headers: { Accept: 'text/html,*/*;q=0.8' },
    })
    expect(html2.headers.get('Content-Type')).toContain('text/html')
    expect(await html2.text()).toContain('<!DOCTYPE html>')
    expect(html2.headers.get('ETag')).not.toBe(json2.headers.get('ETag'))
  })

  it('lists the essays in the outbox as paged Create activities', async () => {
    const { env: e } = await fedEnv()
    const outbox = (await (
      await request(e, '/fediverse/outbox', { headers: { Accept: AP } })
    ).json()) as Record<string, any>
    expect(outbox.type).toBe('OrderedCollection')
    expect(outbox.totalItems).toBeGreaterThan(0)
    const page = (await (await request(e, '/fediverse/outbox?page=1')).json()) as Record<
      string,
      any
    >
    expect(page.type).toBe('OrderedCollectionPage')
    expect(page.orderedItems[0].type).toBe('Create')
    expect(page.orderedItems[0].object.type).toBe('Article')
    expect((await request(e, '/fediverse/outbox?page=999')).status).toBe(404)
  })
})
