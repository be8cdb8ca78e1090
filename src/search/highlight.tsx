/**
 * Highlighted snippets without trusting the snippet. FTS5's snippet() wraps each match in two
 * private-use characters that stored text cannot contain (they are removed from it before the index
 * sees it: see MARK_START's users), the snippet is escaped like any text by JSX, and only then do the
 * markers become <mark> elements. No snippet text is ever inserted as HTML.
 */

export const MARK_START = '\uE000'
export const MARK_END = '\uE001'
/** SQL for the markers, as snippet() arguments. */
export const MARK_SQL = `char(${MARK_START.charCodeAt(0)}), char(${MARK_END.charCodeAt(0)})`

/** Text as it may be stored in the index: the two marker characters removed. */
export const withoutMarkers = (text: string) =>
  text.replaceAll(MARK_START, '').replaceAll(MARK_END, '')

/** Snippet text with markers -> alternating plain and marked parts (an unclosed mark ends at the end). */
export function markedParts(snippet: string): Array<{ text: string; marked: boolean }> {
  const parts: Array<{ text: string; marked: boolean }> = []
  let marked = false
  let start = 0
  for (let i = 0; i <= snippet.length; i++) {
    const char = snippet[i]
    if (i === snippet.length || char === MARK_START || char === MARK_END) {
      if (i > start) parts.push({ text: snippet.slice(start, i), marked })
      if (char === MARK_START) marked = true
      else if (char === MARK_END) marked = false
      start = i + 1
    }
  }
  return parts
}

export function Snippet(props: { text: string }) {
  return (
    <>
      {markedParts(props.text).map((part) => (part.marked ? <mark>{part.text}</mark> : part.text))}
    </>
  )
}

/** Marks every occurrence of the (short) terms in plain text, for matches found by substring. */
export function markTerms(text: string, terms: string[]): string {
  let out = text
  for (const term of terms) {
    if (!term) continue
    out = out.split(term).join(MARK_START + term + MARK_END)
  }
  return out
}
