/**
 * The one slug rule (issue 12, item 2), for essays, tags and imported posts: runs of Unicode letters
 * and digits (combining marks allowed after them) joined by single hyphens, in NFC, lowercase where
 * the script has case. "management-versus-leadership", "επίπεδο-3", "привет-мир", "東京-2024".
 * Zero-width and other invisible characters are never part of a slug. URLs percent-encode slugs
 * (src/lib/urls.ts); the slug itself is always the words.
 */

/** One run starts with a letter or digit; marks may follow (é written e + U+0301 before NFC, Devanagari vowel signs). */
const SLUG = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:-[\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*$/u

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u
const MARK = /^\p{M}$/u
/** Soft hyphens, zero-width (non-)joiners and spaces, direction marks: dropped inside a word, never a break. */
const INVISIBLE = /^\p{Cf}$/u

/** Whether `text` is a slug as stored: the rule above, already NFC and lowercase. */
export function isSlug(text: string): boolean {
  return SLUG.test(text) && text === text.normalize('NFC') && text === text.toLowerCase()
}

/** The lowercase NFC form (lowercasing can decompose, e.g. "İ" -> "i̇", so normalise after it too). */
export const lowerNfc = (text: string) => text.normalize('NFC').toLowerCase().normalize('NFC')

/**
 * The words of `text` as a slug: letters and digits kept as written (NFC, lowercased), everything
 * else a word break, invisible format characters dropped. At most `maxChars` code points, never
 * cutting a letter from its marks. "" when `text` has no letters or digits.
 */
export function slugify(text: string, maxChars = Infinity): string {
  const words: string[] = []
  let word = ''
  for (const char of lowerNfc(text)) {
    if (LETTER_OR_DIGIT.test(char) || (word && MARK.test(char))) {
      word += char
    } else if (!INVISIBLE.test(char) && word) {
      words.push(word)
      word = ''
    }
  }
  if (word) words.push(word)
  const chars = [...words.join('-')]
  if (chars.length <= maxChars) return chars.join('')
  // Cut at a letter, never between a letter and its marks, and never leave a hyphen at the end.
  let end = maxChars
  while (end > 0 && MARK.test(chars[end]!)) end--
  while (end > 0 && chars[end - 1] === '-') end--
  return chars.slice(0, end).join('')
}
