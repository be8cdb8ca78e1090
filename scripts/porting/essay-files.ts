import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import YAML from 'yaml'
import { isSlug, slugify } from '../../src/content/slugs.ts'

export interface EssayFile {
  slug: string
  title: string
  date: string
  updated?: string
  description: string
  tags: string[]
  categories: string[]
  author?: string
  draft: boolean
  page: boolean
  body: string
}

/**
 * A slug the content build accepts, from a WordPress post_name or a title. WordPress stores
 * non-ASCII post_names percent-encoded ("%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-3"): decoded,
 * they keep their words ("επίπεδο-3"), as do titles ("Επίπεδο 3" -> "επίπεδο-3", "Café Culture" ->
 * "café-culture"): the one slug rule, src/content/slugs.ts. At most 80 letters.
 */
export function toSlug(value: string): string {
  let decoded = value
  try {
    decoded = decodeURIComponent(value)
  } catch {
    // Not percent-encoded after all.
  }
  const slug = slugify(decoded, 80)
  return isSlug(slug) ? slug : ''
}

/** The Markdown file: YAML front matter (quoted wherever YAML needs it) and the body. */
export function renderEssay(essay: EssayFile): string {
  const front: Record<string, unknown> = {
    title: essay.title,
    slug: essay.slug,
    date: essay.date,
  }
  if (essay.updated && essay.updated > essay.date) front.updated = essay.updated
  front.description = essay.description
  if (essay.tags.length) front.tags = essay.tags
  if (essay.categories.length) front.categories = essay.categories
  if (essay.author) front.author = essay.author
  if (essay.draft) front.draft = true
  if (essay.page) front.page = true
  const yaml = YAML.stringify(front, { lineWidth: 0, defaultStringType: 'PLAIN' })
  return `---\n${yaml}---\n\n${essay.body.trim()}\n`
}

export type FileOutcome = 'written' | 'exists'

export function fileFor(contentDir: string, slug: string): string {
  return join(contentDir, `${slug}.md`)
}

/** Whether the essay's file is already there (never overwritten without --force). */
export function essayExists(contentDir: string, slug: string): boolean {
  return existsSync(fileFor(contentDir, slug))
}

export async function writeEssays(contentDir: string, essays: EssayFile[]): Promise<void> {
  await mkdir(contentDir, { recursive: true })
  for (const essay of essays) await writeFile(fileFor(contentDir, essay.slug), renderEssay(essay))
}
