import { describe, expect, it } from 'vitest'
import { checkLocales } from '../../scripts/build/content.ts'
import { LOCALES, localeFor, missingKeys, textDirection } from '../../src/views/locales/index.ts'
import { en } from '../../src/views/locales/en.ts'

describe('locale tables', () => {
  it('ships English, German and Greek, each with every key of the English table', () => {
    expect(Object.keys(LOCALES).sort()).toEqual(['de', 'el', 'en'])
    for (const table of Object.values(LOCALES)) expect(missingKeys(table)).toEqual([])
  })

  it('names a missing key, and a message whose kind differs (text where values are needed)', () => {
    const { postComment: _dropped, ...partial } = { ...LOCALES.de! }
    expect(missingKeys(partial)).toEqual(['postComment'])
    expect(missingKeys({ ...LOCALES.de!, minRead: '2 Min.' })).toEqual(['minRead'])
    // The admin's, the picker's and the share script's keys are checked the same way.
    const { auditHeading: _a, instanceProblem: _i, linkCopied: _l, ...noAdmin } = { ...LOCALES.el! }
    expect(missingKeys(noAdmin)).toEqual(['linkCopied', 'instanceProblem', 'auditHeading'])
  })

  it('finds a table by language tag, region or not, and none for an unknown language', () => {
    expect(localeFor('de')).toBe(LOCALES.de)
    expect(localeFor('de-AT')).toBe(LOCALES.de)
    expect(localeFor('EL')).toBe(LOCALES.el)
    expect(localeFor('fr')).toBeUndefined()
  })

  it('writes Arabic, Hebrew, Persian and Urdu right to left', () => {
    for (const lang of ['ar', 'he', 'fa', 'ur', 'he-IL']) expect(textDirection(lang)).toBe('rtl')
    for (const lang of ['en', 'de', 'el']) expect(textDirection(lang)).toBe('ltr')
  })

  it('the build refuses a lang with no locale file, saying which file to add', () => {
    expect(() => checkLocales('content/site.json', 'fr-CA')).toThrow(
      /content\/site\.json: lang: is "fr-CA", which has no interface locale: add src\/views\/locales\/fr\.ts/,
    )
    expect(() => checkLocales('content/site.json', 'el')).not.toThrow()
  })

  it('keeps the English wording of the seed-era messages exactly', () => {
    expect(en.minRead({ minutes: '2' })).toBe('2 min read')
    expect(en.submitComment).toBe('Submit a Comment')
    expect(en.tokenWrong).toBe('That token is not right.')
    expect(en.instanceProblem({ problem: en.instanceNoDot })).toBe(
      'instance: a server name has at least one dot, e.g. mastodon.social.',
    )
  })
})
