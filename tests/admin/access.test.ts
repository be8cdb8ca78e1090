import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { verifyAccessJwt } from '../../src/admin/access'
import { accessCsrfToken } from '../../src/admin/auth'
import { readConfig } from '../../src/config'
import { toBase64Url } from '../../src/lib/crypto'
import { env } from 'cloudflare:test'
import { SITE } from '../helpers/http'
import { addComment, auditFor, fetchWith, findRow } from './fixtures'

/**
 * Cloudflare Access JWTs, signed here with a fresh RSA key; the team's JWKS endpoint is served by
 * mocking the worker's outbound fetch (same isolate, so vi.spyOn on globalThis.fetch reaches it).
 * Every test has a team of its own: the worker caches keys per issuer, so no test sees another's.
 */

const AUD = 'a3f1c0d2e4b5a6978899aabbccddeeff00112233445566778899aabbccddeeff'
let TEAM: string
let ISSUER: string
let CERTS: string
let ACCESS_ONLY: Record<string, unknown>
let teams = 0

const enc = (value: unknown) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)))

let keys: CryptoKeyPair
let publicJwk: JsonWebKey
let otherKeys: CryptoKeyPair
let jwks: { keys: object[] }
let fetchSpy: ReturnType<typeof vi.spyOn>

async function rsaPair() {
  return (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair
}

async function jwt(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  key: CryptoKey = keys.privateKey,
) {
  const now = Math.floor(Date.now() / 1000)
  const head = enc({ alg: 'RS256', kid: 'key-1', typ: 'JWT', ...header })
  const body = enc({
    aud: [AUD],
    iss: ISSUER,
    email: 'mod@example.com',
    sub: 'user-1',
    iat: now,
    nbf: now,
    exp: now + 600,
    ...claims,
  })
  const signature = await crypto.subtle.sign(
    'RSASSA-PKCS1-v1_5',
    key,
    new TextEncoder().encode(`${head}.${body}`),
  )
  return `${head}.${body}.${toBase64Url(signature)}`
}

beforeAll(async () => {
  keys = await rsaPair()
  otherKeys = await rsaPair()
  publicJwk = (await crypto.subtle.exportKey('jwk', keys.publicKey)) as JsonWebKey
})

beforeEach(() => {
  TEAM = `team${++teams}x${crypto.randomUUID().slice(0, 8)}`
  ISSUER = `https://${TEAM}.cloudflareaccess.com`
  CERTS = `${ISSUER}/cdn-cgi/access/certs`
  ACCESS_ONLY = { ADMIN_TOKEN: undefined, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD }
  jwks = {
    keys: [{ kid: 'key-1', kty: 'RSA', alg: 'RS256', use: 'sig', n: publicJwk.n, e: publicJwk.e }],
  }
  const realFetch = globalThis.fetch
  fetchSpy = vi
    .spyOn(globalThis, 'fetch')
    .mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input)
      if (url === CERTS) return Response.json(jwks)
      return realFetch(input, init)
    })
})

afterEach(() => {
  vi.restoreAllMocks()
})

const certFetches = () =>
  fetchSpy.mock.calls.filter(
    ([input]: unknown[]) => String(input instanceof Request ? input.url : input) === CERTS,
  ).length

function approveWith(
  id: string,
  assertion: string | undefined,
  overrides: Record<string, unknown> = ACCESS_ONLY,
  headers: Record<string, string> = {},
) {
  return fetchWith(overrides, `/api/admin/comments/${id}/approve`, {
    method: 'POST',
    headers: {
      ...(assertion === undefined ? {} : { 'Cf-Access-Jwt-Assertion': assertion }),
      ...headers,
    },
  })
}

/** The Access settings config(env) reads from these vars (once per isolate), or null when Access stays off. */
const accessFrom = (vars: { ACCESS_TEAM_DOMAIN?: string; ACCESS_AUD?: string }) =>
  readConfig({ SITE_URL: 'https://blog.test', ...vars }).admin.access
const accessIssuer = (team: string) =>
  accessFrom({ ACCESS_TEAM_DOMAIN: team, ACCESS_AUD: AUD })?.issuer ?? null

