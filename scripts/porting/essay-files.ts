import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import YAML from 'yaml'
import { trimChars, trimEndChars } from '../../src/lib/text.ts'

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

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** A slug the content build accepts, from a WordPress post_name (possibly percent-encoded UTF-8) or a title. */
export function toSlug(value: string): string {
  let decoded = value
  try {
    decoded = decodeURIComponent(value)
  } catch {
    // Not percent-encoded after all.
  }
  const dashed = decoded
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
  const slug = trimEndChars(trimChars(dashed, '-').slice(0, 80), '-')
  return SLUG.test(slug) ? slug : ''
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
