import matter from 'gray-matter'
import MarkdownIt from 'markdown-it'
import readingTime from 'reading-time'
import YAML from 'yaml'
import { parseBlueskyPost } from '../../src/content/bluesky.ts'
import { isSlug } from '../../src/content/slugs.ts'
import { TagSlugClash, tagSlugsOf } from '../../src/content/tags.ts'
import type { Essay } from '../../src/content/types.ts'

/** A front-matter or content problem, always naming the file and the field. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field}: ${problem}`)
    this.name = 'ContentError'
  }
}

// typographer turns straight quotes and -- into curly quotes and dashes;
// text that already has them (like the seed essay) passes through unchanged.
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: true })

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

function requireString(file: string, data: Record<string, unknown>, field: string): string {
  const value = data[field]
  if (value === undefined || value === null || value === '')
    throw new ContentError(file, field, 'is missing')
  if (typeof value !== 'string') throw new ContentError(file, field, 'must be text')
  const trimmed = value.trim()
  if (!trimmed) throw new ContentError(file, field, 'is empty')
  return trimmed
}

function optionalString(
  file: string,
  data: Record<string, unknown>,
  field: string,
): string | undefined {
  if (data[field] === undefined || data[field] === null) return undefined
  return requireString(file, data, field)
}

function parseDate(
  file: string,
  data: Record<string, unknown>,
  field: string,
  required: boolean,
): string | undefined {
  const value = data[field]
  if (value === undefined || value === null || value === '') {
    if (required) throw new ContentError(file, field, 'is missing')
    return undefined
  }
  const text = typeof value === 'string' ? value.trim() : ''
  if (!ISO_DATE.test(text))
    throw new ContentError(
      file,
      field,
      `is not a valid date (use YYYY-MM-DD): ${JSON.stringify(value)}`,
    )
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number]
  const calendar = new Date(Date.UTC(year, month - 1, day))
  const parsed = new Date(text.length === 10 ? `${text}T00:00:00Z` : text)
  if (
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day ||
    Number.isNaN(parsed.getTime())
  ) {
    throw new ContentError(file, field, `is not a valid date: ${JSON.stringify(value)}`)
  }
  return parsed.toISOString()
}

function parseTags(file: string, data: Record<string, unknown>, field: string): string[] {
  const value = data[field]
  if (value === undefined || value === null) return []
  const list = typeof value === 'string' ? value.split(',') : value
  if (!Array.isArray(list) || list.some((tag) => typeof tag !== 'string')) {
    throw new ContentError(file, field, 'must be a list of text')
  }
  return list.map((tag: string) => tag.trim()).filter(Boolean)
}

function parseBoolean(file: string, data: Record<string, unknown>, field: string): boolean {
  const value = data[field]
  if (value === undefined || value === null) return false
  if (typeof value !== 'boolean') throw new ContentError(file, field, 'must be true or false')
  return value
}

/** Parses one Markdown file (front matter + body) into a rendered essay. */
export function parseEssay(file: string, source: string, defaults: { author: string }): Essay {
  let parsed: matter.GrayMatterFile<string>
  try {
    // YAML's core schema keeps dates as text, so an impossible date like 2024-13-45 is caught
    // here instead of silently rolling over. (Passing options also disables gray-matter's cache.)
    parsed = matter(source, {
      engines: { yaml: (text: string) => YAML.parse(text, { schema: 'core' }) ?? {} },
    })
  } catch (error) {
    throw new ContentError(file, 'front matter', `is not valid YAML: ${(error as Error).message}`)
  }
  const data = parsed.data as Record<string, unknown>
  const title = requireString(file, data, 'title')
  // NFC: an editor that saves decomposed text (e + U+0301) still names the same essay.
  const slug = requireString(file, data, 'slug').normalize('NFC')
  if (!isSlug(slug))
    throw new ContentError(
      file,
      'slug',
      `must be lowercase letters, digits and single hyphens: ${JSON.stringify(slug)}`,
    )
  const date = parseDate(file, data, 'date', true)!
  const updated = parseDate(file, data, 'updated', false) ?? date
  if (updated < date) throw new ContentError(file, 'updated', 'is earlier than date')
  const description = requireString(file, data, 'description')
  const body = parsed.content.trim()
  if (!body) throw new ContentError(file, 'body', 'is empty')
  const stats = readingTime(body)
  const bluesky = optionalString(file, data, 'bluesky')
  if (bluesky !== undefined && !parseBlueskyPost(bluesky))
    throw new ContentError(
      file,
      'bluesky',
      'must be https://bsky.app/profile/<handle>/post/<id> or an at:// URI',
    )
  return {
    slug,
    title,
    description,
    date,
    updated,
    author: optionalString(file, data, 'author') ?? defaults.author,
    tags: parseTags(file, data, 'tags'),
    draft: parseBoolean(file, data, 'draft'),
    page: parseBoolean(file, data, 'page'),
    html: markdown.render(body),
    wordCount: stats.words,
    readingMinutes: Math.max(1, Math.ceil(stats.minutes)),
    ...(bluesky ? { bluesky } : {}),
  }
}

/**
 * Checks the whole collection (unique slugs), drops drafts unless asked to keep them,
 * and orders essays newest first.
 */
export function collectEssays(
  parsed: Array<{ file: string; essay: Essay }>,
  options: { includeDrafts: boolean },
): Essay[] {
  const seen = new Map<string, string>()
  for (const { file, essay } of parsed) {
    const other = seen.get(essay.slug)
    if (other)
      throw new ContentError(
        file,
        'slug',
        `duplicates the slug of ${other}: ${JSON.stringify(essay.slug)}`,
      )
    seen.set(essay.slug, file)
  }
  return parsed
    .map(({ essay }) => essay)
    .filter((essay) => options.includeDrafts || !essay.draft)
    .sort((a, b) =>
      a.date === b.date ? a.slug.localeCompare(b.slug) : b.date.localeCompare(a.date),
    )
}

/**
 * Every built essay's tag texts -> their slugs (the tag pages' addresses). Two different tags that
 * would share an address fail the build, naming the file that brought the second one.
 */
export function collectTagSlugs(
  parsed: Array<{ file: string; essay: Essay }>,
  essays: Essay[],
): Array<[string, string]> {
  try {
    return tagSlugsOf(essays)
  } catch (error) {
    if (!(error instanceof TagSlugClash)) throw error
    const file =
      parsed.find(({ essay }) => essays.includes(essay) && essay.tags.includes(error.tag))?.file ??
      'content/'
    throw new ContentError(file, 'tags', error.message)
  }
}
