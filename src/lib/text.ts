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
