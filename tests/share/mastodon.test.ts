import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { decodePunycode } from '../../src/share/mastodon'
import { decodeEntities, get, SEED_SLUG, SITE } from '../helpers/http'
import { readerIp, shareClicksOn } from './helpers'
import { validateInstance } from './instance'

/** Values that must never become a redirect host. Each is answered 400. */
const HOSTILE: Array<[string, string]> = [
  ['path', 'evil.com/@x'],
  ['userinfo', 'user@host.com'],
  ['userinfo with host', 'mastodon.social@evil.com'],
  ['port', 'host.com:443'],
  ['scheme-relative', '//host.com'],
  ['scheme', 'https://host.com'],
  ['javascript scheme', 'javascript:alert(1)'],
  ['IPv4', '127.0.0.1'],
  ['IPv4 as one decimal number', '2130706433'],
  ['IPv4 with hex part', '0x7f.0.0.1'],
  ['IPv4 short hex', '0x7f.1'],
  ['IPv4 octal', '0177.0.0.01'],
  ['hex-looking TLD', 'one.0x7f'],
  ['IPv6 in brackets', '[::1]'],
  ['IPv6 bare', '::1'],
  ['localhost', 'localhost'],
  ['localhost with dot', 'localhost.'],
  ['*.localhost', 'foo.localhost'],
  ['*.LOCALHOST', 'foo.LOCALHOST'],
  ['xn-- alone', 'xn--'],
  ['xn-- with nothing after', 'xn--.com'],
  ['xn-- with a trailing hyphen', 'xn--abc-.com'],
  ['xn-- truncated Punycode', 'xn--abc-9.example'],
  ['xn-- overflowing', 'xn--99999999999.com'],
  ['xn-- decoding to a control character', 'xn--a.com'],
  ['xn-- with invalid digits', 'xn--a-zzzzzzzzzzzzzz.com'],
  ['leading hyphen', '-bad.com'],
  ['trailing hyphen', 'bad-.com'],
  ['empty label', 'a..b'],
  ['trailing dot', 'mastodon.social.'],
  ['leading dot', '.mastodon.social'],
  ['space inside', 'host .com'],
  ['leading space', ' host.com'],
  ['trailing newline', 'host.com\n'],
  ['tab', 'host\t.com'],
  ['encoded slash', 'host.com%2f'],
  ['encoded slash and at', 'host.com%2F@evil'],
  ['encoded dot', 'host%2Ecom'],
  ['backslash', 'evil.com\\@good.com'],
  ['query', 'host.com?x=1'],
  ['fragment', 'host.com#x'],
  ['non-ASCII lookalike (Cyrillic a)', 'ex\u0430mple.com'],
  ['fullwidth dot', 'host\uff0ecom'],
  ['underscore', 'my_host.com'],
  ['label of 64 characters', `${'a'.repeat(64)}.com`],
  ['name over 253 characters', `${Array.from({ length: 4 }, () => 'a'.repeat(63)).join('.')}.com`],
  ['single label', 'mastodon'],
  ['numeric TLD', 'host.123'],
  ['empty', ''],
]

