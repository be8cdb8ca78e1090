import { env } from 'cloudflare:test'
import { vi } from 'vitest'
import { app } from '../../src/index'
import { toBase64, toPem } from '../../src/fediverse/keys'
import {
  parseSignature,
  signedHeaders,
  signingString,
  verifySignature,
} from '../../src/fediverse/signatures'
import { importPublicKey, sha256Base64 } from '../../src/fediverse/keys'

/**
 * A fake Mastodon for the tests, reached by stubbing `globalThis.fetch` for its https host: its own
 * RSA key (WebCrypto), WebFinger and actor JSON, deliveries signed as Mastodon signs them, and an
 * inbox that records what the blog posts and checks the blog's signature against the blog's actor.
 */

export const SITE = 'https://blog.test'
export const SEED_SLUG = 'management-versus-leadership'
export const ESSAY_URL = `${SITE}/essays/${SEED_SLUG}`
export const BLOG_ACTOR = `${SITE}/fediverse/actor`
export const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public'

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
}

export async function rsaKeys() {
  const pair = (await crypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as CryptoKeyPair
  const pkcs8 = (await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer
  const spki = (await crypto.subtle.exportKey('spki', pair.publicKey)) as ArrayBuffer
  return { ...pair, privatePem: toPem(pkcs8, 'PRIVATE KEY'), publicPem: toPem(spki, 'PUBLIC KEY') }
}

export interface SentQueue {
  sent: { body: unknown }[]
  queue: Queue
}

export function fakeQueue(): SentQueue {
  const sent: { body: unknown }[] = []
  const queue = {
    send: async (body: unknown) => {
      sent.push({ body })
    },
    sendBatch: async (messages: Iterable<{ body: unknown }>) => {
      for (const m of messages) sent.push({ body: m.body })
    },
  } as unknown as Queue
  return { sent, queue }
}

let blogKeyPem: Promise<string> | null = null
/** One blog key per test file (config is cached per env object). */
export function blogKey() {
  blogKeyPem ??= rsaKeys().then((keys) => keys.privatePem)
  return blogKeyPem
}

export async function fedEnv(extra: Partial<Env> = {}) {
  const q = fakeQueue()
  const e = {
    ...env,
    FEDIVERSE_PRIVATE_KEY: await blogKey(),
    FEDIVERSE_QUEUE: q.queue,
    ...extra,
  } as Env
  return { env: e, sent: q.sent }
}

export const request = (e: Env, path: string, init: RequestInit = {}) =>
  app.request(SITE + path, { redirect: 'manual', ...init }, e)

export interface Delivery {
  url: string
  headers: Record<string, string>
  body: string
  json: Record<string, unknown>
  verified: boolean
}

export class FakeMastodon {
  readonly origin: string
  readonly deliveries: Delivery[] = []
  /** Status the inbox answers with (a dead server answers 410). */
  inboxStatus = 202
  fetches: string[] = []
  /** A deleted account: its actor answers 410 Gone. */
  gone = false
  keys!: Awaited<ReturnType<typeof rsaKeys>>
  /** The key published in the actor document (a rotation swaps it). */
  publishedPem!: string

  constructor(
    readonly host: string,
    readonly username: string,
    readonly blogEnv: Env,
  ) {
    this.origin = `https://${host}`
  }

  get actorId() {
    return `${this.origin}/users/${this.username}`
  }
  get keyId() {
    return `${this.actorId}#main-key`
  }
  get inbox() {
    return `${this.actorId}/inbox`
  }
  get sharedInbox() {
    return `${this.origin}/inbox`
  }

  async start() {
    this.keys = await rsaKeys()
    this.publishedPem = this.keys.publicPem
    return this
  }

  actorDocument() {
    return {
      '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
      id: this.actorId,
      type: 'Person',
      preferredUsername: this.username,
      name: `${this.username[0]!.toUpperCase()}${this.username.slice(1)} Example`,
      url: `${this.origin}/@${this.username}`,
      inbox: this.inbox,
      outbox: `${this.actorId}/outbox`,
      followers: `${this.actorId}/followers`,
      endpoints: { sharedInbox: this.sharedInbox },
      publicKey: { id: this.keyId, owner: this.actorId, publicKeyPem: this.publishedPem },
    }
  }

  /** Answers a fetch for this host, or null when the URL is not ours. */
  async answer(url: string, init: RequestInit | undefined): Promise<Response | null> {
    const u = new URL(url)
    if (u.host !== this.host) return null
    // Two fake accounts may share a host: each answers only for its own paths (and the shared inbox).
    const mine =
      u.pathname.startsWith(`/users/${this.username}`) ||
      u.pathname === '/inbox' ||
      u.pathname === '/.well-known/webfinger'
    if (!mine) return null
    this.fetches.push(`${init?.method ?? 'GET'} ${u.pathname}`)
    if ((init?.method ?? 'GET') === 'GET') {
      if (u.pathname === `/users/${this.username}` && this.gone)
        return new Response('gone', { status: 410 })
      if (u.pathname === `/users/${this.username}`)
        return Response.json(this.actorDocument(), {
          headers: { 'Content-Type': 'application/activity+json' },
        })
      if (u.pathname === '/.well-known/webfinger')
        return Response.json({
          subject: `acct:${this.username}@${this.host}`,
          links: [{ rel: 'self', type: 'application/activity+json', href: this.actorId }],
        })
      return new Response('not found', { status: 404 })
    }
    const headers = Object.fromEntries(
      Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [
        k.toLowerCase(),
        v,
      ]),
    )
    const body = String(init?.body ?? '')
    const verified = await this.verifyBlog(u, headers, body)
    this.deliveries.push({
      url,
      headers,
      body,
      json: JSON.parse(body) as Record<string, unknown>,
      verified,
    })
    return new Response(null, { status: this.inboxStatus })
  }

  /** Mastodon's checks on what the blog posts: signature over (request-target) host date digest, Digest, key of the actor. */
  async verifyBlog(url: URL, headers: Record<string, string>, body: string) {
    const parsed = parseSignature(headers.signature)
    if (!parsed || parsed.keyId !== `${BLOG_ACTOR}#main-key`) return false
    for (const name of ['(request-target)', 'host', 'date', 'digest'])
      if (!parsed.headers.includes(name)) return false
    if (headers.digest !== `SHA-256=${await sha256Base64(body)}`) return false
    const res = await request(this.blogEnv, '/fediverse/actor', {
      headers: { Accept: 'application/activity+json' },
    })
    const actor = (await res.json()) as { publicKey: { publicKeyPem: string; owner: string } }
    if (actor.publicKey.owner !== BLOG_ACTOR) return false
    const key = await importPublicKey(actor.publicKey.publicKeyPem)
    const all: Record<string, string> = { ...headers, host: url.host }
    const signed = signingString(
      parsed.headers,
      'POST',
      url.pathname + url.search,
      (name) => all[name],
    )
    return key !== null && signed !== null && (await verifySignature(key, parsed, signed))
  }

  /** A delivery to the blog's inbox, signed as Mastodon signs it; `tamper` changes it after signing. */
  async deliver(
    activity: Record<string, unknown>,
    options: {
      path?: string
      date?: number
      key?: CryptoKey
      keyId?: string
      headers?: string[]
      tamper?: (
        h: Record<string, string>,
        body: string,
      ) => { headers: Record<string, string>; body: string }
    } = {},
  ) {
    const prepared = await this.signedRequest(activity, options)
    return request(this.blogEnv, prepared.path, {
      method: 'POST',
      headers: prepared.headers,
      body: prepared.body,
    })
  }

  async signedRequest(
    activity: Record<string, unknown>,
    options: Parameters<FakeMastodon['deliver']>[1] = {},
  ) {
    const path = options.path ?? '/fediverse/inbox'
    const body = JSON.stringify(activity)
    const url = new URL(SITE + path)
    let headers = await signedHeaders(
      options.key ?? this.keys.privateKey,
      options.keyId ?? this.keyId,
      'POST',
      url,
      body,
      options.date ?? Date.now(),
    )
    let sent = body
    if (options.headers) {
      // Re-sign over a different header list (e.g. without digest).
      const list = options.headers
      const signed = signingString(list, 'POST', url.pathname, (name) => headers[name])!
      const signature = toBase64(
        await crypto.subtle.sign(
          'RSASSA-PKCS1-v1_5',
          options.key ?? this.keys.privateKey,
          new TextEncoder().encode(signed),
        ),
      )
      headers.signature = `keyId="${options.keyId ?? this.keyId}",algorithm="rsa-sha256",headers="${list.join(' ')}",signature="${signature}"`
    }
    if (options.tamper) ({ headers, body: sent } = options.tamper({ ...headers }, body))
    return { path, headers, body: sent }
  }
}

/** Stubs fetch so every fake host answers; anything else is refused as unreachable. */
export function stubFetch(...servers: FakeMastodon[]) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    for (const server of servers) {
      const res = await server.answer(url, init)
      if (res) return res
    }
    throw new TypeError(`network refused in tests: ${url}`)
  })
}

