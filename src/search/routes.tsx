import type { Context } from 'hono'
import { Hono } from 'hono'
import * as v from 'valibot'
import { config } from '../config'
import type { AppEnv } from '../env'
import { privateNoStore } from '../lib/cache'
import { RequestError, type InputPage } from '../lib/errors'
import { charLength, parseOr, typedText } from '../lib/schema'
import { formatNumber, t } from '../views/i18n'
import { ensureEssayIndex } from './essay-index'
import { withoutMarkers } from './highlight'
import { SearchPage } from './page'
import { MAX_QUERY_CHARS, searchQuery } from './query'
import { searchIndex } from './store'

/**
 * GET /search?q=…&page=N. Answers are `private, no-store`: a result page carries what a reader typed
 * (private) and comment snippets that moderation may take back at any moment (a cached page would
 * keep showing a comment after it was marked spam or trashed).
 */

const MAX_PAGE = 1000

/** The typed text, for the page that shows the search form again with a message (400). */
class SearchFormInput {
  constructor(readonly q: string) {}
}

const pageNumber = v.pipe(
  v.optional(v.string(), '1'),
  // Messages read when a value fails, in the site's language.
  v.regex(/^[1-9]\d{0,3}$/, () => t().pageNotNumber),
  v.transform(Number),
  v.maxValue(MAX_PAGE, () => t().pageTooHigh({ max: formatNumber(MAX_PAGE) })),
)

function refuse(message: string, q: string): never {
  throw new RequestError(400, message, { fields: { q: message }, input: new SearchFormInput(q) })
}

export const searchFormPage: InputPage = async (c, error) => {
  if (!(error.input instanceof SearchFormInput)) return null
  privateNoStore(c)
  return c.html(
    <SearchPage
      siteUrl={config(c.env).siteUrl}
      q={error.input.q}
      page={1}
      message={error.message}
    />,
    error.status,
  )
}

async function search(c: Context<AppEnv>) {
  const raw = c.req.query('q') ?? ''
  const page = parseOr(pageNumber, c.req.query('page'), { status: 400 })
  const typed = v.safeParse(
    typedText(() => t().searchLabel),
    raw,
  )
  if (!typed.success) refuse(typed.issues[0].message, withoutMarkers(raw))
  const q = withoutMarkers(typed.output)
  if (charLength(q) > MAX_QUERY_CHARS)
    refuse(
      t().atMostChars({
        label: t().searchLabel,
        max: formatNumber(MAX_QUERY_CHARS),
        has: formatNumber(charLength(q)),
      }),
      q,
    )
  const { siteUrl } = config(c.env)
  privateNoStore(c)
  if (q === '')
    return c.html(
      <SearchPage siteUrl={siteUrl} q="" page={1} message="Type a word or two to search for." />,
    )
  const query = searchQuery(q)
  if (query === null)
    return c.html(
      <SearchPage
        siteUrl={siteUrl}
        q={q}
        page={1}
        message="There is nothing to search for in that: type a word with letters or digits."
      />,
    )
  await ensureEssayIndex(c.env.DB, c.env.ASSETS)
  const result = await searchIndex(c.env.DB, query, page)
  return c.html(
    <SearchPage siteUrl={siteUrl} q={q} page={page} hits={result.hits} total={result.total} />,
  )
}

export const searchRoutes = new Hono<AppEnv>().get('/search', search)
