import { essays } from '../generated/content'
import type { Essay } from './types'

const bySlug = new Map(essays.map((essay) => [essay.slug, essay]))

/** Essays newest first, as the build ordered them. */
export function listEssays(): readonly Essay[] {
  return essays
}

export function findEssay(slug: string): Essay | undefined {
  return bySlug.get(slug)
}

/** The newest change across all essays: feeds' and the sitemap's "updated". */
export function lastUpdated(): string {
  return essays.reduce(
    (latest, essay) => (essay.updated > latest ? essay.updated : latest),
    '1970-01-01T00:00:00.000Z',
  )
}
