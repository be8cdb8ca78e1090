import type { FediverseSettings } from '../config'
import { essayPath } from '../lib/urls'

/** Every URL the fediverse sees of the blog, in one place. The actor id must never change after launch. */
export function fediUrls(siteUrl: string, settings: FediverseSettings) {
  const base = `${siteUrl}/fediverse`
  const actor = `${base}/actor`
  return {
    host: new URL(siteUrl).host,
    actor,
    keyId: `${actor}#main-key`,
    inbox: `${base}/inbox`,
    sharedInbox: `${base}/shared-inbox`,
    outbox: `${base}/outbox`,
    followers: `${base}/followers`,
    following: `${base}/following`,
    profile: `${siteUrl}/`,
    acct: `acct:${settings.handle}@${new URL(siteUrl).host}`,
    essay: (slug: string) => siteUrl + essayPath(slug),
    replies: (slug: string) => `${base}/replies/${encodeURIComponent(slug)}`,
    activity: (kind: string, slug: string, version: string) =>
      `${base}/activities/${kind}/${encodeURIComponent(slug)}/${encodeURIComponent(version)}`,
  }
}

export type FediUrls = ReturnType<typeof fediUrls>

export const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public'
/** Mastodon also accepts these spellings of Public in `to`/`cc`. */
export const PUBLIC_ALIASES = new Set([PUBLIC, 'as:Public', 'Public'])

export const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams'
export const SECURITY_CONTEXT = 'https://w3id.org/security/v1'

export const ACTIVITY_JSON = 'application/activity+json'
export const LD_JSON = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'

/**
 * True when the client asks for ActivityStreams: `application/activity+json`, or `application/ld+json`
 * with the ActivityStreams profile (Mastodon sends both). A browser (text/html, any type) is not.
 */
export function wantsActivityJson(accept: string | undefined): boolean {
  if (!accept) return false
  for (const part of accept.toLowerCase().split(',')) {
    const [type = '', ...params] = part.split(';').map((piece) => piece.trim())
    if (type === 'application/activity+json') return true
    if (
      type === 'application/ld+json' &&
      params.some(
        (param) => param.replace(/\s/g, '') === 'profile="https://www.w3.org/ns/activitystreams"',
      )
    )
      return true
  }
  return false
}
