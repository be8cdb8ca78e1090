/**
 * Cutting share text to a network's limit. Networks count user-perceived characters
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

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u

/**
 * X's weighted length (twitter-text v3 config): code points in Latin-1 through the
 * General Punctuation ranges weigh 1, everything else (CJK, most scripts beyond them) 2,
 * and any emoji sequence 2 however many code points it joins. Text is NFC-normalised first.
 */
export const xWeight: Measure = (grapheme) => {
  if (EMOJI.test(grapheme)) return 2
  let weight = 0
  for (const char of grapheme) {
    const cp = char.codePointAt(0)!
    const light =
      cp <= 4351 ||
      (cp >= 8192 && cp <= 8205) ||
      (cp >= 8208 && cp <= 8223) ||
      (cp >= 8242 && cp <= 8247)
    weight += light ? 1 : 2
  }
  return weight
}
