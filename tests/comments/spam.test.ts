import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { classify, countLinks, matchWords } from '../../src/comments/spam'
import { config as readConfig } from '../../src/config'
import { signRemembered } from '../../src/comments/cookies'
import { SITEVERIFY_URL, verifyTurnstile } from '../../src/comments/turnstile'
import { get, visibleText } from '../helpers/http'
import {
  approve,
  emailFor,
  fetchWithEnv,
  fieldValue,
  ipFor,
  jsonRequest,
  mintFormToken,
  postForm,
  postJson,
  rowById,
  rowsByEmail,
  SEED_SLUG,
  uniq,
  validComment,
} from './helpers'

describe('flood control (15 s, per IP hash or email, in D1)', () => {
  it('a second comment from the same IP within 15 s gets 429 with Retry-After; the form keeps the text', async () => {
    const ip = ipFor()
    expect((await postForm(validComment(), { ip })).status).toBe(303)
    const second = validComment()
    const res = await postForm(second, { ip })
    expect(res.status).toBe(429)
    const retry = Number(res.headers.get('Retry-After'))
    expect(retry).toBeGreaterThanOrEqual(1)
    expect(retry).toBeLessThanOrEqual(15)
    const html = await res.text()
    expect(visibleText(html)).toContain('You are posting comments too quickly. Slow down.')
    expect(fieldValue(html, 'body')).toBe(second.body)
    expect(await rowsByEmail(second.email)).toHaveLength(0)
  })

  it('the same email from another IP within 15 s gets 429 (JSON), with Retry-After', async () => {
    const tag = uniq()
    expect((await postJson({ ...validComment(tag) })).status).toBe(202)
    const res = await postJson({ ...validComment(tag), body: 'Something different entirely.' })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1)
    expect(await res.json()).toEqual({
      error: 'You are posting comments too quickly. Slow down.',
      fields: {},
    })
  })

  it('the window is measured in D1: a comment 16 s old does not block, one 14 s old does', async () => {
    const ip = ipFor()
    const { keyedHash } = await import('../../src/lib/crypto')
    const { readerAddress } = await import('../../src/lib/client-ip')
    const ipHash = await keyedHash(env.SECRET_KEY!, 'ip', readerAddress(ip))
    const insertOld = (ageMs: number, tag: string) =>
      env.DB.prepare(
        "INSERT INTO comments (id, essay_slug, author_name, author_email, body, status, created_at, updated_at, ip_hash) VALUES (?, ?, 'Old', ?, 'old', 'pending', ?, ?, ?)",
      )
        .bind(uniq('id'), SEED_SLUG, emailFor(tag), Date.now() - ageMs, Date.now() - ageMs, ipHash)
        .run()
    await insertOld(16_000, uniq())
    expect((await postJson(validComment(), { ip })).status).toBe(202)

    const ip2 = ipFor()
    const ipHash2 = await keyedHash(env.SECRET_KEY!, 'ip', readerAddress(ip2))
    await env.DB.prepare(
      "INSERT INTO comments (id, essay_slug, author_name, author_email, body, status, created_at, updated_at, ip_hash) VALUES (?, ?, 'Old', ?, 'old', 'pending', ?, ?, ?)",
    )
      .bind(
        uniq('id'),
        SEED_SLUG,
        emailFor(uniq()),
        Date.now() - 14_000,
        Date.now() - 14_000,
        ipHash2,
      )
      .run()
    const blocked = await postJson(validComment(), { ip: ip2 })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('Retry-After'))).toBeLessThanOrEqual(2)
  })

  it('FLOOD_SECONDS=0 turns it off', async () => {
    const ip = ipFor()
    const a = await fetchWithEnv({ FLOOD_SECONDS: '0' }, jsonRequest(validComment(), { ip }))
    const b = await fetchWithEnv({ FLOOD_SECONDS: '0' }, jsonRequest(validComment(), { ip }))
    expect([a.status, b.status]).toEqual([202, 202])
  })
})

