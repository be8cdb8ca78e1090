import { env } from 'cloudflare:test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendOne } from '../../src/webmention/send'
import { ESSAY_URL, html, installFakeWeb, seen, serve, type FakePage } from './fake-web'

/**
 * The webmention.rocks discovery tests 1-23, each as a local page of that shape on a fake host.
 * Each case sends a real Webmention for a link of the seed essay: the page is fetched, the endpoint
 * discovered, the form POSTed there. Endpoints named ".../error" must never be used.
 */

const ROCKS = 'https://rocks.example'
const SLUG = 'management-versus-leadership'

let stub: ReturnType<typeof installFakeWeb>
beforeAll(() => {
  stub = installFakeWeb()
})
afterAll(() => stub.mockRestore())

const page = (body: string) => `<!doctype html><html><head><title>Discovery</title>${body}</html>`

interface Case {
  n: number
  name: string
  /** The page at /test/n (and whatever else the case serves). */
  setup: (url: string) => FakePage
  expected: (url: string) => string
}

const cases: Case[] = [
  {
    n: 1,
    name: 'HTTP Link header, unquoted rel, relative URL',
    setup: (u) =>
      html(page('</head><body>'), [['link', `</test/1/webmention?head=true>; rel=webmention`]]),
    expected: () => `${ROCKS}/test/1/webmention?head=true`,
  },
  {
    n: 2,
    name: 'HTTP Link header, unquoted rel, absolute URL',
    setup: () =>
      html(page('</head><body>'), [
        ['link', `<${ROCKS}/test/2/webmention?head=true>; rel=webmention`],
      ]),
    expected: () => `${ROCKS}/test/2/webmention?head=true`,
  },
  {
    n: 3,
    name: 'HTML <link> tag, relative URL',
    setup: () => html(page('<link rel="webmention" href="/test/3/webmention"></head><body>')),
    expected: () => `${ROCKS}/test/3/webmention`,
  },
  {
    n: 4,
    name: 'HTML <link> tag, absolute URL',
    setup: () =>
      html(page(`<link rel="webmention" href="${ROCKS}/test/4/webmention"></head><body>`)),
    expected: () => `${ROCKS}/test/4/webmention`,
  },
  {
    n: 5,
    name: 'HTML <a> tag, relative URL',
    setup: () =>
      html(page('</head><body><a href="/test/5/webmention" rel="webmention">endpoint</a>')),
    expected: () => `${ROCKS}/test/5/webmention`,
  },
  {
    n: 6,
    name: 'HTML <a> tag, absolute URL',
    setup: () =>
      html(page(`</head><body><a href="${ROCKS}/test/6/webmention" rel="webmention">endpoint</a>`)),
    expected: () => `${ROCKS}/test/6/webmention`,
  },
  {
    n: 7,
    name: 'HTTP Link header with strange casing',
    setup: () =>
      html(page('</head><body>'), [['LinK', `<${ROCKS}/test/7/webmention>; rel="webmention"`]]),
    expected: () => `${ROCKS}/test/7/webmention`,
  },
  {
    n: 8,
    name: 'HTTP Link header, quoted rel',
    setup: () =>
      html(page('</head><body>'), [['Link', `<${ROCKS}/test/8/webmention>; rel="webmention"`]]),
    expected: () => `${ROCKS}/test/8/webmention`,
  },
  {
    n: 9,
    name: 'Multiple rel values on a <link> tag',
    setup: () =>
      html(page('<link rel="webmention somethingelse" href="/test/9/webmention"></head><body>')),
    expected: () => `${ROCKS}/test/9/webmention`,
  },
  {
    n: 10,
    name: 'Multiple rel values on a Link header',
    setup: () =>
      html(page('</head><body>'), [
        ['link', `</test/10/webmention>; rel="webmention somethingelse"`],
      ]),
    expected: () => `${ROCKS}/test/10/webmention`,
  },
  {
    n: 11,
    name: 'Multiple endpoints advertised: Link, <link>, <a>',
    setup: () =>
      html(
        page(
          '<link rel="webmention" href="/test/11/webmention/error"></head><body><a rel="webmention" href="/test/11/webmention/error">x</a>',
        ),
        [['link', `</test/11/webmention>; rel="webmention"`]],
      ),
    expected: () => `${ROCKS}/test/11/webmention`,
  },
  {
    n: 12,
    name: 'Checking for exact match of rel=webmention',
    setup: () =>
      html(
        page(
          '<link rel="not-webmention" href="/test/12/webmention/error"><link rel="webmention" href="/test/12/webmention"></head><body>',
        ),
      ),
    expected: () => `${ROCKS}/test/12/webmention`,
  },
  {
    n: 13,
    name: 'False endpoint inside an HTML comment',
    setup: () =>
      html(
        page(
          '</head><body><!-- <a href="/test/13/webmention/error" rel="webmention"></a> --><a href="/test/13/webmention" rel="webmention">x</a>',
        ),
      ),
    expected: () => `${ROCKS}/test/13/webmention`,
  },
  {
    n: 14,
    name: 'False endpoint in escaped HTML',
    setup: () =>
      html(
        page(
          '</head><body><code>&lt;a href="/test/14/webmention/error" rel="webmention"&gt;&lt;/a&gt;</code><a href="/test/14/webmention" rel="webmention">x</a>',
        ),
      ),
    expected: () => `${ROCKS}/test/14/webmention`,
  },
  {
    n: 15,
    name: 'Webmention href is an empty string',
    setup: () => html(page('<link rel="webmention" href=""></head><body>')),
    expected: (u) => u,
  },
  {
    n: 16,
    name: 'Multiple endpoints advertised: <a>, <link>',
    setup: () =>
      html(
        page(
          '</head><body><a href="/test/16/webmention" rel="webmention">x</a><link rel="webmention" href="/test/16/webmention/error">',
        ),
      ),
    expected: () => `${ROCKS}/test/16/webmention`,
  },
  {
    n: 17,
    name: 'Multiple endpoints advertised: <link>, <a>',
    setup: () =>
      html(
        page(
          '<link rel="webmention" href="/test/17/webmention"></head><body><a href="/test/17/webmention/error" rel="webmention">x</a>',
        ),
      ),
    expected: () => `${ROCKS}/test/17/webmention`,
  },
  {
    n: 18,
    name: 'Multiple HTTP Link headers',
    setup: () =>
      html(page('</head><body>'), [
        ['link', `</test/18/webmention/error>; rel="other"`],
        ['link', `</test/18/webmention>; rel="webmention"`],
      ]),
    expected: () => `${ROCKS}/test/18/webmention`,
  },
  {
    n: 19,
    name: 'Single HTTP Link header with multiple values',
    setup: () =>
      html(page('</head><body>'), [
        [
          'link',
          `</test/19/webmention/error>; rel="other", </test/19/webmention>; rel="webmention"`,
        ],
      ]),
    expected: () => `${ROCKS}/test/19/webmention`,
  },
  {
    n: 20,
    name: 'Link tag with no href attribute',
    setup: () =>
      html(
        page(
          '<link rel="webmention"></head><body><a href="/test/20/webmention" rel="webmention">x</a>',
        ),
      ),
    expected: () => `${ROCKS}/test/20/webmention`,
  },
  {
    n: 21,
    name: 'Webmention endpoint has query string parameters',
    setup: () =>
      html(page('<link rel="webmention" href="/test/21/webmention?query=yes"></head><body>')),
    expected: () => `${ROCKS}/test/21/webmention?query=yes`,
  },
  {
    n: 22,
    name: 'Webmention endpoint is relative to the path',
    setup: () => html(page('<link rel="webmention" href="22/webmention"></head><body>')),
    expected: () => `${ROCKS}/test/22/webmention`,
  },
  {
    n: 23,
    name: 'Webmention target is a redirect and the endpoint is relative',
    setup: () => {
      serve(
        `${ROCKS}/test/23/page/x7q`,
        html(page('<link rel="webmention" href="webmention-endpoint/x7q"></head><body>')),
      )
      return { status: 302, headers: { location: '/test/23/page/x7q' } }
    },
    expected: () => `${ROCKS}/test/23/page/webmention-endpoint/x7q`,
  },
]

