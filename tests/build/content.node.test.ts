import { describe, expect, it } from 'vitest'
import { collectEssays, ContentError, parseEssay } from '../../scripts/build/essay.ts'

const defaults = { author: 'Site Author' }

function source(
  front: Record<string, string | undefined>,
  body = 'Some words, “quoted” -- and more.',
) {
  const lines = Object.entries(front)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`)
  return `---\n${lines.join('\n')}\n---\n\n${body}\n`
}

const valid = { title: 'A Title', slug: 'a-title', date: '2024-02-03', description: 'About it.' }

describe('parseEssay', () => {
  it('renders Markdown to HTML with typography, and counts words and reading time', () => {
    const essay = parseEssay(
      'content/a.md',
      source(valid, `Plain "quotes" -- dashes.\n\n> A quote\n\n${'word '.repeat(460)}`),
      defaults,
    )
    expect(essay.html).toContain('<p>Plain “quotes” – dashes.</p>')
    expect(essay.html).toContain('<blockquote>')
    const long = parseEssay('content/b.md', source(valid, 'word '.repeat(460)), defaults)
    expect(long.wordCount).toBe(460)
    expect(long.readingMinutes).toBe(3)
    expect(essay).toMatchObject({
      slug: 'a-title',
      date: '2024-02-03T00:00:00.000Z',
      updated: '2024-02-03T00:00:00.000Z',
      author: 'Site Author',
      draft: false,
      tags: [],
    })
  })

  it('reads the optional fields', () => {
    const essay = parseEssay(
      'content/a.md',
      source({ ...valid, updated: '2024-03-01', author: 'Ada', tags: '[one, two]', draft: 'true' }),
      defaults,
    )
    expect(essay).toMatchObject({
      updated: '2024-03-01T00:00:00.000Z',
      author: 'Ada',
      tags: ['one', 'two'],
      draft: true,
    })
  })

  it.each([
    ['title', { ...valid, title: undefined }, /content\/bad\.md: title: is missing/],
    ['slug', { ...valid, slug: 'Not A Slug' }, /content\/bad\.md: slug: must be lowercase/],
    ['date', { ...valid, date: 'yesterday' }, /content\/bad\.md: date: is not a valid date/],
    ['date', { ...valid, date: '2024-13-45' }, /content\/bad\.md: date: is not a valid date/],
    ['date', { ...valid, date: undefined }, /content\/bad\.md: date: is missing/],
    [
      'description',
      { ...valid, description: undefined },
      /content\/bad\.md: description: is missing/,
    ],
    [
      'updated',
      { ...valid, updated: '2020-01-01' },
      /content\/bad\.md: updated: is earlier than date/,
    ],
    ['draft', { ...valid, draft: 'maybe' }, /content\/bad\.md: draft: must be true or false/],
  ])('rejects a bad %s, naming the file and the field', (field, front, message) => {
    expect(() => parseEssay('content/bad.md', source(front), defaults)).toThrow(message)
    try {
      parseEssay('content/bad.md', source(front), defaults)
    } catch (error) {
      expect(error).toBeInstanceOf(ContentError)
      expect((error as ContentError).field).toBe(field)
    }
  })

  it('rejects front matter that is not YAML', () => {
    expect(() =>
      parseEssay('content/bad.md', '---\ntitle: [unclosed\n---\nbody', defaults),
    ).toThrow(/content\/bad\.md: front matter: is not valid YAML/)
  })
})

describe('collectEssays', () => {
  const essay = (slug: string, date: string, draft = false) => ({
    file: `content/${slug}.md`,
    essay: parseEssay(
      `content/${slug}.md`,
      source({ ...valid, slug, date, draft: String(draft) }),
      defaults,
    ),
  })

  it('orders newest first and leaves drafts out of a production build', () => {
    const all = [
      essay('old', '2020-01-01'),
      essay('new', '2024-01-01'),
      essay('wip', '2025-01-01', true),
    ]
    expect(collectEssays(all, { includeDrafts: false }).map((e) => e.slug)).toEqual(['new', 'old'])
    expect(collectEssays(all, { includeDrafts: true }).map((e) => e.slug)).toEqual([
      'wip',
      'new',
      'old',
    ])
  })

  it('fails on a duplicate slug, naming both files', () => {
    const first = essay('same', '2020-01-01')
    const second = { ...essay('same', '2021-01-01'), file: 'content/other.md' }
    expect(() => collectEssays([first, second], { includeDrafts: false })).toThrow(
      'content/other.md: slug: duplicates the slug of content/same.md',
    )
  })
})
