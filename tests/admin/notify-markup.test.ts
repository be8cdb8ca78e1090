import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { sendHeldNotification } from '../../src/admin/notify'
import { SEED_SLUG, SITE } from '../helpers/http'

/**
 * Reader text in the webhook's `text` field is escaped by Slack's rules (& < >), so a name or body
 * can't ping a channel, mention a user or show a link of its own; the only links are ours.
 */

const WEBHOOK = 'https://hooks.example/markup'

function captureWebhook() {
  const bodies: Record<string, unknown>[] = []
  const realFetch = globalThis.fetch
  vi.spyOn(globalThis, 'fetch').mockImplementation(
    async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input)
      if (url !== WEBHOOK) return realFetch(input, init)
      bodies.push(JSON.parse(String(init?.body)) as Record<string, unknown>)
      return new Response('ok')
    },
  )
  return bodies
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('held-comment webhook text', () => {
  it('escapes Slack/Discord markup from the name and body, and links only to our one-click pages', async () => {
    const bodies = captureWebhook()
    const name = '<!channel> <https://evil.example/phish|Approve>'
    const body = 'Hi <@U123>, see <https://x|y> & <!here> > all'
    const sent = await sendHeldNotification(
      { ...env, NOTIFY_WEBHOOK_URL: WEBHOOK },
      { id: 'markup-1', essaySlug: SEED_SLUG, authorName: name, body },
    )
    expect(sent).toBe(true)
    const payload = bodies[0]!
    const text = payload.text as string

    // Every < and > left in the text belongs to one of our two links.
    const links = [...text.matchAll(/<([^<>]*)>/g)].map((match) => match[1]!)
    expect(links).toEqual([`${payload.approveUrl}|Approve`, `${payload.spamUrl}|Mark as spam`])
    for (const url of [payload.approveUrl, payload.spamUrl] as string[])
      expect(url.startsWith(`${SITE}/moderate/`)).toBe(true)
    const withoutOurLinks = links.reduce((rest, link) => rest.replace(`<${link}>`, ''), text)
    expect(withoutOurLinks).not.toMatch(/[<>]/)

    // The reader's text is still there, escaped.
    expect(text).toContain('&lt;!channel&gt; &lt;https://evil.example/phish|Approve&gt;')
    expect(text).toContain('Hi &lt;@U123&gt;, see &lt;https://x|y&gt; &amp; &lt;!here&gt; &gt; all')
    expect(text).not.toContain('<!channel>')
    expect(text).not.toContain('<@U123>')
    // The structured fields keep the raw values for receivers that escape for themselves.
    expect(payload.authorName).toBe(name)
    expect(payload.excerpt).toBe(body)
  })
})

describe('held-comment webhook excerpt', () => {
  it('is shortened by whole graphemes (cutText): a family emoji is never cut in half', async () => {
    const bodies = captureWebhook()
    // 100 families of five code points each: 100 graphemes fit in 280, 500 code points do not.
    const body = '👨‍👩‍👧'.repeat(100)
    expect(
      await sendHeldNotification(
        { ...env, NOTIFY_WEBHOOK_URL: WEBHOOK },
        { id: 'graphemes-1', essaySlug: SEED_SLUG, authorName: 'Ada', body },
      ),
    ).toBe(true)
    expect(bodies[0]!.excerpt).toBe(body)
    const long = `${'word '.repeat(100)}end`
    expect(
      await sendHeldNotification(
        { ...env, NOTIFY_WEBHOOK_URL: WEBHOOK },
        { id: 'graphemes-2', essaySlug: SEED_SLUG, authorName: 'Ada', body: long },
      ),
    ).toBe(true)
    const excerpt = bodies[1]!.excerpt as string
    expect(excerpt.endsWith('word…')).toBe(true)
    expect([...excerpt].length).toBeLessThanOrEqual(280)
  })
})
