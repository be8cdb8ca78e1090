/**
 * The comment insert under a flaky D1: an empty answer or a transient error is tried once more
 * (same id, so it can never store twice) before a 503, and every 503 is logged with its cause and
 * the request id. The fault is injected through the DB binding, as D1 itself would show it.
 */
import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fetchWithEnv, jsonRequest, rowsByEmail, validComment } from './helpers'

type Fault = 'empty' | 'lost-answer' | 'transient'

/** env.DB whose first `faults.length` comment INSERTs misbehave as listed; everything else is real D1. */
function flakyDb(faults: Fault[]) {
  const calls = { inserts: 0 }
  const isInsert = (query: string) => /^\s*INSERT INTO comments/.test(query)
  const statement = (real: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(real, {
      get(obj, prop) {
        if (prop === 'bind') return (...args: unknown[]) => statement(obj.bind(...args))
        if (prop === 'all')
          return async () => {
            const fault = faults[calls.inserts++]
            if (fault === 'transient') throw new Error('D1_ERROR: Network connection lost.')
            if (fault === 'empty') return { results: [], success: true, meta: {} }
            const result = await obj.all()
            return fault === 'lost-answer' ? { ...result, results: [] } : result
          }
        const value = Reflect.get(obj, prop) as unknown
        return typeof value === 'function' ? value.bind(obj) : value
      },
    })
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, prop) {
        const value = Reflect.get(obj, prop) as unknown
        if (typeof value !== 'function') return value
        if (prop === 'prepare')
          return (query: string) => {
            const real = (value as (q: string) => D1PreparedStatement).call(obj, query)
            return isInsert(query) ? statement(real) : real
          }
        if (prop === 'withSession')
          return (...args: unknown[]) =>
            wrap((value as (...a: unknown[]) => object).apply(obj, args))
        return (value as (...a: unknown[]) => unknown).bind(obj)
      },
    })
  return { db: wrap(env.DB) as unknown as string, calls }
}

const logLines = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.map((args) => {
    try {
      return JSON.parse(String(args[0])) as Record<string, unknown>
    } catch {
      return {}
    }
  })

describe('the comment insert under a flaky D1', () => {
  afterEach(() => vi.restoreAllMocks())

  it('an empty first answer is tried once more and the comment is stored once (202)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { db, calls } = flakyDb(['empty'])
    const comment = validComment()
    const res = await fetchWithEnv({ DB: db }, jsonRequest(comment))
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as { id: string }
    expect(calls.inserts).toBe(2)
    const rows = await rowsByEmail(comment.email)
    expect(rows.map((row) => row.id)).toEqual([id])
    const line = logLines(warn).find((entry) => entry.commentId === id)
    expect(line).toMatchObject({ level: 'warn', requestId: expect.any(String) })
  })

  it('a row stored although its answer was lost is found by its id: 202 with that id, one row', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { db } = flakyDb(['lost-answer'])
    const comment = validComment()
    const res = await fetchWithEnv({ DB: db }, jsonRequest(comment))
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as { id: string }
    expect((await rowsByEmail(comment.email)).map((row) => row.id)).toEqual([id])
  })

  it('a transient D1 error is tried once more (202, one row)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { db, calls } = flakyDb(['transient'])
    const comment = validComment()
    const res = await fetchWithEnv({ DB: db }, jsonRequest(comment))
    expect(res.status).toBe(202)
    expect(calls.inserts).toBe(2)
    expect(await rowsByEmail(comment.email)).toHaveLength(1)
  })

  it('empty twice: 503 "storage", nothing stored, and the cause logged with the request id', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { db, calls } = flakyDb(['empty', 'empty'])
    const comment = validComment()
    const res = await fetchWithEnv({ DB: db }, jsonRequest(comment))
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: string }).error).toMatch(/could not be saved/)
    expect(calls.inserts).toBe(2)
    expect(await rowsByEmail(comment.email)).toHaveLength(0)
    const requestId = res.headers.get('X-Request-Id')
    const line = logLines(error).find((entry) => entry.requestId === requestId)
    expect(line).toMatchObject({
      level: 'error',
      message: expect.stringMatching(/stored nothing/),
      cause: expect.any(String),
    })
  })

  it('a non-transient error is not retried: 503, logged with the request id', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await fetchWithEnv(
      {
        DB: new Proxy(env.DB, {
          get(obj, prop) {
            if (prop === 'withSession')
              return () => ({
                prepare: (query: string) => {
                  if (/^\s*INSERT/.test(query)) throw new Error('D1_ERROR: no such column: x')
                  return obj.prepare(query)
                },
                getBookmark: () => null,
              })
            const value = Reflect.get(obj, prop) as unknown
            return typeof value === 'function' ? value.bind(obj) : value
          },
        }) as unknown as string,
      },
      jsonRequest(validComment()),
    )
    expect(res.status).toBe(503)
    const requestId = res.headers.get('X-Request-Id')
    expect(logLines(error).find((entry) => entry.requestId === requestId)).toMatchObject({
      level: 'error',
      error: expect.stringContaining('no such column'),
    })
  })
})
