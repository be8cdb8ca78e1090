import type { SiteInfo } from '../../src/content/types.ts'
import { ContentError } from './essay.ts'

/** content/site.json's optional numeric settings: their defaults and allowed range. */
export const SITE_NUMBERS = {
  perPage: { default: 20, min: 1, max: 500 },
  feedItems: { default: 20, min: 1, max: 500 },
} as const

/** Checks content/site.json's fields, naming the field in every problem, and fills the defaults. */
export function parseSite(file: string, data: unknown): SiteInfo {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new ContentError(file, 'site', 'must be a JSON object')
  const fields = data as Record<string, unknown>
  for (const field of ['title', 'description', 'author', 'lang', 'copyright']) {
    if (typeof fields[field] !== 'string' || !(fields[field] as string).trim())
      throw new ContentError(file, field, 'is missing')
  }
  const numbers = {} as Record<keyof typeof SITE_NUMBERS, number>
  for (const [field, rule] of Object.entries(SITE_NUMBERS) as Array<
    [keyof typeof SITE_NUMBERS, (typeof SITE_NUMBERS)[keyof typeof SITE_NUMBERS]]
  >) {
    const value = fields[field] === undefined ? rule.default : fields[field]
    if (!Number.isInteger(value) || (value as number) < rule.min || (value as number) > rule.max)
      throw new ContentError(
        file,
        field,
        `must be a whole number from ${rule.min} to ${rule.max}: ${JSON.stringify(value)}`,
      )
    numbers[field] = value as number
  }
  return { ...(fields as unknown as SiteInfo), ...numbers }
}