const VALID: Array<[string, string]> = [
  ['mastodon.social', 'mastodon.social'],
  ['Hachyderm.IO', 'hachyderm.io'],
  ['social.example-host.co.uk', 'social.example-host.co.uk'],
  ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
  [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
  ['1.example', '1.example'],
]

describe('validateInstance', () => {
  it(`has at least 20 hostile cases (${HOSTILE.length})`, () =>
    expect(HOSTILE.length).toBeGreaterThanOrEqual(20))

  it.each(HOSTILE)('refuses %s: %j', (_, value) => {
    const check = validateInstance(value)
    expect(check.ok).toBe(false)
    if (!check.ok) expect(check.message).toMatch(/^instance: /)
  })

  it.each(VALID)('accepts %j as %j', (value, host) => {
    expect(validateInstance(value)).toEqual({ ok: true, host })
  })

  it('decodes Punycode per RFC 3492 and rejects malformed input', () => {
    expect(decodePunycode('bcher-kva')).toBe('bücher')
    expect(decodePunycode('mnchen-3ya')).toBe('münchen')
    expect(decodePunycode('wgv71a119e')).toBe('日本語')
    expect(decodePunycode('')).toBe('')
    expect(decodePunycode('abc-')).toBe('abc')
    expect(decodePunycode('99999999999')).toBeNull()
    expect(decodePunycode('a-!')).toBeNull()
  })
})

const picker = (query: string) => get(`/share/${SEED_SLUG}/mastodon${query}`)

describe('GET /share/:slug/mastodon', () => {
  it('without an instance shows a form (no JavaScript needed) and common servers', async () => {
    const res = await picker('')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toContain(`<form method="get" action="/share/${SEED_SLUG}/mastodon"`)
    expect(html).toMatch(/<label for="instance">[^<]+<\/label>/)
    expect(html).toContain('name="instance"')
    for (const host of [
      'mastodon.social',
      'hachyderm.io',
      'fosstodon.org',
      'mas.to',
      'infosec.exchange',
    ]) {
      expect(html).toContain(`href="/share/${SEED_SLUG}/mastodon?instance=${host}"`)
    }
    expect(html).not.toMatch(/<script(?! type="application\/ld\+json")/)
    expect(html).toContain('<meta name="robots" content="noindex"/>')
  })

  it("allows the form's off-site redirect in form-action on this page only", async () => {
    const csp = (await picker('')).headers.get('Content-Security-Policy')!
    expect(csp).toContain("form-action 'self' https:")
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toMatch(/style-src 'sha256-/)
    expect(csp).not.toContain('unsafe-inline')
    const essayCsp = (await get(`/essays/${SEED_SLUG}`)).headers.get('Content-Security-Policy')!
    expect(essayCsp).toContain("form-action 'self';")
  })

  it.each(VALID.slice(0, 2))(
    '?instance=%s redirects to https://%s/share?text=<title url> and counts a click',
    async (value, host) => {
      const before = await shareClicksOn(env.DB, SEED_SLUG, 'mastodon')
      const res = await get(`/share/${SEED_SLUG}/mastodon?instance=${encodeURIComponent(value)}`, {
        headers: { 'CF-Connecting-IP': readerIp() },
      })
      expect(res.status).toBe(302)
      const location = new URL(res.headers.get('Location')!)
      expect(location.origin).toBe(`https://${host}`)
      expect(location.pathname).toBe('/share')
      expect(location.searchParams.get('text')).toBe(
        `Management Versus Leadership ${SITE}/essays/${SEED_SLUG}`,
      )
      expect(res.headers.get('Cache-Control')).toBe('no-store')
      expect(res.headers.get('Referrer-Policy')).toBe('no-referrer')
      // The click is written after the response (waitUntil): poll until it lands.
      await expect.poll(() => shareClicksOn(env.DB, SEED_SLUG, 'mastodon')).toBeGreaterThan(before)
    },
  )

  it('?utm=1 is carried through the form and tags the shared URL', async () => {
    const form = await (await picker('?utm=1')).text()
    expect(form).toContain('<input type="hidden" name="utm" value="1"/>')
    expect(form).toContain(`href="/share/${SEED_SLUG}/mastodon?instance=mas.to&amp;utm=1"`)
    const res = await picker('?instance=mas.to&utm=1')
    expect(new URL(res.headers.get('Location')!).searchParams.get('text')).toBe(
      `Management Versus Leadership ${SITE}/essays/${SEED_SLUG}?utm_source=mastodon&utm_medium=social`,
    )
  })

  it.each(HOSTILE)(
    'answers %s (%j) with 400, the form again, the value kept and the reason next to the field',
    async (_, value) => {
      const res = await picker(`?instance=${encodeURIComponent(value)}`)
      expect(res.status).toBe(400)
      expect(res.headers.get('Location')).toBeNull()
      expect(res.headers.get('Cache-Control')).toBe('private, no-store')
      const html = await res.text()
      const input = html.match(/<input[^>]*name="instance"[^>]*>/)![0]
      const kept = input.match(/value="([^"]*)"/)
      expect(decodeEntities(kept?.[1] ?? '')).toBe(value)
      expect(input).toContain('aria-invalid="true"')
      expect(input).toContain('aria-describedby="instance-error instance-hint"')
      expect(html).toMatch(/<p class="error" id="instance-error">instance: [^<]+<\/p>/)
    },
  )

  it('keeps the form-action exception on the refused-value page (it comes through the error channel)', async () => {
    const res = await picker('?instance=localhost&utm=1')
    expect(res.status).toBe(400)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(res.headers.get('Content-Security-Policy')).toContain("form-action 'self' https:")
    const html = await res.text()
    expect(html).toContain('<input type="hidden" name="utm" value="1"/>')
    expect(html).toContain(`<a href="/essays/${SEED_SLUG}">`)
    expect(html).toContain('<meta name="robots" content="noindex"/>')
  })

  it('escapes a hostile value in the page', async () => {
    const html = await (
      await picker(`?instance=${encodeURIComponent('"><script>alert(1)</script>')}`)
    ).text()
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('&quot;&gt;&lt;script&gt;')
  })

  it('404s for an unknown essay', async () => {
    expect((await get('/share/no-such-essay/mastodon?instance=mastodon.social')).status).toBe(404)
  })
})
