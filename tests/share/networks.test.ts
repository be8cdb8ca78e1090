import { describe, expect, it } from 'vitest'
import {
  intentUrl,
  isNetwork,
  LIMITS,
  mastodonIntentUrl,
  NETWORKS,
  type Network,
  type ShareItem,
  withUtm,
} from '../../src/share/networks'
import { graphemes, measure } from '../../src/lib/text'
import { xWeight } from '../../src/share/text'

const URL_ = 'https://blog.example/essays/a-b'
const IMAGE = 'https://blog.example/og/a-b.png'

/** Titles that break naive builders: query delimiters, quotes, emoji, right-to-left text. */
const TITLES = [
  'Fish & Chips #1: Why? Because = yes',
  'She said "no" and \'maybe\' — then left',
  'Family 👩‍👩‍👧‍👦 & flags 🇫🇷 + combining é',
  'שלום עולם: مرحبا بالعالم',
  'Percent 100% / slash \\ back + plus',
]

const item = (title: string): ShareItem => ({
  url: URL_,
  title,
  description: `About ${title}. Really & truly?`,
  image: IMAGE,
})

/** What each network must receive, decoded: host, path and every parameter in order. */
function expected(
  network: Exclude<Network, 'mastodon'>,
  i: ShareItem,
): { origin: string; path: string; params: Array<[string, string]> } {
  switch (network) {
    case 'x':
      return {
        origin: 'https://x.com',
        path: '/intent/tweet',
        params: [
          ['text', i.title.normalize('NFC')],
          ['url', i.url],
        ],
      }
    case 'facebook':
      return {
        origin: 'https://www.facebook.com',
        path: '/sharer/sharer.php',
        params: [['u', i.url]],
      }
    case 'linkedin':
      return {
        origin: 'https://www.linkedin.com',
        path: '/sharing/share-offsite/',
        params: [['url', i.url]],
      }
    case 'reddit':
      return {
        origin: 'https://www.reddit.com',
        path: '/submit',
        params: [
          ['url', i.url],
          ['title', i.title],
        ],
      }
    case 'hackernews':
      return {
        origin: 'https://news.ycombinator.com',
        path: '/submitlink',
        params: [
          ['u', i.url],
          ['t', i.title],
        ],
      }
    case 'bluesky':
      return {
        origin: 'https://bsky.app',
        path: '/intent/compose',
        params: [['text', `${i.title} ${i.url}`]],
      }
    case 'threads':
      return {
        origin: 'https://www.threads.com',
        path: '/intent/post',
        params: [
          ['text', i.title],
          ['url', i.url],
        ],
      }
    case 'whatsapp':
      return { origin: 'https://wa.me', path: '/', params: [['text', `${i.title} ${i.url}`]] }
    case 'telegram':
      return {
        origin: 'https://t.me',
        path: '/share/url',
        params: [
          ['url', i.url],
          ['text', i.title],
        ],
      }
    case 'pinterest':
      return {
        origin: 'https://www.pinterest.com',
        path: '/pin/create/button/',
        params: [
          ['url', i.url],
          ['media', i.image],
          ['description', `${i.title} — ${i.description}`],
        ],
      }
    case 'email':
      return {
        origin: 'null',
        path: '',
        params: [
          ['subject', i.title],
          ['body', `${i.description}\r\n\r\n${i.url}`],
        ],
      }
  }
}

const DIRECT = NETWORKS.filter((n): n is Exclude<Network, 'mastodon'> => n !== 'mastodon')