describe('duplicates', () => {
  it('the same body from the same email on the same essay is a 409, even much later and from another IP', async () => {
    const comment = validComment()
    const first = await postJson(comment)
    expect(first.status).toBe(202)
    const { id } = (await first.json()) as { id: string }
    // Move it out of the flood window so only the duplicate rule can answer.
    await env.DB.prepare('UPDATE comments SET created_at = created_at - 3600000 WHERE id = ?')
      .bind(id)
      .run()
    const again = await postJson(comment)
    expect(again.status).toBe(409)
    expect(await again.json()).toEqual({
      error: 'Duplicate comment detected; it looks as though you’ve already said that!',
      fields: {},
    })
    const form = await postForm(comment)
    expect(form.status).toBe(409)
    expect(fieldValue(await form.text(), 'body')).toBe(comment.body)
    expect(await rowsByEmail(comment.email)).toHaveLength(1)
  })

  it('the same body from another email is not a duplicate', async () => {
    const body = `Shared words ${uniq()}`
    expect((await postJson({ ...validComment(), body })).status).toBe(202)
    expect((await postJson({ ...validComment(), body })).status).toBe(202)
  })
})

describe('links and word lists', () => {
  it('counts bare URLs and anchors', () => {
    expect(countLinks('see https://a.example and http://b.example')).toBe(2)
    expect(countLinks('<a href="x">x</a> www.example.com')).toBe(1)
    expect(countLinks('no links here')).toBe(0)
  })

  it('matches words case-insensitively anywhere the author typed', () => {
    expect(matchWords(['viagra', 'casino'], ['Buy VIAGRA', null, 'x'])).toEqual(['viagra'])
    expect(matchWords([], ['viagra'])).toEqual([])
  })

  it('1 link passes the link rule; 2 links hold it with the count recorded (open policy otherwise publishes)', async () => {
    const one = await fetchWithEnv(
      { MODERATION_POLICY: 'open' },
      jsonRequest({ ...validComment(), body: 'One link https://one.example' }),
    )
    expect(one.status).toBe(201)
    const two = await fetchWithEnv(
      { MODERATION_POLICY: 'open' },
      jsonRequest({ ...validComment(), body: 'Two https://one.example https://two.example' }),
    )
    expect(two.status).toBe(202)
    const { id } = (await two.json()) as { id: string }
    const row = (await rowById(id))!
    expect(row.status).toBe('pending')
    expect(JSON.parse(row.spam_signals as string)).toEqual({ links: 2 })
  })

  it('MAX_LINKS is configurable (3: two links pass)', async () => {
    const res = await fetchWithEnv(
      { MODERATION_POLICY: 'open', MAX_LINKS: '3' },
      jsonRequest({ ...validComment(), body: 'Two https://one.example https://two.example' }),
    )
    expect(res.status).toBe(201)
  })

  it('a moderation word holds; a block word sends to spam (answered as held, never revealed)', async () => {
    const vars = {
      MODERATION_POLICY: 'open',
      MODERATION_WORDS: 'crypto, Giveaway',
      BLOCK_WORDS: 'viagra,casino',
    }
    const held = await fetchWithEnv(
      vars,
      jsonRequest({ ...validComment(), body: 'Free CRYPTO giveaway!' }),
    )
    expect(held.status).toBe(202)
    const heldRow = (await rowById(((await held.json()) as { id: string }).id))!
    expect(heldRow.status).toBe('pending')
    expect(JSON.parse(heldRow.spam_signals as string)).toEqual({ words: ['crypto', 'giveaway'] })

    const spam = await fetchWithEnv(
      vars,
      jsonRequest({ ...validComment(), name: 'Casino Bob', body: 'Hello' }),
    )
    expect(spam.status).toBe(202)
    const spamData = (await spam.json()) as { id: string; status: string }
    expect(spamData.status).toBe('pending')
    const spamRow = (await rowById(spamData.id))!
    expect(spamRow.status).toBe('spam')
    expect(JSON.parse(spamRow.spam_signals as string)).toEqual({ blocked: ['casino'] })
  })

  it('classify: block beats everything; signals name the decisive rule', () => {
    const config = {
      ...readConfig(env).comments,
      blockWords: ['bad'],
      moderationWords: ['meh'],
      policy: 'open' as const,
    }
    const input = { name: 'A', email: 'a@example.com', website: null, body: 'ok', parentId: null }
    expect(classify(input, {}, config)).toEqual({ verdict: 'approved', signals: {} })
    expect(classify({ ...input, body: 'bad meh https://a https://b' }, {}, config)).toEqual({
      verdict: 'spam',
      signals: { blocked: ['bad'] },
    })
    expect(classify({ ...input, body: 'meh' }, {}, config)).toEqual({
      verdict: 'pending',
      signals: { words: ['meh'] },
    })
    expect(classify(input, { userAgent: 'BadBot' }, config).verdict).toBe('spam')
    expect(classify(input, {}, { ...config, policy: 'hold-all' })).toEqual({
      verdict: 'pending',
      signals: { policy: 'hold-all' },
    })
    expect(classify(input, {}, { ...config, policy: 'hold-first' })).toEqual({
      verdict: 'hold-first',
      signals: { policy: 'hold-first' },
    })
  })
})

