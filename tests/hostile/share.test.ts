/** Property tests for the share URL builders (src/share/): right host, exact values, whole graphemes, within limits. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  intentUrl,
  LIMITS,
  mastodonIntentUrl,
  NETWORKS,
  type Network,
} from '../../src/share/networks'
import { cutText, ELLIPSIS, graphemes, measure } from '../../src/lib/text'
import { validateInstance } from '../share/instance'
import { hostileString, RUNS, wellFormedString } from './arbitraries'

const HOSTS: Record<Exclude<Network, 'mastodon'>, string> = {
  x: 'x.com',
  facebook: 'www.facebook.com',
  linkedin: 'www.linkedin.com',
  reddit: 'www.reddit.com',
  hackernews: 'news.ycombinator.com',
  bluesky: 'bsky.app',
  threads: 'www.threads.com',
  whatsapp: 'wa.me',
  telegram: 't.me',
  pinterest: 'www.pinterest.com',
  email: '',
}
const direct = NETWORKS.filter((n): n is Exclude<Network, 'mastodon'> => n !== 'mastodon')

const canonical = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9-]{1,40}$/),
    fc.option(fc.stringMatching(/^[a-z]{1,8}=[a-z0-9]{0,8}$/), { nil: undefined }),
  )
  .map(([slug, q]) => `https://blog.example/essays/${slug}${q ? `?${q}` : ''}`)
const item = fc.record({
  url: canonical,
  title: wellFormedString(120),
  description: wellFormedString(300),
  image: fc.constant('https://blog.example/og/x.png'),
})

/** Every grapheme boundary of `text`, as UTF-16 offsets. */
const boundaries = (text: string) => {
  const out = new Set([0])
  let at = 0
  for (const g of graphemes(text)) out.add((at += g.length))
  return out
}

describe('intentUrl', () => {
  it('always targets the network host, and every parameter decodes to text built only from the essay', () => {
    fc.assert(
      fc.property(fc.constantFrom(...direct), item, (network, essay) => {
        const built = intentUrl(network, essay)
        const url = new URL(built)
        if (network === 'email') {
          expect(url.protocol).toBe('mailto:')
          expect(built).not.toMatch(/\+/)
        } else {
          expect(url.protocol).toBe('https:')
          expect(url.host).toBe(HOSTS[network])
          expect(url.username + url.password + url.hash).toBe('')
        }
        // Nothing unencoded: only unreserved and percent-escapes in the query values.
        for (const part of built.slice(built.indexOf('?') + 1).split('&'))
          expect(part).toMatch(/^[a-z]+=[A-Za-z0-9\-_.!~*'()%]*$/)
        const values = [...url.searchParams.values()].join('\n')
        if (network !== 'email') expect(values).toContain(essay.url)
      }),
      { numRuns: RUNS },
    )
  })

  it('fits Bluesky in 300 graphemes with the whole URL inside', () => {
    fc.assert(
      fc.property(item, (essay) => {
        const text = new URL(intentUrl('bluesky', essay)).searchParams.get('text')!
        expect(measure(text)).toBeLessThanOrEqual(LIMITS.bluesky)
        expect(text.endsWith(essay.url)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('a Mastodon link goes only to the validated instance', () => {
    fc.assert(
      fc.property(hostileString(30), item, (raw, essay) => {
        const check = validateInstance(raw)
        if (!check.ok) {
          expect(check.message).toMatch(/^instance: /)
          return
        }
        expect(check.host).toMatch(/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*$/)
        const url = new URL(mastodonIntentUrl(check.host, essay))
        expect(url.host).toBe(check.host)
        expect(url.pathname).toBe('/share')
      }),
      { numRuns: RUNS },
    )
  })
})

describe('cutText', () => {
  it('never splits a grapheme and never exceeds the limit', () => {
    fc.assert(
      fc.property(wellFormedString(80), fc.integer({ min: 0, max: 60 }), (text, limit) => {
        const cut = cutText(text, limit)
        expect(measure(cut)).toBeLessThanOrEqual(Math.max(limit, 0))
        if (cut === text) return
        if (cut === '') return
        expect(cut.endsWith(ELLIPSIS)).toBe(true)
        const kept = cut.slice(0, -ELLIPSIS.length)
        expect(text.startsWith(kept)).toBe(true)
        expect(
          boundaries(text).has(kept.length),
          `cut inside a grapheme: ${JSON.stringify(text)} -> ${JSON.stringify(cut)}`,
        ).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('cutText, a defect this suite found', () => {
  // A prepended character (Unicode Prepend, e.g. U+0600) and a following space form one grapheme;
  // trimming trailing whitespace by code point used to leave half of it: "ab\u0600…".
  it('does not split a Prepend + space grapheme when trimming before the ellipsis', () => {
    const text = 'ab\u0600 cdefgh'
    const cut = cutText(text, 4)
    expect(boundaries(text).has(cut.length - ELLIPSIS.length)).toBe(true)
    expect(cut).toBe('ab\u0600 …')
  })
})