describe('webmention.rocks discovery tests', () => {
  it('has all 23', () => {
    expect(cases.map((c) => c.n)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1))
  })

  for (const c of cases) {
    it(`${c.n}: ${c.name}`, async () => {
      const target = c.n === 23 ? `${ROCKS}/test/23/page` : `${ROCKS}/test/${c.n}`
      serve(target, c.setup(target))
      const endpoint = c.expected(target)
      const posts: Request[] = []
      // Error endpoints answer 400 so using one fails the case; the real one answers 202.
      for (const error of [`${ROCKS}/test/${c.n}/webmention/error`]) serve(error, { status: 400 })
      serve(endpoint, (request) => {
        if (request.method !== 'POST') return c.n === 15 ? c.setup(target) : { status: 405 }
        posts.push(request)
        return { status: 202, headers: { location: `${ROCKS}/status/${c.n}` } }
      })
      await env.DB.prepare(
        `INSERT INTO webmentions_sent (essay_slug, target, essay_updated, status, updated_at)
         VALUES (?, ?, 'v1', 'queued', 0) ON CONFLICT DO UPDATE SET status = 'queued'`,
      )
        .bind(SLUG, target)
        .run()

      expect(await sendOne(env, SLUG, target, 1)).toBe('done')

      expect(posts).toHaveLength(1)
      const form = new URLSearchParams(await posts[0]!.text())
      expect(Object.fromEntries(form)).toEqual({ source: ESSAY_URL, target })
      expect(posts[0]!.headers.get('content-type')).toBe('application/x-www-form-urlencoded')
      expect(seen.some((r) => r.url.includes(`/test/${c.n}/webmention/error`))).toBe(false)
      const row = await env.DB.prepare(
        `SELECT status, endpoint, http_status, detail FROM webmentions_sent WHERE essay_slug = ? AND target = ?`,
      )
        .bind(SLUG, target)
        .first()
      expect(row).toEqual({
        status: 'sent',
        endpoint,
        http_status: 202,
        detail: `${ROCKS}/status/${c.n}`,
      })
    })
  }
})

