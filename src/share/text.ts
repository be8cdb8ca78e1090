/**
 * Share-specific weights for the grapheme-safe cutting in src/lib/text.ts (`cutText(text, limit, xWeight)`).
 */
import type { Measure } from '../lib/text'

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