describe('team domain settings', () => {
  it('normalises the forms Access settings show, and rejects anything that is not a team', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    for (const form of [
      'team',
      'TEAM',
      'team.cloudflareaccess.com',
      'https://team.cloudflareaccess.com/',
      ' team ',
    ])
      expect(accessIssuer(form), form).toBe('https://team.cloudflareaccess.com')
    for (const bad of [
      '',
      'evil.example.com',
      'team.cloudflareaccess.com.evil.example',
      'http://team.cloudflareaccess.com',
      'te am',
      'team/x',
      '-team',
    ])
      expect(accessIssuer(bad), bad).toBeNull()
    expect(accessFrom({ ACCESS_TEAM_DOMAIN: 'team' })).toBeNull()
    expect(accessFrom({ ACCESS_AUD: AUD })).toBeNull()
  })
})

describe('Cloudflare Access JWT', () => {
  it('lets a valid assertion in and records the moderator’s email as the actor', async () => {
    const c = await addComment()
    const res = await approveWith(c.id, await jwt())
    expect(res.status).toBe(200)
    expect(await auditFor(c.id)).toMatchObject([{ actor: 'mod@example.com', action: 'approve' }])
    expect(certFetches()).toBe(1)
    // Cached: a second request fetches nothing.
    const d = await addComment()
    expect((await approveWith(d.id, await jwt({ email: 'other@example.com' }))).status).toBe(200)
    expect(certFetches()).toBe(1)
    expect(await auditFor(d.id)).toMatchObject([{ actor: 'other@example.com' }])
  })

  it('accepts a single-string aud and works beside ADMIN_TOKEN', async () => {
    const c = await addComment()
    expect(
      (
        await approveWith(c.id, await jwt({ aud: AUD }), {
          ACCESS_TEAM_DOMAIN: `${ISSUER}/`,
          ACCESS_AUD: AUD,
        })
      ).status,
    ).toBe(200)
  })

  it('refuses every bad assertion, and the handler never runs', async () => {
    const c = await addComment()
    const now = Math.floor(Date.now() / 1000)
    const good = await jwt()
    const [head, body, sig] = good.split('.') as [string, string, string]
    const hmacKey = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(JSON.stringify(publicJwk)),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    const hsHead = enc({ alg: 'HS256', kid: 'key-1', typ: 'JWT' })
    const hsSig = toBase64Url(
      await crypto.subtle.sign('HMAC', hmacKey, new TextEncoder().encode(`${hsHead}.${body}`)),
    )
    const cases: Record<string, string> = {
      expired: await jwt({ exp: now - 3600, iat: now - 7200, nbf: now - 7200 }),
      'wrong audience': await jwt({ aud: ['another-application'] }),
      'no audience': await jwt({ aud: undefined }),
      'wrong issuer': await jwt({ iss: 'https://evil.cloudflareaccess.com' }),
      'issuer with trailing slash': await jwt({ iss: `${ISSUER}/` }),
      'not yet valid': await jwt({ nbf: now + 3600 }),
      'issued in the future': await jwt({ iat: now + 3600 }),
      'no exp': await jwt({ exp: undefined }),
      'no email': await jwt({ email: undefined }),
      'alg none': `${enc({ alg: 'none', kid: 'key-1' })}.${body}.`,
      'alg none with a signature': `${enc({ alg: 'none', kid: 'key-1' })}.${body}.${sig}`,
      'HS256 keyed with the public key': `${hsHead}.${body}.${hsSig}`,
      'RS512 header': await jwt({}, { alg: 'RS512' }),
      'unknown kid': await jwt({}, { kid: 'key-unknown' }),
      'no kid': await jwt({}, { kid: undefined }),
      'signed by another key': await jwt({}, {}, otherKeys.privateKey),
      'tampered payload': `${head}.${enc({ ...JSON.parse(atob(body.replace(/-/g, '+').replace(/_/g, '/'))), email: 'attacker@example.com' })}.${sig}`,
      'tampered signature': `${head}.${body}.${sig.slice(0, -6)}AAAAAA`,
      'signature dropped': `${head}.${body}.`,
      'two parts': `${head}.${body}`,
      junk: 'not-a-jwt',
      empty: '',
    }
    for (const [label, assertion] of Object.entries(cases)) {
      const res = await approveWith(c.id, assertion)
      expect(res.status, label).toBe(401)
    }
    const missing = await approveWith(c.id, undefined)
    expect(missing.status).toBe(401)
    expect((await findRow(c.id))!.status).toBe('pending')
    expect(await auditFor(c.id)).toEqual([])
  })

  it('refetches the JWKS for an unknown kid at most once per interval (rotation), never on every request', async () => {
    const config = { issuer: ISSUER, aud: AUD }
    const t0 = Date.now()
    expect(await verifyAccessJwt(await jwt(), config, t0)).toMatchObject({
      email: 'mod@example.com',
    })
    expect(certFetches()).toBe(1)
    // Access rotates: the new key signs, the JWKS lists it.
    const rotated = await jwt({}, { kid: 'key-2' }, otherKeys.privateKey)
    const otherJwk = (await crypto.subtle.exportKey('jwk', otherKeys.publicKey)) as JsonWebKey
    jwks = {
      keys: [
        ...jwks.keys,
        { kid: 'key-2', kty: 'RSA', alg: 'RS256', n: otherJwk.n, e: otherJwk.e },
      ],
    }
    // Within the refetch interval: refused without a fetch (forged kids can't make us hammer Access).
    expect(await verifyAccessJwt(rotated, config, t0 + 1000)).toBeNull()
    expect(await verifyAccessJwt(await jwt({}, { kid: 'forged' }), config, t0 + 2000)).toBeNull()
    expect(certFetches()).toBe(1)
    // After it: one refetch finds the new key.
    expect(await verifyAccessJwt(rotated, config, t0 + 60_000)).toMatchObject({
      email: 'mod@example.com',
    })
    expect(certFetches()).toBe(2)
  })

  it('stays closed when the JWKS cannot be fetched', async () => {
    fetchSpy.mockImplementation(async () => new Response('down', { status: 500 }))
    const c = await addComment()
    expect((await approveWith(c.id, await jwt())).status).toBe(401)
    expect(await auditFor(c.id)).toEqual([])
  })

  it('refuses an Access-authenticated API write that a browser marks cross-site (the Access cookie is ambient)', async () => {
    const c = await addComment()
    const res = await approveWith(c.id, await jwt(), ACCESS_ONLY, {
      Origin: 'https://evil.example',
      'Sec-Fetch-Site': 'cross-site',
    })
    expect(res.status).toBe(403)
    expect(await auditFor(c.id)).toEqual([])
  })

  it('needs the per-user CSRF token on dashboard forms', async () => {
    const c = await addComment()
    const assertion = await jwt({ email: 'forms@example.com' })
    const post = (fields: Record<string, string>) =>
      fetchWith(ACCESS_ONLY, `/admin/comments/${c.id}/approve`, {
        method: 'POST',
        headers: {
          'Cf-Access-Jwt-Assertion': assertion,
          Origin: SITE,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(fields),
      })
    expect((await post({ back: '/admin' })).status).toBe(403)
    expect(
      (await post({ csrf: await accessCsrfToken(env, 'someone-else@example.com') })).status,
    ).toBe(403)
    expect(await auditFor(c.id)).toEqual([])
    const ok = await post({ csrf: await accessCsrfToken(env, 'forms@example.com'), back: '/admin' })
    expect(ok.status).toBe(303)
    expect(await auditFor(c.id)).toMatchObject([{ actor: 'forms@example.com' }])
    // And the dashboard renders that token into its forms.
    const page = await fetchWith(ACCESS_ONLY, '/admin?status=approved', {
      headers: { 'Cf-Access-Jwt-Assertion': assertion },
    })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(
      `name="csrf" value="${await accessCsrfToken(env, 'forms@example.com')}"`,
    )
  })
})

describe('JWKS fetching: timeouts, stale keys, forged kids', () => {
  const HOUR = 3600_000
  // Tokens that outlive the clock jumps below (the verifier is given `now`, the token its own exp).
  const longJwt = (header: Record<string, unknown> = {}) =>
    jwt({ exp: Math.floor(Date.now() / 1000) + 48 * 3600 }, header)

  /** The JWKS endpoint stops answering: a fetch that never settles, whatever its signal says. */
  function hangingJwks() {
    fetchSpy.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input)
      if (url === CERTS) return new Promise<Response>(() => {})
      return Response.json({ unexpected: url, init: String(init) }, { status: 599 })
    })
  }

  function failingJwks() {
    fetchSpy.mockImplementation(async () => new Response('down', { status: 503 }))
  }

  it('gives a hanging JWKS fetch up after the timeout, and a request arriving after that does not wait on it', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    hangingJwks()
    const config = { issuer: ISSUER, aud: AUD }
    const token = await jwt()
    const t0 = Date.now()
    // The first request waits for the fetch, but only until its (here: 50 ms) timeout.
    const first = verifyAccessJwt(token, config, t0, { fetchTimeoutMs: 50 })
    // One arriving after the fetch has been in flight longer than the timeout answers at once
    // (a hang here would fail the test by its own timeout), without starting a second fetch.
    expect(await verifyAccessJwt(token, config, t0 + 60, { fetchTimeoutMs: 50 })).toBeNull()
    expect(await first).toBeNull()
    expect(certFetches()).toBe(1)
    // The fetch was sent with an abort signal.
    const init = fetchSpy.mock.calls[0]![1] as RequestInit
    expect(init.signal).toBeInstanceOf(AbortSignal)
    // The stuck fetch holds nothing: after the interval a new one goes out and, answered, works.
    fetchSpy.mockImplementation(async () => Response.json(jwks))
    expect(await verifyAccessJwt(token, config, t0 + 31_000)).toMatchObject({
      email: 'mod@example.com',
    })
    expect(certFetches()).toBe(2)
  })

  it('keeps verifying with cached keys past their TTL while refreshes fail or hang (stale-while-error), for a day at most', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const config = { issuer: ISSUER, aud: AUD }
    const token = await longJwt()
    const t0 = Date.now()
    expect(await verifyAccessJwt(token, config, t0)).toMatchObject({ email: 'mod@example.com' })
    expect(certFetches()).toBe(1)

    failingJwks()
    expect(await verifyAccessJwt(token, config, t0 + HOUR + 1000)).toMatchObject({
      email: 'mod@example.com',
    })
    expect(certFetches()).toBe(2)
    expect(
      errors.mock.calls.some(([line]) => String(line).includes('Access JWKS unavailable')),
    ).toBe(true)

    hangingJwks()
    expect(
      await verifyAccessJwt(token, config, t0 + 2 * HOUR, { fetchTimeoutMs: 20 }),
    ).toMatchObject({ email: 'mod@example.com' })
    expect(certFetches()).toBe(3)

    // A key is still only the key it is: another kid, or another key, never verifies.
    expect(
      await verifyAccessJwt(await longJwt({ kid: 'forged' }), config, t0 + 3 * HOUR, {
        fetchTimeoutMs: 20,
      }),
    ).toBeNull()

    // More than a day without a successful refresh: closed.
    failingJwks()
    expect(await verifyAccessJwt(token, config, t0 + 25 * HOUR)).toBeNull()
  })

  it('lets forged kids cause at most one fetch per interval, even with stale keys and a failing JWKS', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const config = { issuer: ISSUER, aud: AUD }
    const t0 = Date.now()
    expect(await verifyAccessJwt(await longJwt(), config, t0)).not.toBeNull()
    failingJwks()
    const forged = await Promise.all(
      Array.from({ length: 5 }, (_, i) => longJwt({ kid: `forged-${i}` })),
    )
    const at = t0 + HOUR + 1000
    // Concurrent and one after another, within one interval: one fetch.
    expect(await Promise.all(forged.map((token) => verifyAccessJwt(token, config, at)))).toEqual(
      forged.map(() => null),
    )
    for (const [i, token] of forged.entries())
      expect(await verifyAccessJwt(token, config, at + 1000 * (i + 1))).toBeNull()
    expect(certFetches()).toBe(2)
    // The real key still works meanwhile (stale), and costs no fetch either.
    expect(await verifyAccessJwt(await longJwt(), config, at + 10_000)).not.toBeNull()
    expect(certFetches()).toBe(2)
    // The next interval allows the next fetch.
    expect(await verifyAccessJwt(forged[0]!, config, at + 31_000)).toBeNull()
    expect(certFetches()).toBe(3)
  })
})
