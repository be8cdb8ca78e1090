/** The comments part of the hardening issue: rate limit, hold-first proof, per-view tokens, duplicates, IPv6 flood keys. */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { REMEMBER_COOKIE, signRemembered } from '../../src/comments/cookies'
import { essayPageCacheKey, purgeEssayPages, readCachedPage } from '../../src/essays/page-cache'
import { RATE_LIMIT_RETRY_SECONDS } from '../../src/lib/rate-limit'
import { toBase64Url } from '../../src/lib/crypto'
import { visibleText } from '../helpers/http'
import {
  emailFor,
  fetchWithEnv,
  fieldValue,
  ipFor,
  jsonRequest,
  locationId,
  mintFormToken,
  pageToken,
  rowById,
  rowsByEmail,
  sameNetwork,
  SEED_SLUG,
  setCookies,
  uniq,
  validComment,
} from './helpers'

const SITE = 'https://blog.test'

function formRequest(fields: Record<string, string>, ip: string, cookie?: string): Request {
  return new Request(`${SITE}/essays/${SEED_SLUG}/comments`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'CF-Connecting-IP': ip,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  })
}

const withCookie = (request: Request, cookie: string) => {
  request.headers.set('Cookie', cookie)
  return request
}

/** An approved comment by `email`, stored long ago (outside any flood window), as a moderator left it. */
async function approvedComment(email: string): Promise<string> {
  const id = uniq('approved')
  const at = Date.now() - 86_400_000
  await env.DB.prepare(
    "INSERT INTO comments (id, essay_slug, author_name, author_email, body, status, created_at, updated_at) VALUES (?, ?, 'Regular', ?, ?, 'approved', ?, ?)",
  )
    .bind(id, SEED_SLUG, email.toLowerCase(), `Earlier words ${id}`, at, at)
    .run()
  return id
}

const cookieFor = async (email: string, ids: string[]) =>
  `${REMEMBER_COOKIE}=${await signRemembered(env.SECRET_KEY!, { name: 'Regular', email, website: '', ids })}`

describe('the Rate Limiting binding in front of comment posts', () => {
  it('a burst from one IP gets 429 + Retry-After, the text kept and nothing stored; another IP passes', async () => {
    // FLOOD_SECONDS=0: only the limiter (5 per 60 s per reader) can refuse these.
    const vars = { FLOOD_SECONDS: '0' }
    const ip = ipFor()
    const statuses: number[] = []
    let refused: Response | null = null
    let refusedComment = validComment()
    for (let i = 0; i < 12 && !refused; i++) {
      refusedComment = validComment()
      const res = await fetchWithEnv(vars, jsonRequest(refusedComment, { ip }))
      statuses.push(res.status)
      if (res.status === 429) refused = res
      else await res.arrayBuffer()
    }
    expect(refused, JSON.stringify(statuses)).not.toBeNull()
    expect(statuses.slice(0, -1).every((status) => status === 202)).toBe(true)
    expect(refused!.headers.get('Retry-After')).toBe(String(RATE_LIMIT_RETRY_SECONDS))
    expect(refused!.headers.get('Cache-Control')).toBe('no-store')
    const json = (await refused!.json()) as { error: string; fields: object }
    expect(json.error).toMatch(/Too many comments have come from your network/)
    expect(json.fields).toEqual({})
    expect(await rowsByEmail(refusedComment.email)).toHaveLength(0)

    // The form path: the essay page again with every typed value and the message.
    const typed = { ...validComment(), website: 'https://example.org/typed' }
    const form = await fetchWithEnv(
      vars,
      formRequest({ ...typed, remember: 'yes', token: await mintFormToken() }, ip),
    )
    expect(form.status).toBe(429)
    expect(form.headers.get('Retry-After')).toBe(String(RATE_LIMIT_RETRY_SECONDS))
    const html = await form.text()
    expect(visibleText(html)).toContain('Too many comments have come from your network')
    for (const field of ['name', 'email', 'website', 'body'] as const)
      expect(fieldValue(html, field)).toBe(typed[field])
    expect(html).toMatch(/name="remember" type="checkbox" value="yes" checked=""/)
    expect(await rowsByEmail(typed.email)).toHaveLength(0)

    // Another reader in the same /64 is the same reader; another network is not.
    const sibling = await fetchWithEnv(vars, jsonRequest(validComment(), { ip: sameNetwork(ip) }))
    expect(sibling.status).toBe(429)
    const other = validComment()
    const passes = await fetchWithEnv(vars, jsonRequest(other, { ip: ipFor() }))
    expect(passes.status).toBe(202)
    expect(await rowsByEmail(other.email)).toHaveLength(1)
  })
})