describe('sending: what else can happen', () => {
  async function sendTo(target: string, attempts = 1) {
    await env.DB.prepare(
      `INSERT INTO webmentions_sent (essay_slug, target, essay_updated, status, updated_at)
       VALUES (?, ?, 'v1', 'queued', 0) ON CONFLICT DO UPDATE SET status = 'queued'`,
    )
      .bind(SLUG, target)
      .run()
    const outcome = await sendOne(env, SLUG, target, attempts)
    const row = await env.DB.prepare(
      `SELECT status, endpoint, http_status, detail FROM webmentions_sent WHERE essay_slug = ? AND target = ?`,
    )
      .bind(SLUG, target)
      .first<Record<string, unknown>>()
    return { outcome, row }
  }

  it('a page without an endpoint is recorded as such', async () => {
    serve(`${ROCKS}/plain`, html(page('</head><body><p>no endpoint</p>')))
    expect(await sendTo(`${ROCKS}/plain`)).toMatchObject({
      outcome: 'done',
      row: { status: 'no-endpoint' },
    })
  })

  it('an endpoint answering 500 is retried; 400 is recorded as failed', async () => {
    serve(`${ROCKS}/flaky`, html(page('<link rel="webmention" href="/flaky-wm"></head><body>')))
    serve(`${ROCKS}/flaky-wm`, { status: 503 })
    expect((await sendTo(`${ROCKS}/flaky`)).outcome).toBe('retry')
    expect(await sendTo(`${ROCKS}/flaky`, 5)).toMatchObject({
      outcome: 'done',
      row: { status: 'failed' },
    })
    serve(`${ROCKS}/picky`, html(page('<link rel="webmention" href="/picky-wm"></head><body>')))
    serve(`${ROCKS}/picky-wm`, { status: 400 })
    expect(await sendTo(`${ROCKS}/picky`)).toMatchObject({
      row: { status: 'failed', http_status: 400 },
    })
  })

  it('an endpoint on a private address is never contacted', async () => {
    serve(
      `${ROCKS}/ssrf`,
      html(page('<link rel="webmention" href="https://192.168.1.1/wm"></head><body>')),
    )
    const { row } = await sendTo(`${ROCKS}/ssrf`)
    expect(row).toMatchObject({ status: 'failed', endpoint: 'https://192.168.1.1/wm' })
    expect(String(row!.detail)).toMatch(/^address:/)
    expect(seen.some((r) => r.url.startsWith('https://192.168.1.1'))).toBe(false)
  })
})
