import { validator } from 'hono/validator'
import * as v from 'valibot'
import { findEssay } from '../content/catalog'
import type { Essay } from '../content/types'
import { essaySlug, parseOr } from './schema'

/**
 * The path and query pieces the essay page and the comment routes share, as valibot schemas at the
 * edge of each route: an essay's `:slug` (the one "unknown essay" answer) and page numbers.
 * Shared by src/essays and src/comments, which may not import each other's routes.
 */

export const UNKNOWN_ESSAY = 'There is no essay at this address.'
export { NOTHING_HERE } from './errors'

/** A slug that names a bundled essay, parsed into that essay. */
export const knownEssay = v.pipe(
  essaySlug,
  v.rawTransform<string, Essay>(({ dataset, addIssue, NEVER }) => {
    const essay = findEssay(dataset.value)
    if (essay) return essay
    addIssue({ message: UNKNOWN_ESSAY })
    return NEVER
  }),
)

/** `:slug` as its essay (`c.req.valid('param').essay`), or the 404 "There is no essay at this address." */
export const essayParam = () =>
  validator('param', (params: Record<string, string>) => ({
    essay: parseOr(knownEssay, params.slug, { status: 404, message: UNKNOWN_ESSAY }) as Essay,
  }))

/** A 1-based page number as a query value ("?cpage=2", "?page=2"): up to six digits, no sign, no zero. */
export const pageNumber = v.pipe(
  v.string(),
  v.regex(/^[1-9][0-9]{0,5}$/, 'must be a whole number from 1'),
  v.transform(Number),
)

/** A query value as `c.req.query(name)` reads it: the first of a repeated parameter. */
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

type QuerySchemas = Record<string, v.GenericSchema>

/**
 * Route middleware: each named query parameter through its schema (`c.req.valid('query')`); any
 * other parameter is ignored. A failure is the one answer `message` at `status`, naming the
 * parameter in the message rather than in per-field messages (a URL is not a form to correct).
 */
export function validQuery<S extends QuerySchemas>(
  schemas: S,
  options: { status: 400 | 404; message: string },
) {
  return validator('query', (query: Record<string, string | string[]>) => {
    const parsed: Record<string, unknown> = {}
    for (const [name, schema] of Object.entries(schemas))
      parsed[name] = parseOr(schema, first(query[name]), options)
    return parsed as { [K in keyof S]: v.InferOutput<S[K]> }
  })
}
