import { de } from './de'
import { el } from './el'
import { en, type Messages } from './en'

export type { Messages }

/** Every shipped interface language. Adding one is one file next to this and one line here. */
export const LOCALES: Record<string, Messages> = { en, de, el }

/** The table for a BCP 47 tag: exact ("pt-br"), else its language ("de-AT" -> "de"); undefined when none. */
export function localeFor(lang: string): Messages | undefined {
  const tag = lang.toLowerCase()
  return LOCALES[tag] ?? LOCALES[tag.split('-')[0]!]
}

/** Keys of the English table a locale lacks or gives the wrong kind (text vs. message with values). */
export function missingKeys(locale: Record<string, unknown>): string[] {
  return Object.entries(en)
    .filter(([key, value]) => typeof locale[key] !== typeof value)
    .map(([key]) => key)
}

/** Languages written right to left (the language part of the tag decides). */
const RTL = new Set(['ar', 'he', 'fa', 'ur'])

export const textDirection = (lang: string): 'rtl' | 'ltr' =>
  RTL.has(lang.toLowerCase().split('-')[0]!) ? 'rtl' : 'ltr'
