import { site } from '../generated/content'
import { en, type Messages } from './locales/en'
import { localeFor, textDirection } from './locales/index'

/**
 * The interface language: `lang` in content/site.json (the build refuses a lang with no locale
 * file). Read at render time, not at import, so tests can switch it with `useLocaleForTests`.
 */
let chosen: { lang: string; messages: Messages } = {
  lang: site.lang,
  messages: localeFor(site.lang) ?? en,
}

/** The locale table of this site. */
export const t = (): Messages => chosen.messages

/** The site's language tag, for <html lang> and Intl. */
export const siteLang = (): string => chosen.lang

/** "rtl" for Arabic, Hebrew, Persian and Urdu, else "ltr". */
export const siteDir = () => textDirection(chosen.lang)

/** Tests only: render as if content/site.json said `lang` (a table may be given for a stub locale). */
export function useLocaleForTests(lang: string, messages?: Messages): void {
  const found = messages ?? localeFor(lang)
  if (!found) throw new Error(`no locale file for "${lang}"`)
  chosen = { lang, messages: found }
}

const numberFormats = new Map<string, Intl.NumberFormat>()

/** A whole number in the site's locale ("1,234", "1.234"); one formatter per isolate per locale. */
export function formatNumber(value: number): string {
  let format = numberFormats.get(chosen.lang)
  if (!format) numberFormats.set(chosen.lang, (format = new Intl.NumberFormat(chosen.lang)))
  return format.format(value)
}

const englishKeys = new Map<string, keyof Messages>()
for (const [key, value] of Object.entries(en))
  if (typeof value === 'string') englishKeys.set(value, key as keyof Messages)

/**
 * A fixed English message thrown by shared code (e.g. "There is nothing at this address.") in the
 * site's language; any other text (a reader's input, a message already translated) unchanged.
 */
export function translated(message: string): string {
  const key = englishKeys.get(message)
  const value = key === undefined ? undefined : chosen.messages[key]
  return typeof value === 'string' ? value : message
}
