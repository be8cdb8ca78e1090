import type { Essay } from '../content/types'
import { site } from '../generated/content'
import { AS_CONTEXT, type FediUrls, PUBLIC, SECURITY_CONTEXT } from './urls'

/**
 * The JSON the fediverse reads: WebFinger, NodeInfo, the actor (a Person) and each essay as an Article.
 * Plain JSON with the two well-known contexts; nothing here ever fetches a remote @context.
 */

export function webfinger(urls: FediUrls) {
  return {
    subject: urls.acct,
    aliases: [urls.actor, urls.profile],
    links: [
      { rel: 'self', type: 'application/activity+json', href: urls.actor },
      { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: urls.profile },
    ],
  }
}

export function nodeinfoIndex(siteUrl: string) {
  return {
    links: [
      {
        rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1',
        href: `${siteUrl}/nodeinfo/2.1`,
      },
    ],
  }
}

export function nodeinfo(essays: number) {
  return {
    version: '2.1',
    software: { name: 'edge-blog', version: '0.1.0', homepage: 'https://github.com/' },
    protocols: ['activitypub'],
    services: { inbound: [], outbound: ['atom1.0', 'rss2.0'] },
    openRegistrations: false,
    usage: { users: { total: 1, activeMonth: 1, activeHalfyear: 1 }, localPosts: essays },
    metadata: { nodeName: site.title, nodeDescription: site.description },
  }
}

export function actorDocument(
  urls: FediUrls,
  handle: string,
  publicKeyPem: string,
  siteUrl: string,
) {
  return {
    '@context': [AS_CONTEXT, SECURITY_CONTEXT],
    id: urls.actor,
    type: 'Person',
    preferredUsername: handle,
    name: site.title,
    summary: `<p>${escapeHtml(site.description)}</p>`,
    url: urls.profile,
    icon: { type: 'Image', mediaType: 'image/svg+xml', url: `${siteUrl}/favicon.svg` },
    inbox: urls.inbox,
    outbox: urls.outbox,
    followers: urls.followers,
    following: urls.following,
    endpoints: { sharedInbox: urls.sharedInbox },
    manuallyApprovesFollowers: false,
    discoverable: true,
    publicKey: { id: urls.keyId, owner: urls.actor, publicKeyPem },
  }
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** An essay as an ActivityStreams Article: the id is its canonical URL, as Mastodon expects. */
export function articleObject(urls: FediUrls, essay: Essay, tagUrl: (tag: string) => string) {
  const id = urls.essay(essay.slug)
  return {
    id,
    type: 'Article',
    name: essay.title,
    summary: essay.description,
    content: essay.html,
    mediaType: 'text/html',
    url: id,
    published: essay.date,
    updated: essay.updated,
    attributedTo: urls.actor,
    to: [PUBLIC],
    cc: [urls.followers],
    tag: essay.tags.map((tag) => ({
      type: 'Hashtag',
      href: tagUrl(tag),
      name: `#${tag.replace(/\s/g, '')}`,
    })),
    replies: urls.replies(essay.slug),
  }
}

export function withContext<T extends object>(object: T) {
  return { '@context': AS_CONTEXT, ...object }
}