describe('hold-first needs proof, not a typed email', () => {
  const vars = { MODERATION_POLICY: 'hold-first', FLOOD_SECONDS: '0' }

  it('a regular’s email guessed in another case, without the signed cookie, is held', async () => {
    const email = emailFor(uniq('regular'))
    await approvedComment(email)
    const res = await fetchWithEnv(
      vars,
      jsonRequest({ name: 'Impostor', email: email.toUpperCase(), body: `Guessing ${uniq()}` }),
    )
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as { id: string }
    expect((await rowById(id))!.status).toBe('pending')
  })

  it('with a valid signed cookie for that email (naming the approved comment) it is published', async () => {
    const email = emailFor(uniq('regular'))
    const approved = await approvedComment(email)
    const res = await fetchWithEnv(
      vars,
      withCookie(
        jsonRequest({ name: 'Regular', email: email.toUpperCase(), body: `Back ${uniq()}` }),
        await cookieFor(email.toUpperCase(), [approved]),
      ),
    )
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    expect((await rowById(id))!.status).toBe('approved')
  })

  it('a cookie signed for another email, a tampered one, an unsigned one, or one naming no approved comment: held', async () => {
    const email = emailFor(uniq('regular'))
    const approved = await approvedComment(email)
    const valid = await signRemembered(env.SECRET_KEY!, {
      name: 'Regular',
      email: emailFor(uniq('someone-else')),
      website: '',
      ids: [approved],
    })
    const [payload, mac] = valid.split('.')
    const forged = toBase64Url(
      new TextEncoder().encode(
        JSON.stringify({ name: 'R', email, website: '', ids: [approved], exp: 4e9 }),
      ),
    )
    const cookies = [
      `${REMEMBER_COOKIE}=${valid}`,
      `${REMEMBER_COOKIE}=${forged}.${mac}`,
      `${REMEMBER_COOKIE}=${forged}`,
      `${REMEMBER_COOKIE}=${payload}x.${mac}`,
      await cookieFor(email, []),
      await cookieFor(email, [uniq('not-a-comment')]),
    ]
    for (const cookie of cookies) {
      const res = await fetchWithEnv(
        vars,
        withCookie(jsonRequest({ name: 'R', email, body: `Try ${uniq()}` }), cookie),
      )
      expect(res.status, cookie).toBe(202)
    }
  })

  it('posting once as a regular (remember ticked) gets a cookie that proves nothing until a moderator approves that comment', async () => {
    const email = emailFor(uniq('regular'))
    await approvedComment(email)
    const first = await fetchWithEnv(
      vars,
      formRequest(
        {
          name: 'Impostor',
          email,
          body: `One ${uniq()}`,
          remember: 'yes',
          token: await mintFormToken(),
        },
        ipFor(),
      ),
    )
    expect(first.status).toBe(303)
    expect(first.headers.get('Location')).toContain('unapproved=')
    const cookie = setCookies(first)
      .find((line) => line.startsWith(`${REMEMBER_COOKIE}=`))!
      .split(';')[0]!
    const second = await fetchWithEnv(
      vars,
      formRequest(
        { name: 'Impostor', email, body: `Two ${uniq()}`, token: await mintFormToken() },
        ipFor(),
        cookie,
      ),
    )
    expect(second.status).toBe(303)
    expect(second.headers.get('Location')).toContain('unapproved=')

    // The real round trip: the moderator approves the comment the cookie names, the next one is published.
    await env.DB.prepare("UPDATE comments SET status = 'approved' WHERE id = ?")
      .bind(locationId(first))
      .run()
    const third = await fetchWithEnv(
      vars,
      formRequest(
        { name: 'Regular', email, body: `Three ${uniq()}`, token: await mintFormToken() },
        ipFor(),
        cookie,
      ),
    )
    expect(third.status).toBe(303)
    expect(third.headers.get('Location')).toMatch(new RegExp(`^/essays/${SEED_SLUG}#comment-`))
    expect((await rowById(locationId(third)))!.status).toBe('approved')
  })

  it('an unsigned (old-style) remember-me cookie refills nothing and does not make the page personal', async () => {
    const email = emailFor(uniq('old'))
    const unsigned = toBase64Url(
      new TextEncoder().encode(JSON.stringify({ name: 'Old', email, website: '' })),
    )
    const res = await fetchWithEnv(
      {},
      new Request(`${SITE}/essays/${SEED_SLUG}`, {
        headers: { Cookie: `${REMEMBER_COOKIE}=${unsigned}` },
      }),
    )
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=60')
    expect(fieldValue(await res.text(), 'email')).toBe('')
  })
})

