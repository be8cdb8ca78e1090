import { describe, expect, it } from 'vitest'
import { generateEssay, TAG_POOL } from '../../scripts/bench/scale-content.ts'
import { parseEssay } from '../../scripts/build/essay.ts'

describe('the scale bench content generator', () => {
  it('writes essays the build accepts: about 1,500 words, 3 tags of the pool of 40', () => {
    expect(new Set(TAG_POOL).size).toBe(40)
    for (const i of [0, 1, 999, 4999]) {
      const { slug, markdown } = generateEssay(i)
      const essay = parseEssay(`content/${slug}.md`, markdown, { author: 'Bench' })
      expect(essay.slug).toBe(slug)
      expect(essay.wordCount).toBeGreaterThanOrEqual(1500)
      expect(essay.wordCount).toBeLessThan(1700)
      expect(essay.tags).toHaveLength(3)
      expect(new Set(essay.tags).size).toBe(3)
      for (const tag of essay.tags) expect(TAG_POOL).toContain(tag)
      expect(essay.html).toContain('<p>')
    }
  })

  it('is deterministic and gives every essay its own slug and date', () => {
    expect(generateEssay(7).markdown).toBe(generateEssay(7).markdown)
    expect(generateEssay(7).markdown).not.toBe(generateEssay(8).markdown)
    const a = parseEssay('a.md', generateEssay(0).markdown, { author: 'Bench' })
    const b = parseEssay('b.md', generateEssay(4999).markdown, { author: 'Bench' })
    expect(a.date.slice(0, 10)).toBe('2010-01-01')
    expect(b.date > a.date).toBe(true)
    expect(a.slug).not.toBe(b.slug)
  })
})
