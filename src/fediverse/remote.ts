import { config } from '../config'
import type { Env } from '../env'
import { safeFetch } from '../lib/safe-fetch'
import { localKeys } from './keys'
import { signedHeaders } from './signatures'
import { fediUrls } from './urls'

/**
 * Reading remote ActivityPub documents (actors, keys): only through safeFetch (https, public
 * addresses, 3 redirects, 5 s, at most 256 KiB here), signed as the blog so servers with "authorized
 * fetch" answer too. JSON-LD is read as plain JSON: a remote @context is never fetched.
 */

export const REMOTE_DOC_BYTES = 256 * 1024

export interface RemoteActor {
  id: string
  keyId: string
  publicKeyPem: string
  inbox: string | null
  sharedInbox: string | null
  name: string | null
  username: string | null
  url: string | null
}

export class RemoteError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message)
    this.name = 'RemoteError'
  }
}

const str = (value: unknown, max = 2048) =>
  typeof value === 'string' && value.length <= max ? value : null

function httpsUrl(value: unknown): string | null {
  const text = str(value)
  if (!text) return null
  try {
    const url = new URL(text)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}

export async function fetchJson(env: Env, url: string): Promise<Record<string, unknown>> {
  const settings = config(env)
  const headers: Record<string, string> = {
    accept:
      'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
  }
  if (settings.fediverse) {
    const { privateKey } = await localKeys(settings.fediverse.privateKeyPem)
    const signed = await signedHeaders(
      privateKey,
      fediUrls(settings.siteUrl, settings.fediverse).keyId,
      'GET',
      new URL(url),
      null,
    )
    delete signed.host
    Object.assign(headers, signed)
  }
  const res = await safeFetch(url, settings.remoteFetch, { headers, maxBytes: REMOTE_DOC_BYTES })
  if (res.status !== 200)
    throw new RemoteError(res.status, `${new URL(url).host} answered ${res.status}`)
  let doc: unknown
  try {
    doc = JSON.parse(res.text())
  } catch {
    throw new RemoteError(null, `${new URL(url).host} did not answer JSON`)
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new RemoteError(null, 'not a JSON object')
  return doc as Record<string, unknown>
}

/** The actor that owns `keyId` (keyId is `<actor>#main-key`, or a key document naming its owner). */
export async function fetchActorForKey(env: Env, keyId: string): Promise<RemoteActor> {
  const keyUrl = new URL(keyId)
  keyUrl.hash = ''
  let doc = await fetchJson(env, keyUrl.href)
  if (!('inbox' in doc) && typeof doc.owner === 'string') doc = await fetchJson(env, doc.owner)
  const actor = readActor(doc)
  if (!actor) throw new RemoteError(null, 'not an actor with a public key')
  if (actor.keyId !== keyId) throw new RemoteError(null, 'the actor does not publish this key')
  // A server may only speak for its own actors: the document must name an actor on the key's host.
  if (new URL(actor.id).origin !== keyUrl.origin)
    throw new RemoteError(null, 'the key and its actor are on different hosts')
  return actor
}

/** An actor document's useful fields, or null when it has no id or no RSA key owned by itself. */
export function readActor(doc: Record<string, unknown>): RemoteActor | null {
  const id = httpsUrl(doc.id)
  const key = doc.publicKey as Record<string, unknown> | undefined
  if (!id || typeof key !== 'object' || key === null) return null
  const keyId = str(key.id)
  const pem = str(key.publicKeyPem, 8192)
  if (!keyId || !pem || key.owner !== id) return null
  const endpoints = doc.endpoints as Record<string, unknown> | undefined
  return {
    id,
    keyId,
    publicKeyPem: pem,
    inbox: httpsUrl(doc.inbox),
    sharedInbox: httpsUrl(endpoints?.sharedInbox),
    name: str(doc.name, 200),
    username: str(doc.preferredUsername, 200),
    url: httpsUrl(typeof doc.url === 'string' ? doc.url : null) ?? id,
  }
}
