import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../../src/comments/routes'
import { signToken } from '../../src/lib/crypto'
import { get, visibleText } from '../helpers/http'
import {
  fieldValue,
  ipFor,
  setCookies,
  locationId,
  mintFormToken,
  pageToken,
  postForm,
  rowById,
  rowsByEmail,
  SEED_SLUG,
  uniq,
  validComment,
} from './helpers'

describe('the comment form on the essay page', () => {
  it('has every field, labelled, posting to the comments URL, with a signed token and a hidden honeypot', async () => {
    const res = await get(`/essays/${SEED_SLUG}`)
    const html = await res.text()
    expect(html).toContain(
      `<form class="comment" method="post" action="/essays/${SEED_SLUG}/comments#respond">`,
    )
    for (const [id, name] of [
      ['comment-name', 'name'],
      ['comment-email', 'email'],
      ['comment-website', 'website'],
      ['comment-remember', 'remember'],
    ]) {
      expect(html).toMatch(new RegExp(`<label for="${id}"`))
      expect(html).toMatch(new RegExp(`<input id="${id}" name="${name}"`))
    }
    expect(html).toMatch(/<textarea id="comment-body" name="body"/)
    expect(html).toMatch(
      /<p class="hp" aria-hidden="true">[\s\S]*?<input id="comment-homepage" name="homepage" type="text" tabindex="-1" autocomplete="off" value=""\/>/,
    )
    expect(visibleText(html)).toContain(
      'Your email address will not be published. Required fields are marked *',
    )
    expect(html).toContain('<button type="submit">Post Comment</button>')
    expect(html).toContain(
      `<link rel="alternate" type="application/rss+xml" title="Comments on Management Versus Leadership" href="https://blog.test/essays/${SEED_SLUG}/comments.xml"/>`,
    )
    pageToken(html)
  })

  it('a token read from the page works (once MIN_FORM_SECONDS have passed: minted here as if rendered 5 s ago)', async () => {
    const html = await (await get(`/essays/${SEED_SLUG}`)).text()
    const token = pageToken(html)
    const [body] = token.split('.')
    const payload = JSON.parse(atob(body!.replace(/-/g, '+').replace(/_/g, '/')))
    expect(payload).toMatchObject({ s: SEED_SLUG, t: expect.any(Number), n: expect.any(String) })
    expect(Date.now() - payload.t).toBeLessThan(120_000)
    // Posting it immediately is "too fast".
    const fast = await postForm({ ...validComment(), token })
    expect(fast.status).toBe(422)
    expect(visibleText(await fast.text())).toContain('That was fast')
  })
})