describe('moderation policy', () => {
  it('hold-all (default) holds a clean comment; the form redirects to the preview', async () => {
    const res = await postForm(validComment())
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toContain('unapproved=')
  })

  it('open publishes a clean comment: 201, on the page at once, and the form 303s to the anchor without a preview token', async () => {
    const comment = validComment()
    const res = await fetchWithEnv({ MODERATION_POLICY: 'open' }, jsonRequest(comment))
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    expect(res.headers.get('Location')).toBe(`https://blog.test/essays/${SEED_SLUG}#comment-${id}`)
    expect((await rowById(id))!.status).toBe('approved')
    // Publishing purged the cached page: an anonymous reader sees it now.
    expect(await (await get(`/essays/${SEED_SLUG}`)).text()).toContain(`id="comment-${id}"`)

    const form = new URLSearchParams({ ...validComment(), token: await mintFormToken() })
    const posted = await fetchWithEnv(
      { MODERATION_POLICY: 'open' },
      new Request(`https://blog.test/essays/${SEED_SLUG}/comments`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'CF-Connecting-IP': ipFor(),
        },
        body: form,
      }),
    )
    expect(posted.status).toBe(303)
    expect(posted.headers.get('Location')).toMatch(
      new RegExp(`^/essays/${SEED_SLUG}#comment-[A-Za-z0-9_-]+$`),
    )
  })

  it('hold-first holds a first comment and publishes the next one from an email with an approved comment, when the signed remember-me cookie proves it', async () => {
    const tag = uniq()
    const first = await fetchWithEnv(
      { MODERATION_POLICY: 'hold-first' },
      jsonRequest(validComment(tag)),
    )
    expect(first.status).toBe(202)
    const { id } = (await first.json()) as { id: string }
    // A second held one from the same address is still held.
    await env.DB.prepare('UPDATE comments SET created_at = created_at - 60000 WHERE id = ?')
      .bind(id)
      .run()
    const stillHeld = await fetchWithEnv(
      { MODERATION_POLICY: 'hold-first' },
      jsonRequest({ ...validComment(tag), body: 'Second try' }),
    )
    expect(stillHeld.status).toBe(202)
    const secondId = ((await stillHeld.json()) as { id: string }).id
    await env.DB.prepare('UPDATE comments SET created_at = created_at - 60000 WHERE id = ?')
      .bind(secondId)
      .run()
    await approve(id)
    // The email alone (typed in any case) proves nothing: anyone can type it.
    const next = jsonRequest({
      ...validComment(tag),
      email: emailFor(tag).toUpperCase(),
      body: 'Welcome back',
    })
    next.headers.set(
      'Cookie',
      `comment_author=${await signRemembered(env.SECRET_KEY!, { name: 'R', email: emailFor(tag), website: '', ids: [id] })}`,
    )
    expect((await fetchWithEnv({ MODERATION_POLICY: 'hold-first' }, next)).status).toBe(201)
  })

  it('a bad policy value is a configuration error, not a silent default', () => {
    expect(() => readConfig({ ...env, MODERATION_POLICY: 'hold-some' })).toThrow(
      /MODERATION_POLICY must be one of hold-all, hold-first, open/,
    )
    expect(() => readConfig({ ...env, FLOOD_SECONDS: '-1' })).toThrow(/FLOOD_SECONDS/)
  })
})

