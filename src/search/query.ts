import { graphemes } from '../lib/text'

/**
 * What a reader typed, as FTS5 queries that can only mean "these words". Each term is quoted as an
 * FTS5 string ("..." with inner quotes doubled), so AND, OR, NOT, NEAR(, *, ^, -, : and quotes are
 * plain text, never query syntax. Terms are ANDed (FTS5's implicit operator between strings).
 */

export const MAX_QUERY_CHARS = 200
/** More terms than this add nothing a reader meant; a bound keeps the MATCH small. */
const MAX_TERMS = 12
/** The trigram tokenizer matches only strings of at least 3 characters. */
export const TRIGRAM_MIN = 3

export interface SearchQuery {
  /** For the word (unicode61) tables. */
  words: string
  /** For the trigram tables: the terms of 3+ characters, or null when there are none. */
  trigrams: string | null
  /** Terms shorter than a trigram (e.g. a two-character Japanese word): matched by substring. */
  short: string[]
}

const SEARCHABLE = /[\p{L}\p{N}]/u

export const ftsString = (term: string) => `"${term.replaceAll('"', '""')}"`

/** Whitespace-separated terms with at least one letter or digit, deduplicated, at most MAX_TERMS. */
export function searchTerms(text: string): string[] {
  const terms: string[] = []
  for (const term of text.split(/\s/u)) {
    if (term && SEARCHABLE.test(term) && !terms.includes(term)) terms.push(term)
    if (terms.length === MAX_TERMS) break
  }
  return terms
}

/** The queries for these terms, or null when nothing in them is searchable. */
export function searchQuery(text: string): SearchQuery | null {
  const terms = searchTerms(text)
  if (terms.length === 0) return null
  const long = terms.filter((term) => graphemes(term).length >= TRIGRAM_MIN)
  return {
    words: terms.map(ftsString).join(' '),
    trigrams: long.length > 0 ? long.map(ftsString).join(' ') : null,
    short: terms.filter((term) => !long.includes(term)),
  }
}