describe('POST /essays/:slug/comments', () => {
  it('303s to the preview of a held comment, stores it pending with an IP hash, never the IP', async () => {
    const comment = validComment()
    const ip = '198.51.100.77'
    const res = await postForm(comment, { ip, headers: { 'User-Agent': 'TestBrowser/1.0' } })
    expect(res.status).toBe(303)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const location = res.headers.get('Location')!
    const id = locationId(res)
    expect(location).toMatch(
      new RegExp(
        `^/essays/${SEED_SLUG}\\?unapproved=${id}&moderation-hash=[A-Za-z0-9_.-]+#comment-${id}$`,
      ),
    )
    const row = (await rowById(id))!
    expect(row).toMatchObject({
      status: 'pending',
      essay_slug: SEED_SLUG,
      author_name: comment.name,
      author_email: comment.email,
      body: comment.body,
      depth: 0,
      parent_id: null,
      user_agent: 'TestBrowser/1.0',
    })
    expect(row.ip_hash).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(JSON.stringify(row)).not.toContain(ip)
    expect(JSON.parse(row.spam_signals as string)).toEqual({ policy: 'hold-all' })
    expect(row.submission_key).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(res.headers.get('Set-Cookie')).toMatch(
      /d1_bookmark=[^;]+; Max-Age=120; Path=\/; HttpOnly; Secure; SameSite=Lax/,
    )
  })

  it('422 keeps every typed value in the form, each message next to its field, and a summary', async () => {
    const typed = {
      name: 'n'.repeat(246),
      email: 'not-an-email "quoted" <b>',
      website: 'javascript:alert("x")',
      body: '  <script>alert(1)</script>\n\n  second "paragraph" & more  ',
      remember: 'yes',
    }
    const res = await postForm(typed)
    expect(res.status).toBe(422)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    const html = await res.text()
    expect(fieldValue(html, 'name')).toBe(typed.name)
    expect(fieldValue(html, 'email')).toBe(typed.email)
    expect(fieldValue(html, 'website')).toBe(typed.website)
    expect(fieldValue(html, 'body')).toBe(typed.body)
    expect(html).toMatch(
      /<input id="comment-remember" name="remember" type="checkbox" value="yes" checked=""\/>/,
    )
    expect(html).not.toContain('<script>alert(1)</script>')
    for (const field of ['name', 'email', 'website']) {
      expect(html).toMatch(
        new RegExp(
          `<input id="comment-${field}"[^>]*aria-invalid="true" aria-describedby="comment-${field}-error"/>\\s*<span class="error" id="comment-${field}-error">`,
        ),
      )
    }
    expect(html).toMatch(
      /<div class="notice error-summary" role="alert" id="comment-errors" tabindex="-1">/,
    )
    expect(html).toContain(
      '<a href="#comment-name">Name must be at most 245 characters (it has 246).</a>',
    )
    expect(html).toContain('Email must be a valid address')
    expect(html).toContain('Website must be an http:// or https:// address.')
    // The rest of the essay page is there too.
    expect(visibleText(html)).toContain('Management Versus Leadership')
  })

  it('an empty form answers 422 naming each required field, nothing stored', async () => {
    const res = await postForm({ name: '', email: '', body: '' })
    expect(res.status).toBe(422)
    const text = visibleText(await res.text())
    expect(text).toContain('Name is required.')
    expect(text).toContain('Email is required.')
    expect(text).toContain('Comment is required.')
  })

  it('rejects a forged, expired, or other-essay token with the form shown again and nothing stored', async () => {
    const cases = [
      'not-a-token',
      await signToken(
        'another-secret-of-enough-length',
        'comment-form',
        { s: SEED_SLUG, t: Date.now() - 5000, n: 'x' },
        86400,
      ),
      await mintFormToken({ now: Date.now() - 86_401_000, ageMs: 5000 }),
      await mintFormToken({ slug: 'some-other-essay' }),
      await signToken(
        env.SECRET_KEY!,
        'comment-preview',
        { s: SEED_SLUG, t: Date.now() - 5000, n: 'x' },
        86400,
      ),
    ]
    for (const token of cases) {
      const comment = validComment()
      const res = await postForm({ ...comment, token })
      expect(res.status, token).toBe(422)
      const html = await res.text()
      expect(visibleText(html)).toContain('This form has expired or could not be verified')
      expect(fieldValue(html, 'body')).toBe(comment.body)
      expect(fieldValue(html, 'token')).not.toBe(token)
      expect(await rowsByEmail(comment.email)).toHaveLength(0)
    }
  })

  it('rejects a form posted faster than MIN_FORM_SECONDS (2 s): at 1.5 s refused, at 2.5 s accepted', async () => {
    const slow = validComment()
    expect((await postForm({ ...slow, token: await mintFormToken({ ageMs: 2500 }) })).status).toBe(
      303,
    )
    const fast = validComment()
    const res = await postForm({ ...fast, token: await mintFormToken({ ageMs: 1500 }) })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(visibleText(html)).toContain('That was fast')
    expect(fieldValue(html, 'name')).toBe(fast.name)
    expect(await rowsByEmail(fast.email)).toHaveLength(0)
  })

  it('a filled honeypot is refused as spam and not stored; the form comes back with the text and an empty honeypot', async () => {
    const comment = validComment()
    const res = await postForm({ ...comment, homepage: 'http://spam.example' })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(visibleText(html)).toContain('looks automated')
    expect(fieldValue(html, 'body')).toBe(comment.body)
    expect(fieldValue(html, 'homepage')).toBe('')
    expect(await rowsByEmail(comment.email)).toHaveLength(0)
  })

  it('the same form posted twice stores one comment and answers both with the same success', async () => {
    const comment = validComment()
    const token = await mintFormToken()
    const ip = ipFor()
    const first = await postForm({ ...comment, token }, { ip })
    const second = await postForm({ ...comment, token }, { ip })
    expect(first.status).toBe(303)
    expect(second.status).toBe(303)
    expect(locationId(second)).toBe(locationId(first))
    expect(await rowsByEmail(comment.email)).toHaveLength(1)
  })

  it('a token posts one comment only: another comment on the same token is a 422 with the text kept and a fresh token', async () => {
    const token = await mintFormToken()
    const a = validComment()
    const b = validComment()
    const resA = await postForm({ ...a, token })
    const resB = await postForm({ ...b, token })
    expect(resA.status).toBe(303)
    expect(resB.status).toBe(422)
    const html = await resB.text()
    expect(visibleText(html)).toContain('This form was already used to post a comment')
    expect(fieldValue(html, 'body')).toBe(b.body)
    expect(pageToken(html)).not.toBe(token)
    expect(await rowsByEmail(b.email)).toHaveLength(0)
  })

  it('accepts multipart/form-data and a media type in any case with a charset', async () => {
    const comment = validComment()
    const form = new FormData()
    for (const [key, value] of Object.entries({ ...comment, token: await mintFormToken() }))
      form.set(key, value)
    const multipart = await get(`/essays/${SEED_SLUG}/comments`, {
      method: 'POST',
      body: form,
      headers: { 'CF-Connecting-IP': ipFor() },
    })
    expect(multipart.status).toBe(303)

    const other = validComment()
    const body = new URLSearchParams({ ...other, token: await mintFormToken() }).toString()
    const upper = await get(`/essays/${SEED_SLUG}/comments`, {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'Application/X-WWW-Form-URLEncoded; charset=UTF-8',
        'CF-Connecting-IP': ipFor(),
      },
    })
    expect(upper.status).toBe(303)
  })

  it('415 for a wrong content type, 404 for an unknown essay', async () => {
    const json = await get(`/essays/${SEED_SLUG}/comments`, {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(json.status).toBe(415)
    const none = await get(`/essays/${SEED_SLUG}/comments`, {
      method: 'POST',
      body: 'x',
      headers: { 'Content-Type': 'text/plain' },
    })
    expect(none.status).toBe(415)
    const missing = await postForm(validComment(), { slug: 'no-such-essay' })
    expect(missing.status).toBe(404)
  })

  it('413 for a request over 256 KiB, with a Content-Length and chunked without one; nothing stored', async () => {
    const comment = validComment()
    const big = new URLSearchParams({
      ...comment,
      token: await mintFormToken(),
      body: 'x'.repeat(MAX_BODY_BYTES),
    }).toString()
    const sized = await get(`/essays/${SEED_SLUG}/comments`, {
      method: 'POST',
      body: big,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(sized.status).toBe(413)
    expect(await sized.text()).toContain('larger than 256 KB')

    const bytes = new TextEncoder().encode(big)
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096))
        controller.close()
      },
    })
    const chunked = await get(`/essays/${SEED_SLUG}/comments`, {
      method: 'POST',
      body: stream,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
    expect(await rowsByEmail(comment.email)).toHaveLength(0)
  })

  it('the largest valid comment posts through the form even percent-encoded (65,525 bytes of emoji); one byte more is a 422 keeping the text', async () => {
    const atLimit = { ...validComment(), body: '😀'.repeat(16_381) + 'b' }
    const ok = await postForm(atLimit)
    expect(ok.status).toBe(303)
    expect((await rowById(locationId(ok)))!.body).toBe(atLimit.body)

    const over = { ...validComment(), body: '😀'.repeat(16_381) + 'bb' }
    const res = await postForm(over)
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(visibleText(html)).toContain('Comment must be at most 65,525 bytes (it has 65,526).')
    expect(fieldValue(html, 'body')).toBe(over.body)
    expect(await rowsByEmail(over.email)).toHaveLength(0)
  })

  it('65,525 ASCII bytes pass, 65,526 are refused', async () => {
    const ok = await postForm({ ...validComment(), body: 'b'.repeat(65_525) })
    expect(ok.status).toBe(303)
    expect(((await rowById(locationId(ok)))!.body as string).length).toBe(65_525)
    const over = await postForm({ ...validComment(), body: 'b'.repeat(65_526) })
    expect(over.status).toBe(422)
  })

  it('a field sent as a file is refused naming the field', async () => {
    const form = new FormData()
    const comment = validComment()
    for (const [key, value] of Object.entries({ ...comment, token: await mintFormToken() }))
      form.set(key, value)
    form.set('body', new File(['hello'], 'a.txt', { type: 'text/plain' }))
    const res = await get(`/essays/${SEED_SLUG}/comments`, {
      method: 'POST',
      body: form,
      headers: { 'CF-Connecting-IP': ipFor() },
    })
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain('Comment must be text.')
  })
})

