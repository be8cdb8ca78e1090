import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cutText, ELLIPSIS, graphemes, measure } from '../../src/lib/text'
import { xWeight } from '../../src/share/text'

const FAMILY = '👩‍👩‍👧‍👦' // four people joined by ZWJ: 7 code points, 11 UTF-16 units, 1 grapheme
const FLAG = '🇫🇷'
const E_ACUTE_HAT = 'e\u0301\u0302' // e + two combining marks: 1 grapheme

/** The kept part is a prefix of the input made of whole graphemes. */
function expectWholeGraphemePrefix(input: string, output: string) {
  const kept =
    output.endsWith(ELLIPSIS) && !input.startsWith(output)
      ? output.slice(0, -ELLIPSIS.length)
      : output
  expect(input.startsWith(kept)).toBe(true)
  const inputBoundaries = new Set<number>([0])
  let at = 0
  for (const part of graphemes(input)) inputBoundaries.add((at += part.length))
  expect(
    inputBoundaries.has(kept.length),
    `cut at UTF-16 index ${kept.length} splits a grapheme`,
  ).toBe(true)
}

describe('cutText', () => {
  it('returns text that fits unchanged, exactly at the limit too', () => {
    expect(cutText('abc', 3)).toBe('abc')
    expect(cutText(`ab${FAMILY}`, 3)).toBe(`ab${FAMILY}`)
    expect(cutText('', 0)).toBe('')
  })

  it('cuts with an ellipsis inside the limit', () => {
    expect(cutText('abcdef', 4)).toBe('abc…')
    expect(measure(cutText('abcdef', 4))).toBe(4)
  })

  it('keeps a ZWJ emoji sequence whole when it ends exactly at the cut', () => {
    const text = `${'x'.repeat(8)}${FAMILY}yz` // 11 graphemes
    expect(cutText(text, 10)).toBe(`${'x'.repeat(8)}${FAMILY}…`)
  })

  it('drops a ZWJ emoji sequence whole when it straddles the cut', () => {
    const text = `${'x'.repeat(8)}${FAMILY}yz`
    expect(cutText(text, 9)).toBe(`${'x'.repeat(8)}…`)
    expect(cutText(text, 9)).not.toContain('\u200d')
  })

  it('never separates a letter from its combining marks at the limit', () => {
    const text = `ab${E_ACUTE_HAT}cd` // 5 graphemes
    expect(cutText(text, 4)).toBe(`ab${E_ACUTE_HAT}…`)
    expect(cutText(text, 3)).toBe('ab…')
  })

  it('keeps regional-indicator flags whole', () => {
    expect(cutText(`${FLAG}${FLAG}${FLAG}`, 2)).toBe(`${FLAG}…`)
  })

  it('trims whitespace before the ellipsis and gives up below the ellipsis width', () => {
    expect(cutText('one two three', 5)).toBe('one…')
    expect(cutText('abc', 0)).toBe('')
  })

  it('property: never exceeds the limit, never splits a grapheme', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', ' ', 'é', 'e\u0301', FAMILY, FLAG, 'שלום', '中', '\u200f', '🏳️‍🌈'),
      maxLength: 60,
    })
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 80 }), (input, limit) => {
        const output = cutText(input, limit)
        expect(measure(output)).toBeLessThanOrEqual(Math.max(limit, 0))
        expectWholeGraphemePrefix(input, output)
        if (measure(input) <= limit) expect(output).toBe(input)
      }),
      { numRuns: 500 },
    )
  })
})

describe('xWeight (twitter-text v3 weighting)', () => {
  it('counts Latin as 1, CJK as 2, any emoji sequence as 2', () => {
    expect(measure('Hello', xWeight)).toBe(5)
    expect(measure('中文', xWeight)).toBe(4)
    expect(measure(FAMILY, xWeight)).toBe(2)
    expect(measure(FLAG, xWeight)).toBe(2)
    expect(measure('“quoted” — dash', xWeight)).toBe(15)
  })

  it('cuts CJK text by weight, not by count', () => {
    const output = cutText('中'.repeat(300), 256, xWeight)
    expect(measure(output, xWeight)).toBeLessThanOrEqual(256)
    expect(output).toBe(`${'中'.repeat(127)}…`)
  })
})
