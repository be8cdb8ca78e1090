/**
 * Malformed HTTP at the comment endpoints: every one answered 4xx with a message, never 5xx,
 * and nothing stored unless the request was a whole, valid comment.
 */
import { env } from 'cloudflare:test'
import { SaxesParser } from 'saxes'
import { describe, expect, it } from 'vitest'
import { ipFor, mintFormToken, rowsByEmail, uniq } from '../comments/helpers'
import { decodeEntities, get, SEED_SLUG } from '../helpers/http'

const API = `/api/essays/${SEED_SLUG}/comments`
const FORM = `/essays/${SEED_SLUG}/comments`
const enc = new TextEncoder()

const valid = (tag = uniq('http')) => ({
  name: `Reader ${tag}`,
  email: `${tag}@example.com`,
  body: `Body ${tag}`,
})

async function send(
  path: string,
  body: BodyInit | null,
  headers: Record<string, string>,
  init: RequestInit = {},
) {
  return get(path, {
    method: 'POST',
    body,
    headers: { 'CF-Connecting-IP': ipFor(), ...headers },
    ...init,
  })
}

/**
 * A 4xx with a readable message (JSON `error` on the API, an HTML page with text elsewhere);
 * `message`, when given, is what that message must say (the JSON `error`, or the page's text).
 */