describe('remember me', () => {
  it('ticked: a one-year HttpOnly Lax Secure cookie refills name, email and website (page not shared-cached)', async () => {
    const tag = uniq()
    const comment = { ...validComment(tag), website: 'https://example.org/me', remember: 'yes' }
    const res = await postForm(comment)
    expect(res.status).toBe(303)
    const cookie = setCookies(res).find((line: string) => line.startsWith('comment_author='))!
    expect(cookie).toMatch(
      /^comment_author=[A-Za-z0-9_.-]+; Max-Age=31536000; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    )
    const page = await get(`/essays/${SEED_SLUG}`, { headers: { Cookie: cookie.split(';')[0]! } })
    expect(page.headers.get('Cache-Control')).toBe('private, no-store')
    const html = await page.text()
    expect(fieldValue(html, 'name')).toBe(comment.name)
    expect(fieldValue(html, 'email')).toBe(comment.email)
    expect(fieldValue(html, 'website')).toBe(comment.website)
    expect(html).toMatch(/name="remember" type="checkbox" value="yes" checked=""/)
    // Nobody else's page carries it.
    const anonymous = await (await get(`/essays/${SEED_SLUG}`)).text()
    expect(anonymous).not.toContain(comment.email)
  })

  it('unticked: an existing cookie is deleted', async () => {
    const res = await postForm(validComment(), { headers: { Cookie: 'comment_author=abc' } })
    expect(res.status).toBe(303)
    const cookie = setCookies(res).find((line: string) => line.startsWith('comment_author='))
    expect(cookie).toMatch(/^comment_author=; Max-Age=0; Path=\//)
  })

  it('unticked without a cookie sets none', async () => {
    const res = await postForm(validComment())
    expect(setCookies(res).some((line: string) => line.startsWith('comment_author='))).toBe(false)
  })
})

describe('strict UTF-8', () => {
  it('invalid UTF-8 in a form (raw bytes or %FF) or in JSON is a 400 and nothing is stored; a leading U+FEFF in a value is kept', async () => {
    const { postJson } = await import('./helpers')
    const bad = validComment()
    const res = await get(`/essays/${SEED_SLUG}/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ipFor() },
      body: `name=Bad%FFname&email=${encodeURIComponent(bad.email)}&body=ok&token=${encodeURIComponent(await mintFormToken())}`,
    })
    expect(res.status).toBe(400)
    expect(visibleText(await res.text())).toContain('not valid UTF-8')
    const json = await get(`/api/essays/${SEED_SLUG}/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new Uint8Array([
        ...new TextEncoder().encode(`{"name":"A`),
        0xc3,
        0x28,
        ...new TextEncoder().encode(`","email":"${bad.email}","body":"x"}`),
      ]),
    })
    expect(json.status).toBe(400)
    expect(await rowsByEmail(bad.email)).toHaveLength(0)

    const bom = { ...validComment(), body: '\uFEFFstarts with a byte-order mark' }
    const ok = await postForm(bom)
    expect(ok.status).toBe(303)
    expect((await rowById(locationId(ok)))!.body).toBe(bom.body)
    const viaJson = { ...validComment(), body: '\uFEFFalso in JSON' }
    const accepted = await postJson(viaJson)
    expect(accepted.status).toBe(202)
    expect((await rowById(((await accepted.json()) as { id: string }).id))!.body).toBe(viaJson.body)
  })
})
