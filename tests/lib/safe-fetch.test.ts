import { afterEach, describe, expect, it, vi } from 'vitest'
import { FetchRefused, refusalFor, safeFetch, type FetchPolicy } from '../../src/lib/safe-fetch'

const production: FetchPolicy = { local: false, allowHosts: new Set() }
const developer: FetchPolicy = { local: true, allowHosts: new Set() }

function reason(url: string, policy = production): string | null {
  return refusalFor(new URL(url), policy)?.reason ?? null
}

afterEach(() => vi.restoreAllMocks())

describe('refusalFor', () => {
  it('allows public https and refuses plain http in production', () => {
    expect(reason('https://example.com/post')).toBeNull()
    expect(reason('http://example.com/post')).toBe('scheme')
    expect(reason('ftp://example.com/post')).toBe('scheme')
  })

  it.each([
    'https://localhost/',
    'https://app.localhost/',
    'https://127.0.0.1/',
    'https://2130706433/', // 127.0.0.1 as one number: the URL parser normalises it
    'https://0x7f.1/',
    'https://10.1.2.3/',
    'https://172.20.0.1/',
    'https://192.168.1.1/',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://[::1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://[fd00::1]/',
    'https://[fe80::1]/',
    'https://printer.local/',
    'https://db.internal/',
    'https://intranet/',
  ])('refuses the private or local address %s', (url) => {
    expect(['address']).toContain(reason(url))
  })

  it('refuses URLs with credentials', () => {
    expect(reason('https://user:pw@example.com/')).toBe('bad-url')
  })

  it('allows loopback over http on a developer machine only', () => {
    expect(reason('http://localhost:8000/page', developer)).toBeNull()
    expect(reason('http://127.0.0.1:8000/page', developer)).toBeNull()
    expect(reason('http://10.0.0.1/page', developer)).toBe('address')
  })

  it('allows the hosts a test names, over http too', () => {
    const policy = { local: false, allowHosts: new Set(['fake.test']) }
    expect(reason('http://fake.test/x', policy)).toBeNull()
    expect(reason('http://other.test/x', policy)).toBe('scheme')
  })
})

describe('safeFetch', () => {
  it('follows redirects by hand and checks every hop', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const url = String(input)
      if (url === 'https://a.example/start') {
        return new Response(null, { status: 302, headers: { location: 'https://127.0.0.1/admin' } })
      }
      return new Response('secret')
    })
    await expect(safeFetch('https://a.example/start', production)).rejects.toMatchObject({
      reason: 'address',
    })
    expect(fetchSpy).toHaveBeenCalledTimes(1)
  })

  it('gives up after three redirects', async () => {
    let n = 0
    vi.spyOn(globalThis, 'fetch').mockImplementation(
      async () =>
        new Response(null, { status: 301, headers: { location: `https://a.example/${++n}` } }),
    )
    await expect(safeFetch('https://a.example/0', production)).rejects.toMatchObject({
      reason: 'redirects',
    })
    expect(n).toBe(4)
  })

  it('answers the final URL and body', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) =>
      String(input).endsWith('/old')
        ? new Response(null, { status: 308, headers: { location: '/new' } })
        : new Response('<p>hi</p>', { headers: { 'content-type': 'text/html' } }),
    )
    const res = await safeFetch('https://a.example/old', production)
    expect(res.status).toBe(200)
    expect(res.url).toBe('https://a.example/new')
    expect(res.text()).toBe('<p>hi</p>')
  })

  it('refuses a body over the limit, declared or streamed', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(
      async () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              controller.enqueue(new Uint8Array(64 * 1024))
            },
          }),
        ),
    )
    await expect(
      safeFetch('https://a.example/big', production, { maxBytes: 100_000 }),
    ).rejects.toBeInstanceOf(FetchRefused)
    vi.spyOn(globalThis, 'fetch').mockImplementation(
      async () => new Response('x', { headers: { 'content-length': '5000000' } }),
    )
    await expect(safeFetch('https://a.example/declared', production)).rejects.toMatchObject({
      reason: 'too-large',
    })
  })

  it('times out a server that never finishes', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(
      (_input, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    )
    await expect(
      safeFetch('https://a.example/slow', production, { timeoutMs: 50 }),
    ).rejects.toMatchObject({ reason: 'timeout' })
  })
})
