import { env } from 'cloudflare:test'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppEnv } from '../../src/env'
import { errorHandler } from '../../src/lib/errors'

function appThatThrows(error: Error) {
  const app = new Hono<AppEnv>()
  app.use('*', requestId())
  app.get('/page', () => {
    throw error
  })
  app.get('/api/thing', () => {
    throw error
  })
  app.onError(errorHandler())
  return app
}

afterEach(() => vi.restoreAllMocks())

describe('errorHandler', () => {
  it('hides an unexpected error behind a generic 500 page and logs one JSON line with the request id', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await appThatThrows(new Error('db password is hunter2')).request('/page', {}, env)
    expect(res.status).toBe(500)
    const html = await res.text()
    expect(html).toContain('Something went wrong')
    expect(html).not.toContain('hunter2')
    expect(log).toHaveBeenCalledOnce()
    const line = JSON.parse(log.mock.calls[0]![0] as string)
    expect(line).toMatchObject({ level: 'error', path: '/page', message: 'db password is hunter2' })
    expect(line.requestId).toBe(res.headers.get('X-Request-Id'))
  })

  it('answers JSON on /api paths', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await appThatThrows(new Error('boom')).request('/api/thing', {}, env)
    expect(res.status).toBe(500)
    const body = (await res.json()) as { error: string }
    expect(body.error).toMatch(/Something went wrong/)
    expect(body.error).not.toContain('boom')
  })

  it('keeps the status and message of an intended HTTPException, without logging', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await appThatThrows(new HTTPException(409, { message: 'Already there.' })).request(
      '/api/thing',
      {},
      env,
    )
    expect(res.status).toBe(409)
    expect(await res.json()).toEqual({ error: 'Already there.', fields: {} })
    expect(log).not.toHaveBeenCalled()
  })
})
