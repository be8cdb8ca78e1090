/**
 * Linear-time trims for untrusted text. Regular expressions such as /\s+$/ or /^\s+|\s+$/g retry
 * from every position of a long run that is not at the end, which is quadratic (one comment with
 * 128,000 spaces in the middle once held the worker for 17 s); these loops look at each character once.
 */

/** `text` without any of `chars` at its start. */
export function trimStartChars(text: string, chars: string): string {
  let start = 0
  while (start < text.length && chars.includes(text[start]!)) start++
  return start === 0 ? text : text.slice(start)
}

/** `text` without any of `chars` at its end. */
export function trimEndChars(text: string, chars: string): string {
  let end = text.length
  while (end > 0 && chars.includes(text[end - 1]!)) end--
  return end === text.length ? text : text.slice(0, end)
}

/** `text` without any of `chars` at either end. */
export function trimChars(text: string, chars: string): string {
  return trimStartChars(trimEndChars(text, chars), chars)
}

/**
 * Shortening text to a limit (share text, excerpts, notifications). Networks count user-perceived characters
 * (grapheme clusters), so a cut must never land inside one: half a family emoji or a
 * letter without its accent is worse than a shorter text. Intl.Segmenter exists in workerd.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

export const ELLIPSIS = '…'

export type Measure = (grapheme: string) => number

/** Every grapheme counts 1 (Bluesky, Mastodon, Threads, Reddit, ...). */
export const perGrapheme: Measure = () => 1

export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (part) => part.segment)
}

export function measure(text: string, weigh: Measure = perGrapheme): number {
  let total = 0
  for (const grapheme of graphemes(text)) total += weigh(grapheme)
  return total
}

/**
 * `text` if it fits in `limit`, else its longest grapheme-whole prefix plus "…" that fits.
 * Never returns more than `limit` (by `weigh`); a limit too small for the ellipsis gives ''.
 */
export function cutText(text: string, limit: number, weigh: Measure = perGrapheme): string {
  const parts = graphemes(text)
  let total = 0
  for (const part of parts) total += weigh(part)
  if (total <= limit) return text
  const budget = limit - weigh(ELLIPSIS)
  if (budget < 0) return ''
  let used = 0
  const kept: string[] = []
  for (const part of parts) {
    const weight = weigh(part)
    if (used + weight > budget) break
    used += weight
    kept.push(part)
  }
  // Drop trailing whitespace whole graphemes at a time: a code-point trimEnd() could split a
  // cluster such as Prepend + space (U+0600 U+0020), leaving half of it before the ellipsis.
  while (kept.length && /^\s+$/u.test(kept[kept.length - 1]!)) kept.pop()
  return kept.join('') + ELLIPSIS
}
