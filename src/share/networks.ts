/**
 * Share-intent URLs, built only here and only from the essay's own data (see
 * /work/shared/REFERENCE.md for each network's parameters). Every value is
 * encodeURIComponent-encoded, so a space is %20 everywhere, mailto: included.
 */
import { cutText, graphemes, perGrapheme } from '../lib/text'
import { xWeight } from './text'

export const NETWORKS = [
  'x',
  'facebook',
  'linkedin',
  'reddit',
  'hackernews',
  'bluesky',
  'mastodon',
  'threads',
  'whatsapp',
  'telegram',
  'pinterest',
  'email',
] as const
export type Network = (typeof NETWORKS)[number]

export const NETWORK_NAMES: Record<Network, string> = {
  x: 'X',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  reddit: 'Reddit',
  hackernews: 'Hacker News',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  threads: 'Threads',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  pinterest: 'Pinterest',
  email: 'Email',
}

/** What a reader hears for each share link (accessible name). */
export function shareLabel(network: Network): string {
  return network === 'email' ? 'Share by email' : `Share on ${NETWORK_NAMES[network]}`
}

export function isNetwork(value: string): value is Network {
  return (NETWORKS as readonly string[]).includes(value)
}

/**
 * Text limits, in the unit each network counts. Where the network publishes one it is used;
 * elsewhere a sane cap keeps the intent URL short enough for every browser and mail client.
 */
export const LIMITS = {
  /** X: 280 weighted characters; any URL counts 23 (t.co). */
  x: 280,
  xUrl: 23,
  /** Bluesky: 300 graphemes for the whole post, URL and separator included. */
  bluesky: 300,
  /** Mastodon's default 500; Mastodon counts a URL as 23, other servers may count it whole, so we count max(23, its length). */
  mastodon: 500,
  mastodonUrl: 23,
  /** Threads: 500 characters, URL included. */
  threads: 500,
  /** Reddit: post titles are at most 300 characters. */
  reddit: 300,
  /** Hacker News: titles are at most 80 characters. */
  hackernews: 80,
  /** Pinterest: pin descriptions are at most 500 characters. */
  pinterest: 500,
  /** Telegram: 4096 per message, URL included. */
  telegram: 4096,
  /** WhatsApp allows far more; 1000 keeps the wa.me link reasonable. URL included. */
  whatsapp: 1000,
  /** Mail: subjects past ~200 are cut by clients anyway; the body's summary is capped at 1000. */
  emailSubject: 200,
  emailBody: 1000,
} as const

/** The essay as a share target. `url` is the canonical URL (already tagged with UTM when wanted). */
export interface ShareItem {
  url: string
  title: string
  description: string
  /** Absolute URL of the Open Graph card. */
  image: string
}

/** Adds utm_source=<network>&utm_medium=social to the URL being shared. */
export function withUtm(url: string, network: Network): string {
  return `${url}${url.includes('?') ? '&' : '?'}utm_source=${encodeURIComponent(network)}&utm_medium=social`
}

function withQuery(base: string, params: Array<[string, string]>): string {
  return `${base}?${params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`
}

/** `title url` within `limit` graphemes, the URL counted as at least `minUrl`; the URL is never cut. */
function titleThenUrl(title: string, url: string, limit: number, minUrl = 0): string {
  const urlLength = Math.max(graphemes(url).length, minUrl)
  const budget = limit - urlLength - 1
  const text = budget > 0 ? cutText(title, budget) : ''
  return text ? `${text} ${url}` : url
}

/** Budget left for a title when the network appends the URL itself. */
const titleBudget = (limit: number, url: string) => Math.max(0, limit - graphemes(url).length - 1)

/** Every network with a single host; Mastodon needs the reader's instance first. */
export type DirectNetwork = Exclude<Network, 'mastodon'>

/** The intent URL for every network with a single host. Mastodon needs the reader's instance: see mastodonIntentUrl. */
export function intentUrl(network: DirectNetwork, item: ShareItem): string {
  const { url, title, description, image } = item
  switch (network) {
    case 'x':
      return withQuery('https://x.com/intent/tweet', [
        ['text', cutText(title.normalize('NFC'), LIMITS.x - LIMITS.xUrl - 1, xWeight)],
        ['url', url],
      ])
    case 'facebook':
      return withQuery('https://www.facebook.com/sharer/sharer.php', [['u', url]])
    case 'linkedin':
      return withQuery('https://www.linkedin.com/sharing/share-offsite/', [['url', url]])
    case 'reddit':
      return withQuery('https://www.reddit.com/submit', [
        ['url', url],
        ['title', cutText(title, LIMITS.reddit)],
      ])
    case 'hackernews':
      return withQuery('https://news.ycombinator.com/submitlink', [
        ['u', url],
        ['t', cutText(title, LIMITS.hackernews)],
      ])
    case 'bluesky':
      return withQuery('https://bsky.app/intent/compose', [
        ['text', titleThenUrl(title, url, LIMITS.bluesky)],
      ])
    case 'threads':
      return withQuery('https://www.threads.com/intent/post', [
        ['text', cutText(title, titleBudget(LIMITS.threads, url))],
        ['url', url],
      ])
    case 'whatsapp':
      return withQuery('https://wa.me/', [['text', titleThenUrl(title, url, LIMITS.whatsapp)]])
    case 'telegram':
      return withQuery('https://t.me/share/url', [
        ['url', url],
        ['text', cutText(title, titleBudget(LIMITS.telegram, url))],
      ])
    case 'pinterest':
      return withQuery('https://www.pinterest.com/pin/create/button/', [
        ['url', url],
        ['media', image],
        ['description', cutText(`${title} — ${description}`, LIMITS.pinterest, perGrapheme)],
      ])
    case 'email':
      // RFC 6068: line breaks in a mailto body are %0D%0A.
      return withQuery('mailto:', [
        ['subject', cutText(title, LIMITS.emailSubject)],
        ['body', `${cutText(description, LIMITS.emailBody)}\r\n\r\n${url}`],
      ])
  }
}

/** https://<instance>/share?text=<title url>. `host` must come from validateInstance. */
export function mastodonIntentUrl(host: string, item: ShareItem): string {
  return withQuery(`https://${host}/share`, [
    ['text', titleThenUrl(item.title, item.url, LIMITS.mastodon, LIMITS.mastodonUrl)],
  ])
}