/** The raw query, checked as text: names in order, each value exactly encodeURIComponent(value). */
function expectEncodedQuery(href: string, params: Array<[string, string]>) {
  const query = href.slice(href.indexOf('?') + 1)
  expect(query).toBe(
    params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&'),
  )
  // Nothing that a parser could read as a delimiter or a space survives unencoded.
  expect(query).not.toMatch(/[ +#"<>]/)
  expect(query.split('&').map((pair) => pair.split('=')[0])).toEqual(params.map(([name]) => name))
}

describe.each(TITLES)('intent URLs for %j', (title) => {
  it.each(DIRECT)('%s: expected host, path, parameters and encoding', (network) => {
    const i = item(title)
    const href = intentUrl(network, i)
    const want = expected(network, i)
    if (network === 'email') {
      expect(href.startsWith('mailto:?subject=')).toBe(true)
      // RFC 6068: spaces are %20, never '+'; line breaks %0D%0A.
      expect(href).toContain('%20')
      expect(href).toContain('%0D%0A%0D%0A')
    } else {
      const parsed = new URL(href)
      expect(parsed.origin).toBe(want.origin)
      expect(parsed.pathname).toBe(want.path)
      expect(parsed.hash).toBe('')
      expect([...parsed.searchParams.entries()]).toEqual(want.params)
    }
    expectEncodedQuery(href, want.params)
  })

  it('mastodon: https://<instance>/share?text=<title url>', () => {
    const href = mastodonIntentUrl('hachyderm.io', item(title))
    const parsed = new URL(href)
    expect(parsed.origin).toBe('https://hachyderm.io')
    expect(parsed.pathname).toBe('/share')
    expect([...parsed.searchParams.entries()]).toEqual([['text', `${title} ${URL_}`]])
    expectEncodedQuery(href, [['text', `${title} ${URL_}`]])
  })
})

describe('text limits', () => {
  const long = `${'Long 👩‍👩‍👧‍👦 title é '.repeat(60)}end`
  const text = (href: string, name: string) => new URL(href).searchParams.get(name)!

  it('Bluesky: 300 graphemes counting the URL and the space, URL kept whole', () => {
    const post = text(intentUrl('bluesky', item(long)), 'text')
    expect(graphemes(post).length).toBeLessThanOrEqual(LIMITS.bluesky)
    expect(graphemes(post).length).toBeGreaterThan(LIMITS.bluesky - 5)
    expect(post.endsWith(`… ${URL_}`)).toBe(true)
  })

  it('X: 280 weighted with the URL counted as 23', () => {
    const tweet = text(intentUrl('x', item(long)), 'text')
    expect(measure(tweet, xWeight) + 1 + 23).toBeLessThanOrEqual(280)
    expect(measure(tweet, xWeight) + 1 + 23).toBeGreaterThan(275)
  })

  it.each([
    ['hackernews', 't', LIMITS.hackernews],
    ['reddit', 'title', LIMITS.reddit],
    ['pinterest', 'description', LIMITS.pinterest],
  ] as const)('%s: %s at most %i graphemes', (network, param, limit) => {
    const value = text(intentUrl(network, item(long.repeat(3))), param)
    expect(graphemes(value).length).toBeLessThanOrEqual(limit)
    expect(value.endsWith('…')).toBe(true)
  })

  it('Threads and Mastodon: 500 including the URL', () => {
    const threads = intentUrl('threads', item(long.repeat(2)))
    expect(
      graphemes(text(threads, 'text')).length + 1 + graphemes(URL_).length,
    ).toBeLessThanOrEqual(LIMITS.threads)
    const toot = text(mastodonIntentUrl('mastodon.social', item(long.repeat(2))), 'text')
    expect(graphemes(toot).length).toBeLessThanOrEqual(LIMITS.mastodon)
    expect(toot.endsWith(` ${URL_}`)).toBe(true)
  })
})

describe('helpers', () => {
  it('withUtm adds utm_source=<network>&utm_medium=social', () => {
    expect(withUtm(URL_, 'bluesky')).toBe(`${URL_}?utm_source=bluesky&utm_medium=social`)
    expect(withUtm(`${URL_}?a=1`, 'x')).toBe(`${URL_}?a=1&utm_source=x&utm_medium=social`)
  })

  it('knows exactly the twelve networks', () => {
    expect(NETWORKS).toHaveLength(12)
    expect(isNetwork('bluesky')).toBe(true)
    for (const junk of ['', 'BLUESKY', 'myspace', 'constructor', '__proto__', 'toString'])
      expect(isNetwork(junk)).toBe(false)
  })
})