async function expectClear4xx(res: Response, status?: number, message?: RegExp) {
  if (status) expect(res.status).toBe(status)
  expect(res.status).toBeGreaterThanOrEqual(400)
  expect(res.status).toBeLessThan(500)
  const text = await res.text()
  if ((res.headers.get('Content-Type') ?? '').startsWith('application/json')) {
    const data = JSON.parse(text) as { error?: string }
    expect(data.error, text).toMatch(/\w{3,}/)
    if (message) expect(data.error, text).toMatch(message)
    return data
  }
  expect(text).toMatch(/<h1>[^<]+<\/h1>|class="error|error-summary/)
  if (message) expect(decodeEntities(text)).toMatch(message)
  return text
}

const NOT_UTF8 = /^The request is not valid UTF-8 text, so the comment was not posted\.$/
const NOT_UTF8_PAGE = /<h1>Bad request<\/h1><p>The request is not valid UTF-8 text/
const TOO_LARGE_JSON = /^The request body is larger than 256 KB\.$/
const TOO_LARGE_PAGE =
  /<h1>Too large<\/h1><p>This request is larger than 256 KB, so the comment was not posted/

async function nothingStored(email: string) {
  expect(await rowsByEmail(email)).toEqual([])
}

/** Bytes of a JSON comment whose name holds an invalid UTF-8 sequence. */
function invalidUtf8Json(tag: string): Uint8Array {
  const [before, after] = JSON.stringify({
    ...valid(tag),
    name: 'Bad \u0000SPLIT\u0000 name',
  }).split('\\u0000SPLIT\\u0000')
  return new Uint8Array([
    ...enc.encode(before),
    0xff,
    0xfe,
    0xc3,
    0x28,
    0xed,
    0xa0,
    0x80,
    ...enc.encode(after),
  ])
}

describe('malformed requests to the comment API', () => {
  // Fixed in src/lib/decode.ts: bodies are decoded strictly, so invalid UTF-8 is a 400, never U+FFFD stored.
  it('invalid UTF-8 in a JSON body: 4xx, nothing stored', async () => {
    const tag = uniq('utf8')
    await expectClear4xx(
      await send(API, invalidUtf8Json(tag), { 'Content-Type': 'application/json' }),
      400,
      NOT_UTF8,
    )
    await nothingStored(`${tag}@example.com`)
  })

  it('invalid UTF-8 in a JSON body is never a 5xx, and whatever is stored is well-formed text', async () => {
    const tag = uniq('utf8b')
    const res = await send(API, invalidUtf8Json(tag), { 'Content-Type': 'application/json' })
    expect(res.status).toBeLessThan(500)
    // Refused whole, not repaired: 400 naming the problem, fields empty (no field is to blame).
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: expect.stringMatching(NOT_UTF8), fields: {} })
    for (const row of await rowsByEmail(`${tag}@example.com`))
      expect(String(row.author_name)).toMatch(/^Bad [^\uD800-\uDFFF]* name$/)
    await nothingStored(`${tag}@example.com`)
  })

  it('a body over the limit with Content-Length: 413 before parsing, nothing stored', async () => {
    const tag = uniq('big')
    const body = JSON.stringify({ ...valid(tag), body: 'x'.repeat(300 * 1024) })
    await expectClear4xx(
      await send(API, body, { 'Content-Type': 'application/json' }),
      413,
      TOO_LARGE_JSON,
    )
    await nothingStored(`${tag}@example.com`)
  })

  it('a chunked body (no Content-Length) over the limit: 413, nothing stored', async () => {
    const tag = uniq('chunk')
    const json = enc.encode(JSON.stringify({ ...valid(tag), body: 'y'.repeat(300 * 1024) }))
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < json.length; i += 16_384) controller.enqueue(json.slice(i, i + 16_384))
        controller.close()
      },
    })
    await expectClear4xx(
      await send(API, stream, { 'Content-Type': 'application/json' }),
      413,
      TOO_LARGE_JSON,
    )
    await nothingStored(`${tag}@example.com`)
  })

  it('a chunked body under the limit is read like any other', async () => {
    const tag = uniq('chunkok')
    const json = enc.encode(JSON.stringify(valid(tag)))
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(json.slice(0, 7))
        controller.enqueue(json.slice(7))
        controller.close()
      },
    })
    const res = await send(API, stream, { 'Content-Type': 'application/json' })
    expect(res.status).toBe(202)
    expect(await rowsByEmail(`${tag}@example.com`)).toHaveLength(1)
    const [row] = await rowsByEmail(`${tag}@example.com`)
    // Split mid-JSON, the chunks are joined before decoding: the comment is stored as sent.
    expect(row).toMatchObject({ author_name: valid(tag).name, body: valid(tag).body })
  })

  it('wrong content types: 415 naming the expected type, nothing stored', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp',
      'json',
      '',
    ]) {
      const tag = uniq('ct')
      const res = await send(API, JSON.stringify(valid(tag)), type ? { 'Content-Type': type } : {})
      const data = await expectClear4xx(res, 415, /^Send the comment as application\/json\.$/)
      expect(JSON.stringify(data)).toMatch(/application\/json/)
      await nothingStored(`${tag}@example.com`)
    }
  })

  it('an upper-case media type is the same media type (RFC 9110): accepted once', async () => {
    const tag = uniq('upper')
    const res = await send(API, JSON.stringify(valid(tag)), {
      'Content-Type': 'APPLICATION/JSON; Charset=UTF-8',
    })
    expect(res.status).toBe(202)
    expect(await rowsByEmail(`${tag}@example.com`)).toHaveLength(1)
    expect(await res.json()).toMatchObject({ status: 'pending' })
  })

  it('malformed JSON, non-objects and arrays where strings are expected: 4xx naming the problem, nothing stored', async () => {
    const tag = uniq('shape')
    // The field to blame, for a 422: the only key of `fields`, with "<Label> must be text.".
    const cases: Array<[string, number, RegExp, string?]> = [
      ['{"name": "A", ', 400, /JSON/],
      ['', 400, /JSON/],
      ['null', 400, /object/],
      ['[1,2]', 400, /object/],
      ['"text"', 400, /object/],
      [JSON.stringify({ ...valid(tag), name: ['a', 'b'] }), 422, /Name/, 'name'],
      [JSON.stringify({ ...valid(tag), body: { text: 'x' } }), 422, /Comment/, 'body'],
      [JSON.stringify({ ...valid(tag), email: 42 }), 422, /Email/, 'email'],
      [
        JSON.stringify({ ...valid(tag), website: ['https://x.example'] }),
        422,
        /Website/,
        'website',
      ],
      [JSON.stringify({ ...valid(tag), parentId: { $ne: null } }), 422, /Reply target/, 'parentId'],
    ]
    for (const [body, status, message, field] of cases) {
      const res = await send(API, body, { 'Content-Type': 'application/json' })
      const data = await expectClear4xx(res, status)
      expect(JSON.stringify(data), body.slice(0, 60)).toMatch(message)
      const { error, fields } = data as { error: string; fields: Record<string, string> }
      if (field) {
        expect(error, body.slice(0, 60)).toBe('The comment was not accepted.')
        expect(Object.keys(fields), body.slice(0, 60)).toEqual([field])
        expect(fields[field], body.slice(0, 60)).toMatch(
          new RegExp(`^${message.source} must be text\\.$`),
        )
      } else {
        expect(error, body.slice(0, 60)).toMatch(
          /^The request body (?:is not valid JSON|must be a JSON object)\.$/,
        )
        expect(fields, body.slice(0, 60)).toEqual({})
      }
    }
    await nothingStored(`${tag}@example.com`)
  })

  it('a very long URL and very long headers: never a 5xx', async () => {
    const tag = uniq('long')
    const res = await send(`${API}?${'x=%FF&'.repeat(3_000)}`, JSON.stringify(valid(tag)), {
      'Content-Type': 'application/json',
      'User-Agent': 'U'.repeat(20_000),
      'X-Filler': 'f'.repeat(20_000),
    })
    expect(res.status).toBe(202)
    expect(await rowsByEmail(`${tag}@example.com`)).toHaveLength(1)
    const [row] = await rowsByEmail(`${tag}@example.com`)
    expect(String(row?.user_agent)).toBe('U'.repeat(512))
    // The user agent is kept for moderators, capped so one request cannot store 20 KB of it.
    expect(String(row?.user_agent).length).toBeLessThanOrEqual(512)
  })
})

