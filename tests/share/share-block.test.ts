import { describe, expect, it } from 'vitest'
import { NETWORKS, shareLabel } from '../../src/share/networks'
import { get, metaContent, SEED_SLUG, SITE } from '../helpers/http'

async function essayPage() {
  const res = await get(`/essays/${SEED_SLUG}`)
  expect(res.status).toBe(200)
  return { res, html: await res.text() }
}

function shareSection(html: string): string {
  const section = html.match(/<section class="share" id="share"[\s\S]*?<\/section>/)
  expect(section).not.toBeNull()
  return section![0]
}

async function sha256Base64(text: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return btoa(String.fromCharCode(...new Uint8Array(digest)))
}

describe('"Share This" on the essay page', () => {
  it('has a plain same-origin link per network with an accessible name and a decorative inline icon', async () => {
    const section = shareSection((await essayPage()).html)
    expect(section).toContain('<h2 id="share-title">Share This</h2>')
    const links = [
      ...section.matchAll(/<a href="([^"]+)" rel="([^"]+)" aria-label="([^"]+)">([\s\S]*?)<\/a>/g),
    ]
    expect(links.map((m) => m[1])).toEqual(
      NETWORKS.map((network) => `/share/${SEED_SLUG}/${network}`),
    )
    expect(links.map((m) => m[3])).toEqual(NETWORKS.map(shareLabel))
    expect(links.map((m) => m[3])).toContain('Share on Bluesky')
    for (const [, , rel, label, inner] of links) {
      expect(rel).toBe('nofollow noopener')
      expect(inner).toMatch(/^<svg [^>]*aria-hidden="true" focusable="false"/)
      // The visible text is part of the accessible name (WCAG 2.5.3 label in name).
      const visible = inner!.match(/<span>([^<]+)<\/span>/)![1]!
      expect(label!.toLowerCase()).toContain(visible.toLowerCase())
    }
  })

  it('loads nothing from other hosts: no external scripts, images, frames or styles', async () => {
    const { html } = await essayPage()
    const section = shareSection(html)
    expect(section).not.toMatch(/<(img|iframe|script|link)\b/)
    expect(section).not.toMatch(/(src|href)="(https?:)?\/\//)
    expect(html).not.toMatch(/<script[^>]+src=/)
  })

  it('renders copy-link and native-share buttons hidden until the script finds support', async () => {
    const section = shareSection((await essayPage()).html)
    const buttons = [...section.matchAll(/<li hidden=""><button type="button"[^>]*>/g)].map(
      (m) => m[0],
    )
    expect(buttons).toHaveLength(2)
    expect(buttons[0]).toMatch(/data-share-copy(="[^"]*")? hidden=""/)
    expect(buttons[1]).toMatch(/data-share-native(="[^"]*")? hidden=""/)
    expect(section).toContain(`data-share-url="${SITE}/essays/${SEED_SLUG}"`)
    expect(section).toMatch(/<p class="note" role="status" data-share-status(="[^"]*")?><\/p>/)
  })

  it('carries the enhancement script, allowed by its CSP hash, feature-testing clipboard and share/canShare', async () => {
    const { res, html } = await essayPage()
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!)
    const share = scripts.find((code) => code.includes('data-share-copy'))
    expect(share).toBeDefined()
    expect(share).toContain('navigator.clipboard')
    expect(share).toContain('navigator.canShare')
    const csp = res.headers.get('Content-Security-Policy')!
    expect(csp).toContain(`'sha256-${await sha256Base64(share!)}'`)
    expect(csp).not.toContain('unsafe-inline')
  })

  it('names the share card in og:image / twitter:image with size and alt, and in JSON-LD', async () => {
    const { html } = await essayPage()
    const image = `${SITE}/og/${SEED_SLUG}.png`
    expect(metaContent(html, 'og:image')).toBe(image)
    expect(metaContent(html, 'og:image:width')).toBe('1200')
    expect(metaContent(html, 'og:image:height')).toBe('630')
    expect(metaContent(html, 'og:image:alt')).toMatch(
      /^Management Versus Leadership \(.+, January 1, 2023\)$/,
    )
    expect(metaContent(html, 'twitter:card')).toBe('summary_large_image')
    expect(metaContent(html, 'twitter:image')).toBe(image)
    expect(metaContent(html, 'twitter:image:alt')).toBe(metaContent(html, 'og:image:alt'))
    const jsonLd = JSON.parse(
      html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]!,
    )
    expect(jsonLd.image).toBe(image)
  })
})
