import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { collectEssays, collectTagSlugs, parseEssay } from '../../scripts/build/essay.ts'
import { isSlug, slugify } from '../../src/content/slugs.ts'
import { tagSlug } from '../../src/content/tags.ts'
import { essayPath, tagFeedPath, tagPath } from '../../src/lib/urls.ts'

/** Issue 12, item 2: slugs in any script, one rule (src/content/slugs.ts) for essays, tags and imports. */

const GREEK = 'επίπεδο-3'
const ENCODED = '%CE%B5%CF%80%CE%AF%CF%80%CE%B5%CE%B4%CE%BF-3'
const defaults = { author: 'Site Author' }

const essayFile = (slug: string, tags: string[] = []) =>
  [
    '---',
    `title: ${JSON.stringify(`Essay ${slug}`)}`,
    `slug: ${JSON.stringify(slug)}`,
    'date: 2024-03-01',
    'description: A description.',
    `tags: ${JSON.stringify(tags)}`,
    '---',
    '',
    'Body text.',
    '',
  ].join('\n')

describe('the slug rule', () => {
  it.each([
    ['management-versus-leadership', 'ASCII, unchanged'],
    [GREEK, 'Greek with its accent'],
    ['привет-мир', 'Cyrillic'],
    ['東京-2024', 'Japanese and digits'],
    ['שלום-עולם', 'Hebrew (right to left)'],
    ['مرحبا-بالعالم', 'Arabic (right to left)'],
    ['iphone-обзор-東京', 'mixed scripts'],
    ['हिन्दी', 'Devanagari with its combining vowel signs and virama'],
    ['straße', 'ß has no single-letter uppercase to fold from'],
  ])('accepts %j (%s)', (slug) => {
    expect(isSlug(slug)).toBe(true)
  })

  it.each([
    ['Привет-мир', 'uppercase Cyrillic'],
    ['My-Essay', 'uppercase ASCII'],
    ['επι\u0301πεδο-3', 'not NFC (ι + combining acute)'],
    ['επί\u200Bπεδο', 'a zero-width space'],
    ['שלום\u200F-עולם', 'a right-to-left mark'],
    ['a\u200Db', 'a zero-width joiner'],
    ['\u0301a', 'a combining mark with no letter before it'],
    ['a--b', 'a double hyphen'],
    ['-a', 'a leading hyphen'],
    ['a-', 'a trailing hyphen'],
    ['a b', 'a space'],
    ['a/b', 'a slash'],
    ['a%20b', 'a percent sign'],
    ['', 'nothing'],
  ])('refuses %j (%s)', (slug) => {
    expect(isSlug(slug)).toBe(false)
  })

  it.each([
    ['Machine Learning', 'machine-learning'],
    ['Επίπεδο 3', GREEK],
    ['ПРИВЕТ, МИР!', 'привет-мир'],
    ['Επι\u0301πεδο 3', GREEK],
    ['επί\u200Bπεδο 3', GREEK],
    ['\u202Bשלום עולם\u202C', 'שלום-עולם'],
    ['  --Café   au  lait--  ', 'café-au-lait'],
    ['東京 / 2024', '東京-2024'],
    ['🙂 ++ 🙃', ''],
  ])('slugify(%j) -> %j', (text, slug) => {
    expect(slugify(text)).toBe(slug)
    if (slug) expect(isSlug(slug)).toBe(true)
  })

  it('cuts long text at a letter, never between a letter and its marks, never at a hyphen', () => {
    expect(slugify('abc def', 4)).toBe('abc')
    // q + U+0301 has no precomposed form, so NFC leaves the mark separate.
    expect(slugify('aq\u0301c', 2)).toBe('a')
    expect(slugify('हिन्दी', 3)).toBe('हि')
    expect([...slugify('Ελληνικά '.repeat(30), 80)]).toHaveLength(80)
  })
})

describe('a Greek blog, built from a temp content dir', () => {
  async function build(files: Record<string, string>) {
    const dir = await mkdtemp(join(tmpdir(), 'edge-blog-unicode-'))
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
    const parsed = []
    for (const name of (await readdir(dir)).sort()) {
      const file = `content/${name}`
      parsed.push({
        file,
        essay: parseEssay(file, await readFile(join(dir, name), 'utf8'), defaults),
      })
    }
    const essays = collectEssays(parsed, { includeDrafts: false })
    return { essays, tagSlugs: collectTagSlugs(parsed, essays) }
  }

  it('keeps the Greek slug and the Greek tag words; ASCII tags as before', async () => {
    const { essays, tagSlugs } = await build({
      'επίπεδο-3.md': essayFile(GREEK, ['Ηγεσία', 'Machine Learning']),
      'privet.md': essayFile('привет-мир', ['Διοίκηση']),
    })
    expect(essays.map((essay) => essay.slug).sort()).toEqual([GREEK, 'привет-мир'].sort())
    expect(tagSlugs).toEqual(
      expect.arrayContaining([
        ['Ηγεσία', 'ηγεσία'],
        ['Machine Learning', 'machine-learning'],
        ['Διοίκηση', 'διοίκηση'],
      ]),
    )
  })

  it('stores a decomposed (NFD) front-matter slug as NFC, so it is the same essay', async () => {
    const { essays } = await build({ 'nfd.md': essayFile(GREEK.normalize('NFD')) })
    expect(essays[0]!.slug).toBe(GREEK)
    await expect(
      build({ 'a.md': essayFile(GREEK), 'b.md': essayFile(GREEK.normalize('NFD')) }),
    ).rejects.toThrow(`content/b.md: slug: duplicates the slug of content/a.md: "${GREEK}"`)
  })

  it.each([
    ['Привет-мир', 'uppercase Cyrillic'],
    ['επί\u200Bπεδο-3', 'a zero-width space'],
    ['שלום\u200F-עולם', 'a right-to-left mark'],
  ])('refuses %j (%s) with the same message as before', async (slug) => {
    await expect(build({ 'bad.md': essayFile(slug) })).rejects.toThrow(
      `content/bad.md: slug: must be lowercase letters, digits and single hyphens: ${JSON.stringify(slug)}`,
    )
  })

  it('a tag in uppercase Cyrillic is lowercased; mixed-script tags keep every word', () => {
    expect(tagSlug('МАШИННОЕ ОБУЧЕНИЕ')).toBe('машинное-обучение')
    expect(tagSlug('Επίπεδο 3')).toBe(GREEK)
    expect(tagSlug('C++ και Rust')).toBe('c-και-rust')
  })
})

describe('paths percent-encode the slug', () => {
  it('essay, comment-page and tag paths, ASCII unchanged', () => {
    expect(essayPath(GREEK)).toBe(`/essays/${ENCODED}`)
    expect(essayPath(GREEK, { cpage: 2, hash: 'respond' })).toBe(
      `/essays/${ENCODED}?cpage=2#respond`,
    )
    expect(essayPath('management-versus-leadership')).toBe('/essays/management-versus-leadership')
    expect(tagPath('ηγεσία', 2)).toBe('/tags/%CE%B7%CE%B3%CE%B5%CF%83%CE%AF%CE%B1/page/2')
    expect(tagFeedPath('ηγεσία', 'atom')).toBe(
      '/tags/%CE%B7%CE%B3%CE%B5%CF%83%CE%AF%CE%B1/atom.xml',
    )
    expect(tagPath('machine-learning')).toBe('/tags/machine-learning')
    expect(decodeURIComponent(essayPath(GREEK).slice('/essays/'.length))).toBe(GREEK)
  })
})
