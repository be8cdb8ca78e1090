import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { get, SEED_SLUG, SITE } from '../helpers/http'

const ESSAY = `${SITE}/essays/${SEED_SLUG}`

function postFrom(ip: string, source: string) {
  return get('/webmention', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ip },
    body: new URLSearchParams({ source, target: ESSAY }).toString(),
  })
}

describe('POST /webmention rate limit (WEBMENTION_LIMITER)', () => {
  it('answers 429 with Retry-After past 20 a minute from one sender, storing nothing for it', async () => {
    const ip = '198.51.100.77'
    const statuses: number[] = []
    for (let i = 0; i < 21; i++)
      statuses.push((await postFrom(ip, `https://flood.example/${i}`)).status)
    expect(statuses.slice(0, 20).every((status) => status === 202)).toBe(true)
    const refused = await postFrom(ip, 'https://flood.example/last')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('Retry-After')).toBe('60')
    const row = await env.DB.prepare(`SELECT 1 FROM webmentions_received WHERE source = ?`)
      .bind('https://flood.example/last')
      .first()
    expect(row).toBeNull()
    // Another sender is not held up by the first.
    expect((await postFrom('198.51.100.78', 'https://other.example/1')).status).toBe(202)
  })
})
