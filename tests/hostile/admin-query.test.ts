/** Property tests for the admin query parser (src/admin/validate.ts): valid queries or a 400 naming the parameter, nothing else. */
import fc from 'fast-check'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it } from 'vitest'
import { COMMENT_STATUSES } from '../../src/db/schema'
import { decodeCursor, encodeCursor } from '../../src/admin/store'
import { parseCommentQuery } from '../../src/admin/validate'
import { hostileString, RUNS } from './arbitraries'
import { isSlug } from '../../src/content/slugs'

const PARAMS = ['status', 'essay', 'q', 'cursor', 'limit'] as const
const value = fc.oneof(
  hostileString(50),
  fc.constantFrom(
    'pending',
    'approved',
    'spam',
    'trash',
    'all',
    '',
    '0',
    '1',
    '100',
    '101',
    '-1',
    '1e2',
    '0x10',
    ' 5',
    'my-essay',
    'a--b',
    'A',
  ),
  fc.integer({ min: -5, max: 300 }).map(String),
  fc.string({ minLength: 195, maxLength: 260 }),
  fc.tuple(fc.integer(), hostileString(20)).map(([n, s]) => encodeCursor(n, s)),
)

describe('parseCommentQuery', () => {
  it('returns a well-formed query or throws a 400 whose message names the parameter', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...PARAMS), value), (query) => {
        let parsed: ReturnType<typeof parseCommentQuery>
        try {
          parsed = parseCommentQuery(query, { limit: 50, status: 'pending' })
        } catch (error) {
          expect(error).toBeInstanceOf(HTTPException)
          const e = error as HTTPException
          expect(e.status).toBe(400)
          expect(PARAMS.some((p) => e.message.startsWith(`${p} `))).toBe(true)
          return
        }
        if (parsed.status !== undefined) expect(COMMENT_STATUSES).toContain(parsed.status)
        expect(Number.isInteger(parsed.limit) && parsed.limit >= 1 && parsed.limit <= 100).toBe(
          true,
        )
        // Slugs may be in any script (src/content/slugs.ts): the filter keeps only what is one.
        if (parsed.essay !== undefined) expect(isSlug(parsed.essay)).toBe(true)
        if (parsed.q !== undefined) {
          expect(parsed.q.length).toBeGreaterThan(0)
          expect(parsed.q.length).toBeLessThanOrEqual(200)
        }
        if (parsed.cursor !== undefined)
          expect(Number.isSafeInteger(parsed.cursor.createdAt)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('decodeCursor never throws and round-trips what encodeCursor made', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostileString(60), fc.base64String()),
        fc.integer({ min: 0, max: 2 ** 52 }),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
        (junk, at, id) => {
          const decoded = decodeCursor(junk)
          if (decoded)
            expect(Number.isSafeInteger(decoded.createdAt) && typeof decoded.id === 'string').toBe(
              true,
            )
          expect(decodeCursor(encodeCursor(at, id))).toEqual({ createdAt: at, id })
        },
      ),
      { numRuns: RUNS },
    )
  })
})
