import { env } from 'cloudflare:test'
import { SaxesParser } from 'saxes'
import { describe, expect, it } from 'vitest'
import { renderComment } from '../../src/lib/comment-markdown'
import { keyedHash } from '../../src/lib/crypto'
import { decodeEntities, get } from '../helpers/http'
import {
  approve,
  commentHtml,
  emailFor,
  ipFor,
  locationId,
  postForm,
  postJson,
  SEED_SLUG,
  setCookies,
  uniq,
} from './helpers'

/** The text a comment body's HTML stands for: paragraphs -> blank line, <br> -> newline, tags dropped, entities decoded. */
function textOfBodyHtml(html: string): string {
  return decodeEntities(
    html
      .replace(/^\s*<p>|<\/p>\s*$/g, '')
      .replace(/<\/p><p>/g, '\n\n')
      .replace(/<br\/?>/g, '\n')
      .replace(/<\/?a[^>]*>/g, ''),
  )
}

function bodyHtmlOnPage(page: string, id: string): string {
  const item = commentHtml(page, id)
  if (!item) throw new Error(`comment ${id} not on the page`)
  return item.match(/<div class="comment-body e-content">([\s\S]*?)<\/div>/)![1]!
}

/** Parses the feed strictly (XML 1.0) and returns each item's description and creator by guid. */
function feedItems(
  xmlText: string,
): Map<string, { description: string; creator: string; title: string }> {
  const parser = new SaxesParser({ xmlns: false })
  const items = new Map<string, { description: string; creator: string; title: string }>()
  let current: Record<string, string> | null = null
  let field: string | null = null
  parser.on('opentag', (tag) => {
    if (tag.name === 'item') current = {}
    else if (current) {
      field = tag.name
      current[field] = ''
    }
  })
  parser.on('text', (text) => {
    if (current && field) current[field] += text
  })
  parser.on('closetag', (tag) => {
    if (tag.name === 'item' && current) {
      items.set(current.guid!, {
        description: current.description!,
        creator: current['dc:creator']!,
        title: current.title!,
      })
      current = null
    }
    field = null
  })
  parser.write(xmlText).close()
  return items
}

const HOSTILE_BODIES = [
  '<script>alert("xss")</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)' data-x='",
  'javascript:alert(document.cookie)',
  '<a href="javascript:alert(1)">click</a> and [x](javascript:alert(1))',
  'Visit javascript://example.com/%0Aalert(1) or https://example.com/path?q=<b>&x="y"#frag.',
  ']]> </description> <![CDATA[ &amp; &lt;not a tag&gt; &#x3c;script&#x3e;',
  '{{constructor.constructor("alert(1)")()}} ${alert(1)} <%= 7*7 %>',
  'A'.repeat(20_000) + ' https://example.com/' + 'b'.repeat(3000),
  'Emoji 👩🏽‍💻👨‍👩‍👧‍👦🏳️‍🌈 flags 🇯🇵 keycap 1️⃣',
  'RTL \u202Eevil\u202C שלום עולם مرحبا بالعالم \u200F\u200E',
  'Combining e\u0301 a\u0308 Z\u0351\u0352\u0353\u0354\u0355 zalgo',
  'Zero\u200Bwidth\u200Cjoiner\u200Dand\u2060word\uFEFFjoiner',
  'Astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟘𝟙 𐍈 🀄 CJK 漢字かなカナ 한국어 NBSP\u00A0here C1\u0085\u009Fcontrols',
  'Line one\nline two\n\nSecond paragraph\twith tab',
  '&amp; &nbsp; &#0; &#xD800; \\u0000 %00',
]