let counter = 0
export const uniqueId = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`

export function followActivity(m: FakeMastodon, id = `${m.origin}/${uniqueId('follow')}`) {
  return {
    '@context': 'https://www.w3.org/ns/activitystreams',
    id,
    type: 'Follow',
    actor: m.actorId,
    object: BLOG_ACTOR,
  }
}

/** A Create(Note) as Mastodon 4 sends a reply with a mention and a content warning. */
export function replyActivity(
  m: FakeMastodon,
  options: {
    inReplyTo?: string
    to?: string[]
    cc?: string[]
    content?: string
    summary?: string | null
  } = {},
) {
  const status = uniqueId('status')
  const noteId = `${m.actorId}/statuses/${status}`
  const note = {
    id: noteId,
    type: 'Note',
    summary: options.summary === undefined ? null : options.summary,
    inReplyTo: options.inReplyTo ?? ESSAY_URL,
    published: new Date().toISOString(),
    url: `${m.origin}/@${m.username}/${status}`,
    attributedTo: m.actorId,
    to: options.to ?? [PUBLIC],
    cc: options.cc ?? [`${m.actorId}/followers`, BLOG_ACTOR],
    sensitive: Boolean(options.summary),
    content:
      options.content ??
      `<p><span class="h-card" translate="no"><a href="${BLOG_ACTOR}" class="u-url mention">@<span>blog</span></a></span> Good essay &amp; true.</p><p>See <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="">example.org/a?b=1&amp;c=2</span><span class="invisible"></span></a> <a href="${m.origin}/tags/leadership" class="mention hashtag" rel="tag">#<span>leadership</span></a></p>`,
    tag: [{ type: 'Mention', href: BLOG_ACTOR, name: '@blog@blog.test' }],
  }
  return {
    noteId,
    note,
    activity: {
      '@context': ['https://www.w3.org/ns/activitystreams'],
      id: `${noteId}/activity`,
      type: 'Create',
      actor: m.actorId,
      published: note.published,
      to: note.to,
      cc: note.cc,
      object: note,
    },
  }
}