describe('malformed requests to the comment form', () => {
  async function form(fields: Array<[string, string]>, headers: Record<string, string> = {}) {
    const body = fields
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&')
    return send(FORM, body, { 'Content-Type': 'application/x-www-form-urlencoded', ...headers })
  }
  const fieldsOf = (c: ReturnType<typeof valid>, token: string): Array<[string, string]> => [
    ['name', c.name],
    ['email', c.email],
    ['body', c.body],
    ['token', token],
  ]

  // Fixed in src/lib/decode.ts: raw bytes and %-escapes are checked as UTF-8 (400, nothing stored).
  it('invalid UTF-8 (raw bytes and %-escapes): 4xx, nothing stored', async () => {
    const tag = uniq('futf8')
    const c = valid(tag)
    const token = await mintFormToken()
    const raw = new Uint8Array([
      ...enc.encode(
        `email=${encodeURIComponent(c.email)}&body=ok&token=${encodeURIComponent(token)}&name=`,
      ),
      0xff,
      0xfe,
      0xc3,
      0x28,
    ])
    await expectClear4xx(
      await send(FORM, raw, { 'Content-Type': 'application/x-www-form-urlencoded' }),
      400,
      NOT_UTF8_PAGE,
    )
    await nothingStored(c.email)
    const tag2 = uniq('futf8b')
    const c2 = valid(tag2)
    const body = `name=Bad%FF%FEname&email=${encodeURIComponent(c2.email)}&body=ok&token=${encodeURIComponent(await mintFormToken())}`
    await expectClear4xx(
      await send(FORM, body, { 'Content-Type': 'application/x-www-form-urlencoded' }),
      400,
      NOT_UTF8_PAGE,
    )
    await nothingStored(c2.email)
  })

  it('over the limit, with and without Content-Length: 413, nothing stored', async () => {
    const tag = uniq('fbig')
    const c = { ...valid(tag), body: 'z'.repeat(300 * 1024) }
    const body = fieldsOf(c, await mintFormToken())
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&')
    await expectClear4xx(
      await send(FORM, body, { 'Content-Type': 'application/x-www-form-urlencoded' }),
      413,
      TOO_LARGE_PAGE,
    )
    const bytes = enc.encode(body)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8_192) controller.enqueue(bytes.slice(i, i + 8_192))
        controller.close()
      },
    })
    await expectClear4xx(
      await send(FORM, stream, { 'Content-Type': 'application/x-www-form-urlencoded' }),
      413,
      TOO_LARGE_PAGE,
    )
    await nothingStored(c.email)
  })

  it('JSON or text to the form: 415, nothing stored', async () => {
    const tag = uniq('fct')
    for (const type of ['application/json', 'text/plain', '']) {
      await expectClear4xx(
        await send(FORM, JSON.stringify(valid(tag)), type ? { 'Content-Type': type } : {}),
        415,
        /<h1>Unsupported content type<\/h1><p>Comments are posted as a form \(application\/x-www-form-urlencoded or multipart\/form-data\)\./,
      )
    }
    await nothingStored(`${tag}@example.com`)
  })

  it('duplicate fields: 422 naming each repeated field, the text kept, nothing stored', async () => {
    const tag = uniq('dup')
    const c = valid(tag)
    const res = await form([
      ...fieldsOf(c, await mintFormToken()),
      ['name', `Other ${tag}`],
      ['body', `Other body ${tag}`],
    ])
    const html = (await expectClear4xx(res, 422)) as string
    expect(html).toContain('The field &quot;name&quot; was sent more than once')
    expect(html).toContain('The field &quot;body&quot; was sent more than once')
    expect(html).toContain(`Other body ${tag}`)
    await nothingStored(c.email)
  })

  it('array-style field names and a missing token: the form again with the text kept, nothing stored', async () => {
    const tag = uniq('arr')
    const c = valid(tag)
    const res = await form([
      ['name[]', c.name],
      ['email', c.email],
      ['body', c.body],
    ])
    const html = (await expectClear4xx(res, 422)) as string
    expect(html).toContain(`Body ${tag}`)
    // "name[]" is not "name", and no token came: both named, the email kept too.
    expect(html).toContain('<span class="error" id="comment-name-error">Name is required.</span>')
    expect(html).toContain('This form has expired or could not be verified')
    expect(html).toContain(`value="${c.email}"`)
    await nothingStored(c.email)
  })
})

