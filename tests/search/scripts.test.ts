import { describe, expect, it } from 'vitest'
import { addComment } from '../admin/fixtures'
import { marked, search, word } from './helpers'

/**
 * What each tokenizer folds, measured in local D1 (workerd's SQLite):
 * - words, unicode61 remove_diacritics 2: case (Latin, Greek, Cyrillic) and Latin diacritics
 *   (über = uber = ÜBER, café = cafe); NOT ß = ss, NOT ä = ae, NOT Greek accents (Επίπεδο needs ί).
 * - trigram remove_diacritics 1: the same folding, any substring of 3+ characters (CJK without spaces);
 *   strings under 3 characters match nothing, so shorter terms are matched by LIKE on that table.
 */
describe('any script', () => {
  it('German: umlauts fold both ways in any case; ß does not become ss', async () => {
    const tag = word('de')
    await addComment({ status: 'approved', body: `${tag} Die Straße über den Äpfeln, Müller` })
    for (const q of ['über', 'uber', 'ÜBER', 'äpfeln', 'apfeln', 'muller', 'Straße'])
      expect((await search(`${tag} ${q}`)).hits, q).toHaveLength(1)
    expect((await search(`${tag} strasse`)).hits).toHaveLength(0)
    expect(marked((await search(`uber ${tag}`)).hits[0]!)).toContain('über')
  })

  it('Greek: case folds, accents must be typed (unicode61 keeps Greek tonos)', async () => {
    const tag = word('el')
    await addComment({ status: 'approved', body: `${tag} Επίπεδο τρία στην Αθήνα` })
    for (const q of ['Επίπεδο', 'επίπεδο', 'ΕΠΊΠΕΔΟ', 'αθήνα'])
      expect((await search(`${tag} ${q}`)).hits, q).toHaveLength(1)
    expect((await search(`${tag} επιπεδο`)).hits).toHaveLength(0)
  })

  it('Japanese (no spaces): found by trigram, two-character words by substring, highlighted', async () => {
    const tag = `検索${word('ja').slice(-4)}`
    await addComment({ status: 'approved', body: `日本語の全文検索テストは東京都で${tag}` })
    const three = await search('東京都')
    expect(three.hits.length).toBeGreaterThan(0)
    expect(marked(three.hits[0]!)).toContain('東京都')
    const two = await search('全文')
    expect(two.hits.length).toBeGreaterThan(0)
    expect(marked(two.hits[0]!)).toContain('全文')
    expect((await search('大阪')).hits).toHaveLength(0)
  })
})
