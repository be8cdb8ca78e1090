import type { Env } from '../env'
import { FetchRefused } from '../lib/safe-fetch'
import { importPublicKey, sha256Base64 } from './keys'
import { fetchActorForKey, RemoteError, type RemoteActor } from './remote'
import {
  checkSigned,
  CLOCK_SKEW_MS,
  DATE_WINDOW_MS,
  parseSignature,
  type SignatureProblem,
  verifySignature,
} from './signatures'
import { cachedActor, firstSighting, storeActor } from './store'

/**
 * Is this inbox POST really from the actor it names? Mastodon's rules, in order: a draft-cavage
 * Signature over (request-target) host date digest; Digest = SHA-256 of the body; Date in the window;
 * the key fetched from its actor (cached in D1 with an expiry; on a failed check with a cached key,
 * fetched once more, for key rotation); the key's owner is the activity's actor; and, ours, the exact
 * signature never accepted before (a replay). Nothing is stored before this says yes.
 */

export type Refusal =
  SignatureProblem | 'bad-signature' | 'key-unavailable' | 'wrong-owner' | 'replay'

export type Verdict =
  { ok: true; actor: RemoteActor } | { ok: false; refusal: Refusal; detail?: string }

export interface InboxRequest {
  method: string
  /** Path and query as the client sent them. */
  target: string
  get: (name: string) => string | undefined
  body: Uint8Array
}

export async function verifyInboxRequest(
  env: Env,
  request: InboxRequest,
  activityActor: string,
  expectedHost: string,
  now = Date.now(),
): Promise<Verdict> {
  const parsed = parseSignature(request.get('signature'))
  if (!parsed) return { ok: false, refusal: 'missing' }
  const checked = await checkSigned(request, parsed, request.body, expectedHost, now)
  if (!checked.ok) return { ok: false, refusal: checked.problem }

  let actor = await cachedActor(env, parsed.keyId, now)
  const fromCache = actor !== null
  let verified = actor !== null && (await verifyWith(actor, parsed, checked.signed))
  if (!verified) {
    try {
      actor = await fetchActorForKey(env, parsed.keyId)
    } catch (error) {
      if (error instanceof RemoteError || error instanceof FetchRefused)
        return { ok: false, refusal: 'key-unavailable', detail: error.message }
      throw error
    }
    verified = await verifyWith(actor, parsed, checked.signed)
    // A fresh key that verifies replaces the cached one; a cached one that failed is refreshed either way.
    if (verified || fromCache) await storeActor(env, actor, now)
  }
  if (!verified || !actor) return { ok: false, refusal: 'bad-signature' }
  if (actor.id !== activityActor) return { ok: false, refusal: 'wrong-owner' }

  const date = Date.parse(request.get('date') ?? '')
  const seen = await firstSighting(
    env,
    await sha256Base64(`${parsed.keyId}\n${checked.signed}`),
    date + DATE_WINDOW_MS + CLOCK_SKEW_MS,
    now,
  )
  if (!seen) return { ok: false, refusal: 'replay' }
  return { ok: true, actor }
}

async function verifyWith(
  actor: RemoteActor,
  parsed: ReturnType<typeof parseSignature> & object,
  signed: string,
) {
  const key = await importPublicKey(actor.publicKeyPem)
  return key !== null && (await verifySignature(key, parsed, signed))
}
