/**
 * Generated essays for the scale bench: Markdown with front matter, about 1,500 words of
 * paragraphs (with the odd heading, list, link and emphasis, so markdown-it does its real work),
 * 3 tags from a pool of 40. Deterministic: essay `i` is the same text on every run and machine.
 */

// prettier-ignore
export const TAG_POOL = [
  'leadership', 'management', 'teams', 'hiring', 'culture', 'strategy', 'product', 'design',
  'engineering', 'operations', 'sales', 'marketing', 'finance', 'careers', 'mentoring', 'feedback',
  'meetings', 'writing', 'remote-work', 'planning', 'metrics', 'customers', 'startups', 'growth',
  'ethics', 'communication', 'negotiation', 'decision-making', 'productivity', 'burnout',
  'coaching', 'onboarding', 'change', 'innovation', 'risk', 'budgets', 'quality', 'process',
  'learning', 'books',
]

const WORDS = (
  'the a an of to and in that is for it as with was on be by this are at from or have not but ' +
  'they which one you had all their were there we when can said what so more about if out up ' +
  'time people work team manager leader company way year day plan goal result customer account ' +
  'budget meeting question answer problem idea change process project product market report ' +
  'decision risk value trust feedback review hire role skill habit choice reason mistake lesson ' +
  'better often rarely always never quietly honestly clearly simply slowly together alone early ' +
  'late every most some few many other new old good hard small large real whole open careful ' +
  'build make take give find keep learn lead manage listen ask tell show help follow measure ' +
  'decide explain improve support choose start finish grow share notice spend remember expect'
).split(' ')

/** mulberry32: a small seeded PRNG, so the content never changes between runs. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

function words(rand: () => number, n: number): string[] {
  return Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]!)
}

function sentence(rand: () => number): string {
  const parts = words(rand, 8 + Math.floor(rand() * 15))
  if (rand() < 0.15) parts[3] = `*${parts[3]}*`
  if (rand() < 0.08) parts[5] = `[${parts[5]}](https://example.com/${parts[5]})`
  if (parts.length > 12 && rand() < 0.3) parts[6] += ','
  return `${capitalise(parts.join(' '))}${rand() < 0.1 ? '?' : '.'}`
}

function paragraph(rand: () => number): string {
  return Array.from({ length: 4 + Math.floor(rand() * 4) }, () => sentence(rand)).join(' ')
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length

export interface GeneratedEssay {
  slug: string
  tags: string[]
  /** The file's text: front matter and body. */
  markdown: string
}

/** Essay number `i` (0-based) of a generated blog, dated a day apart from 2010-01-01. */
export function generateEssay(i: number, targetWords = 1500): GeneratedEssay {
  const rand = seeded(i + 1)
  const title = capitalise(words(rand, 3 + Math.floor(rand() * 4)).join(' '))
  const slug = `essay-${String(i + 1).padStart(5, '0')}`
  const date = new Date(Date.UTC(2010, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
  const tags = new Set<string>()
  while (tags.size < 3) tags.add(TAG_POOL[Math.floor(rand() * TAG_POOL.length)]!)
  const blocks: string[] = []
  let count = 0
  while (count < targetWords) {
    let block: string
    const kind = rand()
    if (blocks.length > 2 && kind < 0.08) block = `## ${capitalise(words(rand, 4).join(' '))}`
    else if (blocks.length > 2 && kind < 0.14)
      block = Array.from({ length: 3 }, () => `- ${sentence(rand)}`).join('\n')
    else block = paragraph(rand)
    blocks.push(block)
    count += wordCount(block.replaceAll(/[#-]/g, ''))
  }
  const description = sentence(rand)
  const markdown = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `slug: ${slug}`,
    `date: ${date}`,
    `description: ${JSON.stringify(description)}`,
    `tags: [${[...tags].join(', ')}]`,
    '---',
    '',
    blocks.join('\n\n'),
    '',
  ].join('\n')
  return { slug, tags: [...tags], markdown }
}