describe('hostile reader state on GET', () => {
  it('odd bookmarks, remember-me cookies, previews and page numbers never cause a 5xx', async () => {
    // What each answer is: the essay page (junk state ignored), the 404 page, or the API's JSON error.
    type Expected = 'page' | 'not found' | { json: number; error: string } | 'feed'
    const cases: Array<[string, Record<string, string>, Expected]> = [
      [`/essays/${SEED_SLUG}`, { Cookie: 'd1_bookmark=zzzz' }, 'page'],
      [
        `/essays/${SEED_SLUG}`,
        {
          Cookie:
            'd1_bookmark=00000000-00000000-00000000-0000000000000000000000000000000000000000000000000000000000000000',
        },
        'page',
      ],
      [`/essays/${SEED_SLUG}`, { Cookie: `d1_bookmark=${'9'.repeat(256)}` }, 'page'],
      [`/essays/${SEED_SLUG}`, { Cookie: 'comment_author=%%%; comment_author=AAAA' }, 'page'],
      [
        `/essays/${SEED_SLUG}`,
        { Cookie: `comment_author=${btoa('{"name":' + '"x'.repeat(1000))}` },
        'page',
      ],
      [`/essays/${SEED_SLUG}?unapproved=x&moderation-hash=y`, {}, 'page'],
      [`/essays/${SEED_SLUG}?unapproved=${'a'.repeat(5000)}&moderation-hash=%FF`, {}, 'page'],
      [`/essays/${SEED_SLUG}?replyto=%00%FF`, {}, 'page'],
      [`/essays/${SEED_SLUG}?cpage=0`, {}, 'not found'],
      [`/essays/${SEED_SLUG}?cpage=99999999999`, {}, 'not found'],
      [`/essays/${SEED_SLUG}?cpage=1e3`, {}, 'not found'],
      [
        `/api/essays/${SEED_SLUG}/comments?page=-1`,
        {},
        { json: 400, error: 'page must be a whole number from 1.' },
      ],
      [
        `/api/essays/${SEED_SLUG}/comments?page=999999`,
        { Cookie: 'd1_bookmark=zzzz' },
        { json: 404, error: 'There is no page 999999 of comments.' },
      ],
      [`/essays/${SEED_SLUG}/comments.xml`, { Cookie: 'd1_bookmark=zzzz' }, 'feed'],
    ]
    for (const [path, headers, expected] of cases) {
      const label = `${path.slice(0, 100)} ${JSON.stringify(headers).slice(0, 80)}`
      const res = await get(path, { headers })
      expect(res.status, label).toBeLessThan(500)
      const text = await res.text()
      if (expected === 'page') {
        expect(res.status, label).toBe(200)
        expect(text, label).toContain('<h1 class="p-name">Management Versus Leadership</h1>')
        // The junk asked for nothing that exists: no preview, no reply target, a fresh form.
        expect(text, label).not.toContain('class="comment h-entry held"')
        expect(text, label).not.toContain('class="replying"')
        expect(text, label).toMatch(/<input type="hidden" name="token" value="[^"]+"/)
        expect(text, label).toMatch(/<input id="comment-name" name="name" [^>]*value=""/)
      } else if (expected === 'not found') {
        expect(res.status, label).toBe(404)
        expect(text, label).toContain(
          '<h1>Page not found</h1><p>There is nothing at this address.</p>',
        )
      } else if (expected === 'feed') {
        expect(res.status, label).toBe(200)
        expect(res.headers.get('Content-Type'), label).toBe('application/rss+xml; charset=utf-8')
        // Well-formed XML, strictly parsed.
        const parser = new SaxesParser()
        parser.on('error', (e) => {
          throw e
        })
        parser.write(text).close()
        expect(text, label).toContain('<title>Comments on Management Versus Leadership</title>')
      } else {
        expect(res.status, label).toBe(expected.json)
        expect(JSON.parse(text), label).toEqual({ error: expected.error, fields: {} })
      }
    }
  })

  it('the admin query parser answers junk with 400 naming the parameter', async () => {
    const auth = { Authorization: `Bearer ${env.ADMIN_TOKEN}` }
    for (const [query, param] of [
      ['limit=abc', 'limit'],
      ['limit=0', 'limit'],
      ['status=bogus', 'status'],
      ['cursor=%FF%FE', 'cursor'],
      ['cursor=' + 'A'.repeat(1000), 'cursor'],
      ['essay=../../etc', 'essay'],
      ['q=' + 'q'.repeat(300), 'q'],
    ] as const) {
      const res = await get(`/api/admin/comments?${query}`, { headers: auth })
      expect(res.status, query).toBe(400)
      expect(((await res.json()) as { error: string }).error, query).toMatch(
        new RegExp(`^${param}\\b`),
      )
    }
  })
})