describe('each page view has its own form token', () => {
  const vars = { MIN_FORM_SECONDS: '0' }
  const view = () => fetchWithEnv(vars, new Request(`${SITE}/essays/${SEED_SLUG}`))

  it('two GETs of the cached page give two different tokens, each timed when served; one weak ETag answers 304', async () => {
    await purgeEssayPages(SITE, SEED_SLUG)
    const miss = await view()
    const missHtml = await miss.text()
    const before = Date.now()
    const hit = await view()
    expect(hit.headers.get('Age')).toMatch(/^\d+$/)
    const hitHtml = await hit.text()
    const [a, b] = [pageToken(missHtml), pageToken(hitHtml)]
    expect(a).not.toBe(b)
    const payload = (token: string) =>
      JSON.parse(atob(token.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
        t: number
        n: string
      }
    expect(payload(a).n).not.toBe(payload(b).n)
    expect(payload(b).t).toBeGreaterThanOrEqual(before)
    // The shared copy holds no token at all.
    const shared = await readCachedPage(essayPageCacheKey(SITE, SEED_SLUG, null))
    expect(shared!.html).not.toContain(a)
    expect(shared!.html).not.toContain(b)

    const etag = miss.headers.get('ETag')!
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/)
    expect(hit.headers.get('ETag')).toBe(etag)
    const revalidated = await fetchWithEnv(
      vars,
      new Request(`${SITE}/essays/${SEED_SLUG}`, { headers: { 'If-None-Match': etag } }),
    )
    expect(revalidated.status).toBe(304)
    expect(revalidated.headers.get('ETag')).toBe(etag)
  })

  it('the same form posted twice still gives one comment and the same answer', async () => {
    const token = pageToken(await (await view()).text())
    const comment = validComment()
    const ip = ipFor()
    const first = await fetchWithEnv(vars, formRequest({ ...comment, token }, ip))
    const second = await fetchWithEnv(vars, formRequest({ ...comment, token }, ip))
    expect([first.status, second.status]).toEqual([303, 303])
    expect(locationId(second)).toBe(locationId(first))
    expect(await rowsByEmail(comment.email)).toHaveLength(1)
    expect((await rowById(locationId(first)))!.form_nonce).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('replaying a reader’s email and body with the token of one’s own page view never returns that reader’s preview link', async () => {
    await purgeEssayPages(SITE, SEED_SLUG)
    const readerToken = pageToken(await (await view()).text())
    const attackerToken = pageToken(await (await view()).text())
    expect(attackerToken).not.toBe(readerToken)

    const reader = validComment()
    const posted = await fetchWithEnv(vars, formRequest({ ...reader, token: readerToken }, ipFor()))
    expect(posted.status).toBe(303)
    const readerId = locationId(posted)
    const readerLocation = posted.headers.get('Location')!
    expect(readerLocation).toContain('moderation-hash=')

    const replay = await fetchWithEnv(
      vars,
      formRequest({ ...reader, token: attackerToken }, ipFor()),
    )
    const location = replay.headers.get('Location') ?? ''
    expect(location).not.toContain(readerId)
    expect(location).not.toContain('moderation-hash')
    expect(replay.status).toBe(409)
    expect(await replay.text()).not.toContain(readerId)
    expect(await rowsByEmail(reader.email)).toHaveLength(1)
  })
})

describe('duplicates are found however the words are retyped', () => {
  const vars = { FLOOD_SECONDS: '0' }

  it('the same body in another case or with other whitespace is a 409; body_key is stored', async () => {
    const tag = uniq()
    const email = emailFor(tag)
    const first = await fetchWithEnv(
      vars,
      jsonRequest({ name: 'A', email, body: `Same words, ${tag}.\n\nSecond  line.` }),
    )
    expect(first.status).toBe(202)
    const { id } = (await first.json()) as { id: string }
    expect((await rowById(id))!.body_key).toBe(`same words, ${tag}. second line.`)
    for (const body of [
      `SAME WORDS, ${tag.toUpperCase()}.\n\nSecond line.`,
      `Same   words,\t${tag}.  Second\nline.`,
    ]) {
      const again = await fetchWithEnv(vars, jsonRequest({ name: 'A', email, body }))
      expect(again.status, body).toBe(409)
    }
    const form = await fetchWithEnv(
      vars,
      formRequest(
        {
          name: 'A',
          email,
          body: `same WORDS, ${tag}. second line.`,
          token: await mintFormToken(),
        },
        ipFor(),
      ),
    )
    expect(form.status).toBe(409)
    expect(fieldValue(await form.text(), 'body')).toBe(`same WORDS, ${tag}. second line.`)
    expect(await rowsByEmail(email)).toHaveLength(1)
  })

  it('an older row without body_key still matches exactly', async () => {
    const email = emailFor(uniq('old'))
    const body = `Imported words ${uniq()}`
    const at = Date.now() - 3_600_000
    await env.DB.prepare(
      "INSERT INTO comments (id, essay_slug, author_name, author_email, body, status, created_at, updated_at) VALUES (?, ?, 'Old', ?, ?, 'approved', ?, ?)",
    )
      .bind(uniq('id'), SEED_SLUG, email, body, at, at)
      .run()
    expect((await fetchWithEnv(vars, jsonRequest({ name: 'Old', email, body }))).status).toBe(409)
  })
})

describe('the flood rule keys IPv6 readers by their /64', () => {
  it('two addresses in one /64 within 15 s: the second gets 429; another /64 does not', async () => {
    const ip = ipFor()
    const first = await fetchWithEnv({}, jsonRequest(validComment(), { ip }))
    expect(first.status).toBe(202)
    const rotated = validComment()
    const second = await fetchWithEnv({}, jsonRequest(rotated, { ip: sameNetwork(ip) }))
    expect(second.status).toBe(429)
    expect(((await second.json()) as { error: string }).error).toBe(
      'You are posting comments too quickly. Slow down.',
    )
    expect(await rowsByEmail(rotated.email)).toHaveLength(0)
    expect((await fetchWithEnv({}, jsonRequest(validComment(), { ip: ipFor() }))).status).toBe(202)
  })
})