describe('Turnstile', () => {
  afterEach(() => vi.restoreAllMocks())
  const vars = {
    TURNSTILE_SITE_KEY: '1x00000000000000000000AA',
    TURNSTILE_SECRET: 'turnstile-test-secret',
  }

  it('verifier: posts secret, response and remoteip; only success:true passes; failures fail closed', async () => {
    const calls: { url: string; form: FormData }[] = []
    const answer =
      (body: unknown, status = 200) =>
      async (url: RequestInfo | URL, init?: RequestInit) => {
        calls.push({ url: String(url), form: init!.body as FormData })
        return new Response(JSON.stringify(body), { status })
      }
    expect(
      await verifyTurnstile(
        's3cret',
        'tok',
        '203.0.113.9',
        answer({ success: true }) as typeof fetch,
      ),
    ).toBe(true)
    expect(calls[0]!.url).toBe(SITEVERIFY_URL)
    expect(calls[0]!.form.get('secret')).toBe('s3cret')
    expect(calls[0]!.form.get('response')).toBe('tok')
    expect(calls[0]!.form.get('remoteip')).toBe('203.0.113.9')
    expect(
      await verifyTurnstile('s', 'tok', null, answer({ success: false }) as typeof fetch),
    ).toBe(false)
    expect(
      await verifyTurnstile('s', 'tok', null, answer({ success: true }, 500) as typeof fetch),
    ).toBe(false)
    expect(
      await verifyTurnstile('s', 'tok', null, (async () => {
        throw new Error('offline')
      }) as typeof fetch),
    ).toBe(false)
    expect(
      await verifyTurnstile('s', undefined, null, answer({ success: true }) as typeof fetch),
    ).toBe(false)
  })

  it('when configured: the page shows the widget with a CSP allowing only Turnstile; a failed check is 403 with nothing stored', async () => {
    const page = await fetchWithEnv(
      vars,
      new Request(`https://blog.test/essays/${SEED_SLUG}?replyto=none`),
    )
    const html = await page.text()
    expect(html).toContain(
      `<div class="cf-turnstile" data-sitekey="${vars.TURNSTILE_SITE_KEY}"></div>`,
    )
    const csp = page.headers.get('Content-Security-Policy')!
    expect(csp).toMatch(/script-src [^;]*https:\/\/challenges\.cloudflare\.com/)
    expect(csp).toContain('frame-src https://challenges.cloudflare.com')
    expect(csp).not.toContain('unsafe-inline')
    // Without Turnstile the CSP stays closed.
    const plain = await get(`/essays/${SEED_SLUG}`)
    expect(plain.headers.get('Content-Security-Policy')).not.toContain('challenges.cloudflare.com')

    const fetchSpy = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(new Response(JSON.stringify({ success: false })))
    const comment = validComment()
    const res = await fetchWithEnv(vars, jsonRequest({ ...comment, turnstileToken: 'bad' }))
    expect(res.status).toBe(403)
    expect(fetchSpy).toHaveBeenCalledWith(
      SITEVERIFY_URL,
      expect.objectContaining({ method: 'POST' }),
    )
    expect(await rowsByEmail(comment.email)).toHaveLength(0)
    const missing = await fetchWithEnv(vars, jsonRequest(validComment()))
    expect(missing.status).toBe(403)
  })

  it('a passing check lets the comment through (form path reads cf-turnstile-response)', async () => {
    const fetchSpy = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(new Response(JSON.stringify({ success: true })))
    const form = new URLSearchParams({
      ...validComment(),
      token: await mintFormToken(),
      'cf-turnstile-response': 'good-token',
    })
    const res = await fetchWithEnv(
      vars,
      new Request(`https://blog.test/essays/${SEED_SLUG}/comments`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'CF-Connecting-IP': '203.0.113.50',
        },
        body: form,
      }),
    )
    expect(res.status).toBe(303)
    const sent = fetchSpy.mock.calls[0]![1]!.body as FormData
    expect(sent.get('response')).toBe('good-token')
    expect(sent.get('secret')).toBe(vars.TURNSTILE_SECRET)
    expect(sent.get('remoteip')).toBe('203.0.113.50')
  })
})
