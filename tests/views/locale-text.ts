import { en, type Messages } from '../../src/views/locales/en'

/**
 * The literal text of an English message: a plain string as it is; a message with values as the
 * pieces around its values (a marker stands for each value, numbers are 2).
 */
function piecesOf(message: Messages[keyof Messages]): string[] {
  if (typeof message === 'string') return [message]
  const values = new Proxy(
    {},
    { get: (_, key) => (key === 'count' || key === 'total' ? 2 : '\u0001') },
  )
  return (message as (v: unknown) => string)(values).split(/\u0001|2/)
}

const letters = (text: string) => (text.match(/\p{L}/gu) ?? []).length

/**
 * English interface text that must not appear in a page rendered in `locale`: every piece of the
 * English table with three letters or more, except pieces the locale uses too ("RSS", "Essays").
 */
export function englishOnly(locale: Messages): string[] {
  const shared = new Set(Object.values(locale).flatMap((message) => piecesOf(message)))
  const found = new Set<string>()
  for (const message of Object.values(en))
    for (const raw of piecesOf(message)) {
      const piece = raw.trim().replace(/^[\s,.:;·←→“”"()*]+|[\s,.:;·←→“”"()*]+$/gu, '')
      if (letters(piece) >= 3 && !shared.has(raw) && !shared.has(piece)) found.add(piece)
    }
  return [...found]
}

/** The English pieces that occur in `text` as whole words (a letter on neither side). */
export function englishIn(text: string, pieces: string[]): string[] {
  return pieces.filter((piece) => {
    let from = 0
    for (;;) {
      const at = text.indexOf(piece, from)
      if (at < 0) return false
      const before = text[at - 1] ?? ' '
      const after = text[at + piece.length] ?? ' '
      if (!/\p{L}/u.test(before) && !/\p{L}/u.test(after)) return true
      from = at + 1
    }
  })
}
