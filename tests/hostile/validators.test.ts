/** Property tests for the comment validator (src/comments/validate.ts): total, honest and idempotent. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { byteLength, FIELDS, LIMITS, validateComment } from '../../src/comments/validate'
import { hostileString, isWellFormed, RUNS, wellFormedString } from './arbitraries'

const LABEL = {
  name: 'Name',
  email: 'Email',
  website: 'Website',
  body: 'Comment',
  parentId: 'Reply target',
} as const
const anyJson = fc.oneof(hostileString(300), fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined))
const email = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9._+-]{1,20}$/),
    fc.stringMatching(/^[a-z0-9]{1,10}\.[a-z]{2,6}$/),
  )
  .map(([l, d]) => `${l}@${d}`)
const plausible = fc.record({
  name: fc.oneof(wellFormedString(60), hostileString(60)),
  email: fc.oneof(email, hostileString(30)),
  website: fc.oneof(fc.constant(''), fc.webUrl(), hostileString(30)),
  body: fc.oneof(wellFormedString(400), hostileString(400)),
})

describe('validateComment', () => {
  it('never throws, whatever JSON arrives, and names only known fields with their label', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...FIELDS, 'extra', '__proto__', 'constructor'), anyJson),
        (raw) => {
          const result = validateComment(raw)
          if (!result.ok) {
            for (const [field, message] of Object.entries(result.errors)) {
              expect(FIELDS).toContain(field)
              expect(message).toContain(LABEL[field as keyof typeof LABEL])
            }
          }
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('accepts only storable values within every limit', () => {
    fc.assert(
      fc.property(plausible, (raw) => {
        const result = validateComment(raw)
        if (!result.ok) return
        const v = result.value
        for (const text of [v.name, v.email, v.website ?? '', v.body]) {
          expect(isWellFormed(text)).toBe(true)
          expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff\r]/)
          expect(text).toBe(text.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, ''))
        }
        expect(v.name.trim()).not.toBe('')
        expect([...v.name].length).toBeLessThanOrEqual(LIMITS.name)
        expect(v.email.length).toBeLessThanOrEqual(LIMITS.email)
        expect(v.email).toMatch(/^[^@\s]+@[^@\s]+\.[^@\s]+$/)
        if (v.website !== null) {
          expect(new URL(v.website).protocol).toMatch(/^https?:$/)
          expect([...v.website].length).toBeLessThanOrEqual(LIMITS.website)
        }
        expect(v.body.trim()).not.toBe('')
        expect(byteLength(v.body)).toBeLessThanOrEqual(LIMITS.bodyBytes)
      }),
      { numRuns: RUNS },
    )
  })

  it('is idempotent: a stored value validates to itself', () => {
    fc.assert(
      fc.property(plausible, (raw) => {
        const first = validateComment(raw)
        if (!first.ok) return
        const again = validateComment({ ...first.value })
        expect(again).toEqual(first)
      }),
      { numRuns: RUNS },
    )
  })

  it('keeps any well-formed text exactly, apart from outer whitespace and CRLF -> LF', () => {
    fc.assert(
      fc.property(
        wellFormedString(200).filter(
          (s) =>
            !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/.test(s) &&
            s.trim() !== '',
        ),
        (body) => {
          const result = validateComment({ name: 'A', email: 'a@example.com', body })
          expect(result.ok).toBe(true)
          if (result.ok)
            expect(result.value.body).toBe(
              body.replace(/\r\n?/g, '\n').replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, ''),
            )
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('holds each limit at its edge and refuses one past it', () => {
    const ok = { name: 'A', email: 'a@example.com', body: 'x' }
    expect(validateComment({ ...ok, name: 'é'.repeat(LIMITS.name) }).ok).toBe(true)
    expect(validateComment({ ...ok, name: 'é'.repeat(LIMITS.name + 1) })).toMatchObject({
      ok: false,
      errors: { name: expect.stringContaining('Name') },
    })
    expect(validateComment({ ...ok, body: '€'.repeat(LIMITS.bodyBytes / 5) + 'xx' }).ok).toBe(true)
    const local = 'a'.repeat(LIMITS.email - '@example.com'.length)
    expect(validateComment({ ...ok, email: `${local}@example.com` }).ok).toBe(true)
    expect(validateComment({ ...ok, email: `${local}a@example.com` }).ok).toBe(false)
  })
})