describe('hostile input is escaped everywhere and comes back byte-exact on page, JSON and feed', () => {
  it.each(HOSTILE_BODIES.map((body, i) => [i, body] as const))('body #%i', async (_, body) => {
    const tag = uniq()
    const name = `"><script>alert('${tag}')</script> \u202Eemoji👍`
    const website = `https://example.com/"onmouseover="alert(1)"/${tag}`
    const res = await postJson({ name, email: emailFor(tag), website, body })
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as { id: string }
    await approve(id)

    // Page
    const page = await (await get(`/essays/${SEED_SLUG}`)).text()
    // Issue 13: the body is Markdown; the page carries exactly what the one renderer made of it.
    expect(bodyHtmlOnPage(page, id)).toBe(renderComment(body))
    const item = commentHtml(page, id)!
    // Every tag and attribute in the comment is one the renderer writes: nothing the reader sent became markup.
    for (const [, tagName, attrs] of item.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
      expect([
        'li',
        'article',
        'header',
        'a',
        'time',
        'div',
        'p',
        'br',
        'span',
        // The Markdown subset (issue 13).
        'em',
        'strong',
        'code',
        'pre',
        'blockquote',
        'ul',
        'ol',
      ]).toContain(tagName!.toLowerCase())
      expect(
        attrs!
          .replace(/\s[a-z-]+="[^"<>]*"/g, '')
          .replace(/\/$/, '')
          .trim(),
      ).toBe('')
      for (const [, attr] of attrs!.matchAll(/\s([a-z-]+)=/g))
        expect(['id', 'class', 'href', 'rel', 'datetime', 'aria-label']).toContain(attr)
    }
    expect(item).toContain(
      `href="https://example.com/&quot;onmouseover=&quot;alert(1)&quot;/${tag}" rel="nofollow ugc noopener"`,
    )
    expect(decodeEntities(item)).toContain(name)
    for (const href of item.matchAll(/href="([^"]*)"/g))
      expect(href[1]).toMatch(/^(https?:\/\/|#|\/essays\/)/)
    expect(page).not.toContain('<script>alert')

    // JSON
    const api = (await (
      await get(`/api/essays/${SEED_SLUG}/comments?page=${await lastPage()}`)
    ).json()) as { comments: { id: string; body: string; authorName: string; authorUrl: string }[] }
    const fromApi = api.comments.find((comment) => comment.id === id)!
    expect(fromApi.body).toBe(body)
    expect(fromApi.authorName).toBe(name)
    expect(fromApi.authorUrl).toBe(website)

    // Feed (strict XML parse: any character XML cannot carry would throw)
    const feed = await get(`/essays/${SEED_SLUG}/comments.xml`)
    expect(feed.headers.get('Content-Type')).toBe('application/rss+xml; charset=utf-8')
    const items = feedItems(await feed.text())
    const entry = items.get(`https://blog.test/essays/${SEED_SLUG}#comment-${id}`)!
    expect(entry).toBeDefined()
    expect(entry.description).toBe(renderComment(body))
    expect(entry.creator).toBe(name)
    expect(entry.description).not.toMatch(/<script|<img/i)
  })

  it('only http(s) URLs become links, with rel="nofollow ugc noopener"; trailing punctuation stays outside', async () => {
    const tag = uniq()
    const body = `See https://example.com/a_(b)_c. And (https://example.org/x). And javascript:alert(1) and data:text/html,x and www.example.net ${tag}`
    const res = await postJson({ name: 'Linker', email: emailFor(tag), body })
    const { id } = (await res.json()) as { id: string }
    await approve(id)
    const html = bodyHtmlOnPage(await (await get(`/essays/${SEED_SLUG}`)).text(), id)
    const links = [...html.matchAll(/<a href="([^"]*)" rel="([^"]*)">/g)].map((match) => [
      match[1],
      match[2],
    ])
    expect(links).toEqual([
      ['https://example.com/a_(b)_c', 'nofollow ugc noopener'],
      ['https://example.org/x', 'nofollow ugc noopener'],
    ])
  })
})

describe('privacy: no email or IP-derived value in any public output', () => {
  it('a distinctive email appears nowhere public, before or after approval, whichever way it is fetched', async () => {
    const tag = uniq()
    const email = `priv.${tag}@very-distinctive-domain.example`
    const ip = ipFor()
    const ipHash = await keyedHash(env.SECRET_KEY!, 'ip', ip)
    const secrets = [email, email.split('@')[0]!, 'very-distinctive-domain', ip, ipHash]
    const posted = await postForm(
      {
        name: `Private ${tag}`,
        email,
        website: 'https://example.com/me',
        body: `Private body ${tag}`,
        remember: 'yes',
      },
      { ip },
    )
    expect(posted.status).toBe(303)
    const id = locationId(posted)
    const cookies = setCookies(posted)
      .map((line) => line.split(';')[0])
      .join('; ')
    const outputs: Response[] = [
      posted,
      await get(posted.headers.get('Location')!.replace(/#.*/, '')),
    ]
    await approve(id)
    outputs.push(
      await get(`/essays/${SEED_SLUG}`),
      await get(`/essays/${SEED_SLUG}?replyto=${id}`),
      await get(`/api/essays/${SEED_SLUG}/comments?page=${await lastPage()}`),
      await get(`/essays/${SEED_SLUG}/comments.xml`),
      await get('/feed.xml'),
      await get(`/essays/${SEED_SLUG}`, {
        headers: { Cookie: cookies.replace(/comment_author=[^;]*;?\s*/, '') },
      }),
    )
    const publicText = []
    for (const res of outputs) {
      publicText.push(
        [...res.headers]
          .filter(([name]) => name !== 'set-cookie')
          .map(([name, value]) => `${name}: ${value}`)
          .join('\n'),
      )
      publicText.push(await res.text())
    }
    const all = publicText.join('\n')
    expect(all).toContain(`Private body ${tag}`)
    for (const secret of secrets) expect(all, secret).not.toContain(secret)
  })
})

async function lastPage(): Promise<number> {
  const data = (await (await get(`/api/essays/${SEED_SLUG}/comments`)).json()) as { pages: number }
  return Math.max(1, data.pages)
}
