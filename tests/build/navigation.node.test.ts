import { describe, expect, it } from 'vitest'
import { collectTagSlugs, ContentError, parseEssay } from '../../scripts/build/essay.ts'
import { parseSite } from '../../scripts/build/site.ts'
import { tagSlug, tagSlugsOf } from '../../src/content/tags.ts'

const FILE = 'content/site.json'
const base = {
  title: 'T',
  description: 'D',
  author: 'A',
  lang: 'en',
  copyright: '©',
}

describe('content/site.json: perPage and feedItems', () => {
  it('default to 20 when absent', () => {
    expect(parseSite(FILE, base)).toMatchObject({ perPage: 20, feedItems: 20 })
  })

  it('take whole numbers from 1 to 500', () => {
    expect(parseSite(FILE, { ...base, perPage: 1, feedItems: 500 })).toMatchObject({
      perPage: 1,
      feedItems: 500,
    })
  })

  it.each([
    ['perPage', 0],
    ['perPage', 2.5],
    ['perPage', '20'],
    ['perPage', null],
    ['feedItems', 501],
    ['feedItems', -1],
    ['feedItems', true],
  ])('refuse %s: %j, naming the file, the field and the range', (field, value) => {
    try {
      parseSite(FILE, { ...base, [field]: value })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ContentError)
      expect((error as ContentError).field).toBe(field)
      expect((error as Error).message).toBe(
        `${FILE}: ${field}: must be a whole number from 1 to 500: ${JSON.stringify(value)}`,
      )
    }
  })

  it('still requires the text fields', () => {
    expect(() => parseSite(FILE, { ...base, lang: '' })).toThrow(`${FILE}: lang: is missing`)
    expect(() => parseSite(FILE, [])).toThrow(`${FILE}: site: must be a JSON object`)
  })
})

describe('tag slugs', () => {
  it.each([
    ['leadership', 'leadership'],
    ['Machine Learning', 'machine-learning'],
    ['  C++ / Rust  ', 'c-rust'],
    // Issue 12: the words as written (NFC, lowercase), no longer folded to ASCII.
    ['Café au lait', 'café-au-lait'],
    ['Straße', 'straße'],
    ['web_dev--2024', 'web-dev-2024'],
  ])('%j -> %j', (text, slug) => {
    expect(tagSlug(text)).toBe(slug)
  })

  it('a tag with no ASCII words keeps its words; one with no letters at all gets a stable address', () => {
    // Issue 12 replaced the "tag-<hash>" fallback for Greek, Russian, Japanese... with the words.
    expect(tagSlug('Ηγεσία')).toBe('ηγεσία')
    expect(tagSlug('Ηγεσία')).not.toBe(tagSlug('Διοίκηση'))
    expect(tagSlug('🙂')).toMatch(/^tag-[0-9a-f]{8}$/)
    expect(tagSlug('🙂')).toBe(tagSlug('🙂'))
    expect(tagSlug('🙂')).not.toBe(tagSlug('🙃'))
  })

  it('spellings of one tag share a slug; the map keeps every display text', () => {
    expect(
      tagSlugsOf([{ tags: ['Machine Learning', 'machine-learning'] }, { tags: ['__proto__'] }]),
    ).toEqual([
      ['Machine Learning', 'machine-learning'],
      ['machine-learning', 'machine-learning'],
      ['__proto__', 'proto'],
    ])
  })

  it('two different tags with one slug fail the build, naming the file and the tags', () => {
    const essay = (slug: string, tags: string) =>
      parseEssay(
        `content/${slug}.md`,
        `---\ntitle: T\nslug: ${slug}\ndate: 2024-01-01\ndescription: D\ntags: ${tags}\n---\nBody\n`,
        { author: 'A' },
      )
    const parsed = [
      { file: 'content/a.md', essay: essay('a', '[C++]') },
      { file: 'content/b.md', essay: essay('b', '[C#]') },
    ]
    expect(() =>
      collectTagSlugs(
        parsed,
        parsed.map((p) => p.essay),
      ),
    ).toThrow('content/b.md: tags: "C#" and "C++" both make the tag address "c": rename one')
  })
})
